"""Form fields of the sensitive model fields (core.fields): forgiving input, Chinese messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import idnumber


class IDNumberFormField(forms.CharField):
    """Accepts full-width digits, spaces and a lowercase x; refuses bad check digits and 15-digit numbers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("18位，末位可为X；出生日期和性别将自动识别"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return idnumber.clean_id_number(value) if value else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "inputmode": "text", "maxlength": "21"})
        return attrs


class PhoneFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return idnumber.clean_phone(value) if value else value
