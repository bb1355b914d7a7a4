"""Date and time inputs a browser can hold: <input type="date"> takes only ISO 8601 (2026-12-02).

CaseForm and ActionForm give every date field these widgets (`iso_date_inputs`), so a new
model's form declares no widgets; config/formats puts ISO first among the input formats for
any other form too.
"""

from django import forms

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
