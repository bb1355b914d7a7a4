from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.forms_assist import FundPayForm
from benefits.models_batches import ConfirmationCampaign, PaymentBatch, PaymentLine
from core.action_forms import ActionForm
from core.forms import CaseForm


class CampaignForm(CaseForm):
    class Meta:
        model = ConfirmationCampaign
        fields = ["area", "year", "name", "deadline", "note"]


class BatchForm(CaseForm):
    class Meta:
        model = PaymentBatch
        fields = ["area", "year", "period", "first_month", "name", "fund", "note"]


class ConfirmForm(ActionForm):
    alive = forms.BooleanField(label=_("本人健在"), required=False)
    eligible = forms.BooleanField(label=_("仍符合享受条件"), required=False)
    unchanged = forms.BooleanField(label=_("户籍、银行账号等信息无变化"), required=False)
    remark = forms.CharField(label=_("备注"), max_length=200, required=False, help_text=_("如：本人在家，入户核实"))


class ReviewForm(ActionForm):
    remark = forms.CharField(label=_("审核意见"), max_length=100, required=False)


class CloseForm(ActionForm):
    confirm = forms.BooleanField(label=_("确认截止：未确认的优抚对象将暂停发放"), required=True)

    def clean(self):
        data = super().clean()
        data.pop("confirm", None)
        return data


class ComputeForm(ActionForm):
    """No input: the computation reads the entitlements, confirmations and standards."""

    confirm = forms.BooleanField(label=_("按现行标准（重新）计算本批次发放明细"), required=True)

    def clean(self):
        data = super().clean()
        data.pop("confirm", None)
        return data


class ReconcileForm(ActionForm):
    statement_number = forms.CharField(label=_("银行回单号"), max_length=60)
    rejected_lines = forms.ModelMultipleChoiceField(label=_("退票人员"), queryset=PaymentLine.objects.none(), required=False,
                                                    widget=forms.CheckboxSelectMultiple,
                                                    help_text=_("勾选银行退回的账户；下一批次自动重发"))
    reject_reason = forms.CharField(label=_("退票原因"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # one box a person (their first line of the batch)
        lines = PaymentLine.objects.filter(batch=self.obj, rejected=False).order_by("entitlement_id", "month", "kind")
        firsts = {}
        for pk, entitlement in lines.values_list("pk", "entitlement_id")[:5000]:
            firsts.setdefault(entitlement, pk)
        field = self.fields["rejected_lines"]
        field.queryset = PaymentLine.objects.filter(pk__in=firsts.values()).select_related(
            "entitlement__veteran", "entitlement__family_member")
        field.label_from_instance = lambda line: f"{line.entitlement.beneficiary_name}（{line.entitlement.get_category_display()}）"


class PayForm(FundPayForm):
    def payment(self):
        return self.obj.total_amount, self.obj.fund_kind, self.obj.year
