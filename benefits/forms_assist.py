from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from benefits import services_assist
from benefits.models_assist import AssistanceApplication, Fund
from benefits.services_assist import sniff_upload
from core.action_forms import ActionForm
from core.forms import CaseForm
from core.roles import Role

APPLICATION_FIELDSETS = [
    (_("申请对象"), ["veteran", "family_member"]),
    (_("困难情况"), ["kind", "kind_other", "cause", "hardship_on", "applied_on", "hardship", "amount_requested"]),
    (_("超期特批（局机关填写）"), ["late_override", "late_reason"]),
    (_("备注"), ["note"]),
]


class AssistanceApplicationForm(CaseForm):
    class Meta:
        model = AssistanceApplication
        fields = [name for _title, names in APPLICATION_FIELDSETS for name in names]
        fieldsets = APPLICATION_FIELDSETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.user, "role", None) != Role.STAFF:
            # Only the bureau overrides the one-year rule: a clerk sees the fields but cannot set them.
            for name in ("late_override", "late_reason"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("困难发生超过一年的，须由局机关工作人员特批")


class ApplicationUploadForm(AssistanceApplicationForm):
    """The application's page form: the application and, optionally, one scanned document with it."""

    attachment_title = forms.CharField(label=_("材料名称"), max_length=60, required=False,
                                       help_text=_("如：诊断证明、住院费用清单；上传文件时填写"))
    attachment_file = forms.FileField(label=_("上传材料"), required=False,
                                      help_text=_("PDF或JPG、PNG图片，不超过5MB；修改申请时可继续上传"))

    class Meta(AssistanceApplicationForm.Meta):
        fieldsets = [*APPLICATION_FIELDSETS, (_("申请材料"), ["attachment_title", "attachment_file"])]

    def clean_attachment_file(self):
        upload = self.cleaned_data.get("attachment_file")
        if upload:
            try:
                sniff_upload(upload)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["file"]) from exc
        return upload

    def clean(self):
        data = super().clean()
        if data.get("attachment_file") and not (data.get("attachment_title") or "").strip():
            self.add_error("attachment_title", _("上传材料时请填写材料名称。"))
        return data


class ApproveForm(ActionForm):
    amount_approved = forms.DecimalField(label=_("批准金额（元）"), max_digits=12, decimal_places=2, min_value=0.01)
    approved_on = forms.DateField(label=_("批准日期"))
    remark = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount_approved"].initial = self.obj.amount_requested
        self.fields["amount_approved"].help_text = _("申请金额%(asked)s元；批准金额可与申请金额不同") % {
            "asked": self.obj.amount_requested}


class PayForm(ActionForm):
    fund = forms.ModelChoiceField(label=_("支出经费"), queryset=Fund.objects.none(),
                                  help_text=_("余额不足以支付批准金额的经费不能选用"))
    paid_on = forms.DateField(label=_("发放日期"))
    remark = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        funds = Fund.objects.visible_to(self.user).order_by("-year", "kind", "source", "id")
        self.fields["fund"].queryset = funds
        self.fields["fund"].label_from_instance = lambda f: f"{f}（余额{f.balance}元）"
        self.fields["fund"].error_messages["invalid_choice"] = _("所选经费不存在或不在您的管辖范围内。")


class FundPayForm(ActionForm):
    """登记发放 of a payment charged whole to one fund (a 优抚 batch, a payment roll): the funds covering the
    record's area, the one of the record's default kind and year with the most left chosen first."""

    fund = forms.ModelChoiceField(label=_("列支经费"), queryset=Fund.objects.none(),
                                  help_text=_("从所选经费支出本次发放总额；余额不足的不能发放"))
    remark = forms.CharField(label=_("说明"), required=False, help_text=_("如：已送银行代发"))

    def payment(self):
        """(amount, fund kind, year) of the record; the subclass says."""
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount, kind, year = self.payment()
        area = self.obj.area_id
        field = self.fields["fund"]
        field.queryset = services_assist.funds_for(area, self.user).select_related("area").order_by("-year", "kind", "source", "id")
        field.label_from_instance = lambda f: f"{f}（{f.area}，余额{f.balance}元）"
        field.error_messages["invalid_choice"] = _("所选经费不存在或不在您的管辖范围内。")
        chosen = self.obj.fund if self.obj.fund_id else services_assist.default_fund(area, kind, year, amount, self.user)
        field.initial = chosen.pk if chosen else None
        field.help_text = _("本次发放合计%(amount)s元；从所选经费支出，余额不足的不能发放") % {"amount": amount}
