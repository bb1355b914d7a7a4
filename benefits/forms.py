from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.models import EndReason, Entitlement
from core.action_forms import ActionForm
from core.forms import CaseForm

ENTITLEMENT_FIELDSETS = [
    (_("享受人"), ["veteran", "family_member", "category", "household"]),
    (_("伤残情况"), ["disability_grade", "disability_cause", "disabled_period"]),
    (_("认定与发放"), ["certificate_number", "certificate_date", "approved_on", "approval_document", "bank_name",
                    "bank_account"]),
    (_("备注"), ["note"]),
]


class EntitlementForm(CaseForm):
    class Meta:
        model = Entitlement
        fields = [name for _title, names in ENTITLEMENT_FIELDSETS for name in names]
        fieldsets = ENTITLEMENT_FIELDSETS


class EndForm(ActionForm):
    ended_on = forms.DateField(label=_("终止日期"))
    end_reason = forms.ChoiceField(label=_("终止原因"), choices=EndReason.choices)
    note = forms.CharField(label=_("说明"), required=False)
