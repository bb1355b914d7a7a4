from django import forms

from core.widgets import iso_date_inputs


class ActionForm(forms.Form):
    """Base of an ObjectAction's form: knows the record and the user."""

    def __init__(self, *args, obj, user, **kwargs):
        self.obj, self.user = obj, user
        super().__init__(*args, **kwargs)
        iso_date_inputs(self.fields)
