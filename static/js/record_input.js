// Record inputs (core.widgets.RecordInput): the hidden input takes the key of the suggestion whose
// text is in the search box, and is emptied while the text names no suggestion.
(function () {
  function sync(box) {
    var hidden = document.getElementById(box.dataset.recordSearch);
    if (!hidden || !box.list) return;
    var match = Array.prototype.find.call(box.list.options, function (o) { return o.value === box.value; });
    if (match) hidden.value = match.dataset.pk;
    else if (box.value !== box.defaultValue || !box.value) hidden.value = "";
  }
  ["input", "change"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      if (event.target.matches && event.target.matches("[data-record-search]")) sync(event.target);
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = document.querySelector('[list="' + event.target.id + '"][data-record-search]');
    if (box && box.value !== box.defaultValue) sync(box);
  });
})();
