import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.action_forms import ActionForm
from core.formfields import PhoneFormField
from core.forms import CaseForm
from petitions import limits
from petitions.models import Outcome, Petition, Petitioner, Referral
from veterans.models import Veteran

COUNTING = _("期限按自然日计算：事件当日不计入，自次日起算，末日遇节假日不顺延。")


class PetitionForm(CaseForm):
    """A petition's own fields (its edit page; the petitioners are records of their own)."""

    class Meta:
        model = Petition
        fields = ["received_on", "channel", "area", "people", "batches", "category", "matter", "first_petition", "note"]
        fieldsets = [(_("信访事项"), fields)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = datetime.date.today
        self.fields["received_on"].help_text = _("收到信访事项的日期；应在%(n)d日内决定是否受理。%(c)s") % {
            "n": limits.ACCEPT_DAYS, "c": COUNTING}


class PetitionRegisterForm(PetitionForm):
    """Registering a petition (登记), with its first petitioner (petitions.services.petition_create)."""

    petitioner_name = forms.CharField(label=_("信访人姓名"), max_length=30, required=False,
                                      help_text=_("多人来访时填写代表人，其余信访人登记后在详情页添加"))
    petitioner_phone = PhoneFormField(label=_("信访人电话"), required=False)
    petitioner_veteran = forms.ModelChoiceField(label=_("信访人为在册退役军人"), queryset=Veteran.objects.none(),
                                                required=False, help_text=_("输入姓名、拼音或身份证号后4位选择，可留空"))
    petitioner_relation = forms.CharField(label=_("信访人身份"), max_length=30, required=False,
                                          help_text=_("如：退役士兵、烈士遗属、军人家属"))

    class Meta(PetitionForm.Meta):
        fields = [*PetitionForm.Meta.fields, "petitioner_name", "petitioner_phone", "petitioner_veteran",
                  "petitioner_relation"]
        fieldsets = [
            (_("信访事项"), PetitionForm.Meta.fields),
            (_("信访人"), ["petitioner_name", "petitioner_phone", "petitioner_veteran", "petitioner_relation"]),
        ]


class PetitionerForm(CaseForm):
    class Meta:
        model = Petitioner
        fields = ["petition", "name", "phone", "veteran", "relation"]
        fieldsets = [(_("信访人"), fields)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("veteran") and not cleaned.get("name"):
            cleaned["name"] = cleaned["veteran"].name
            self.errors.pop("name", None)
        return cleaned


class ReferralForm(CaseForm):
    class Meta:
        model = Referral
        fields = ["petition", "kind", "referred_on", "organisation", "status", "result", "finished_on"]
        fieldsets = [(_("法律援助与调解"), fields)]


def today():
    return datetime.date.today()


class AcceptForm(ActionForm):
    accepted_on = forms.DateField(label=_("受理日期"), initial=today,
                                  help_text=_("自受理次日起%(n)d日内答复。") % {"n": limits.ANSWER_DAYS})
    remark = forms.CharField(label=_("说明"), required=False)


class RejectForm(ActionForm):
    rejected_on = forms.DateField(label=_("不予受理日期"), initial=today)
    reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("将书面告知信访人"))


class AssignForm(ActionForm):
    handler = forms.CharField(label=_("承办单位"), max_length=80, help_text=_("如：优抚科、安置就业科、某某镇人民政府"))
    remark = forms.CharField(label=_("交办要求"), required=False)


class ExtendForm(ActionForm):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=limits.MAX_EXTENSION_DAYS,
                              help_text=_("情况复杂的经批准可延长一次，不超过%(n)d日。") % {"n": limits.MAX_EXTENSION_DAYS},
                              error_messages={"max_value": _("延长期限不得超过%(limit_value)s日。"),
                                              "min_value": _("延长天数至少为%(limit_value)s日。")})
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("延期须填写理由，并告知信访人。")})


class AnswerForm(ActionForm):
    answered_on = forms.DateField(label=_("答复日期"), initial=today)
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(ActionForm):
    closed_on = forms.DateField(label=_("办结日期"), initial=today)
    outcome = forms.ChoiceField(label=_("化解情况"), choices=Outcome.choices)
    remark = forms.CharField(label=_("说明"), required=False)


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=_("化解情况"), choices=Outcome.choices)
    resolved_on = forms.DateField(label=_("日期"), initial=today)
    remark = forms.CharField(label=_("说明"), required=False)


class RequestForm(ActionForm):
    requested_on = forms.DateField(label=_("申请日期"), initial=today,
                                   help_text=_("应自收到书面意见之日起%(n)d日内提出；%(c)s") % {"n": limits.REQUEST_DAYS, "c": COUNTING})
    remark = forms.CharField(label=_("说明"), required=False)


class DecideReviewForm(ActionForm):
    reviewed_on = forms.DateField(label=_("复查日期"), initial=today)
    opinion = forms.CharField(label=_("复查意见"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideRecheckForm(ActionForm):
    rechecked_on = forms.DateField(label=_("复核日期"), initial=today)
    opinion = forms.CharField(label=_("复核意见"), widget=forms.Textarea(attrs={"rows": 4}))
