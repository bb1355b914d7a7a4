"""Date and time inputs a browser can hold: <input type="date"> takes only ISO 8601 (2026-12-02).

CaseForm and ActionForm give every date field these widgets (`iso_date_inputs`), so a new
model's form declares no widgets; config/formats puts ISO first among the input formats for
any other form too.
"""

from django import forms
from django.urls import reverse

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or ISO_DATETIME)


def iso_date_inputs(fields):
    """Give every date and date-time field of a form (its `fields` dict) an ISO input, keeping its attrs."""
    for form_field in fields.values():
        widget = form_field.widget
        if isinstance(form_field, forms.DateTimeField) and not isinstance(widget, (DateTimeInput, forms.HiddenInput)):
            form_field.widget = DateTimeInput(attrs={k: v for k, v in widget.attrs.items() if k != "type"})
        elif isinstance(form_field, forms.DateField) and not isinstance(widget, (DateInput, forms.HiddenInput)):
            form_field.widget = DateInput(attrs={k: v for k, v in widget.attrs.items() if k != "type"})


class RecordInput(forms.Widget):
    """Choose a record by typing: a search box whose suggestions (name, masked ID number, village,
    say) come from the record's autocomplete as the user types, and a hidden input with the chosen
    record's key.  For models whose ModelViews declare `autocomplete` (a select of every veteran
    of a county was 3,000 bare names).  The suggestions come from the same scoped queryset and
    search as the model's list."""

    template_name = "includes/record_input.html"

    def __init__(self, viewset, queryset, attrs=None):
        super().__init__(attrs)
        self.viewset, self.queryset = viewset, queryset

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        label = ""
        if value not in (None, ""):
            try:
                obj = self.viewset.autocomplete_queryset(self.queryset).filter(pk=value).first()
            except (ValueError, TypeError):
                obj = None
            label = self.viewset.autocomplete_label(obj) if obj is not None else ""
            if obj is None:
                context["widget"]["value"] = ""
        context["widget"]["label"] = label
        context["widget"]["suggest_url"] = reverse("core:record_autocomplete", args=[self.viewset.model._meta.label_lower])
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)
