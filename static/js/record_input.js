// Record inputs (core.widgets.RecordInput): the hidden input takes the key of the suggestion whose
// text is in the search box, and is emptied while the text names no suggestion.  Picking a suggestion
// types its text, which asks the server for suggestions again; those for the whole text may be none,
// so the text last picked keeps its key (box.dataset.picked) until the text changes.
(function () {
  function sync(box) {
    var hidden = document.getElementById(box.dataset.recordSearch);
    if (!hidden || !box.list) return;
    var match = Array.prototype.find.call(box.list.options, function (o) { return o.value === box.value; });
    if (match) {
      hidden.value = match.dataset.pk;
      box.dataset.picked = box.value;
    } else if (box.value && box.value === box.dataset.picked) {
      return;
    } else if (box.value !== box.defaultValue || !box.value) hidden.value = "";
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
