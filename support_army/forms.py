"""The forms of the 双拥 app's actions (core.generic.ObjectAction): several recipients at once, the on-site
inspection and the approval of a shop or a 优待清单 item."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from core.action_forms import ActionForm
from support_army.models import RecipientKind

NON_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("金额不能为负数。"))]


class AddRecipientsForm(ActionForm):
    kind = forms.ChoiceField(label=_("对象类别"), choices=[(RecipientKind.VETERAN, RecipientKind.VETERAN.label),
                                                       (RecipientKind.BENEFICIARY, RecipientKind.BENEFICIARY.label)],
                             initial=RecipientKind.BENEFICIARY)
    people = forms.CharField(label=_("慰问对象"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("每行一人：姓名；重名时在姓名后加空格和身份证号后4位，如“张三 1234”"))
    cash = forms.DecimalField(label=_("每人慰问金（元）"), max_digits=12, decimal_places=2, initial=Decimal("0"),
                              validators=NON_NEGATIVE, error_messages={"invalid": _("请填写金额，如 500 或 500.00。")})
    goods = forms.CharField(label=_("慰问品"), max_length=100, required=False)
    goods_value = forms.DecimalField(label=_("每人慰问品价值（元）"), max_digits=12, decimal_places=2, required=False,
                                     validators=NON_NEGATIVE)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("goods") or "").strip() and not cleaned.get("goods_value") and "goods_value" not in self.errors:
            self.add_error("goods_value", _("填写了慰问品，须填写慰问品价值。"))
        return cleaned


class InspectForm(ActionForm):
    inspected_on = forms.DateField(label=_("实地核查日期"), initial=datetime.date.today)
    inspector = forms.CharField(label=_("核查人"), max_length=60)
    inspection_note = forms.CharField(label=_("核查情况"), max_length=200, required=False)


class ApproveForm(ActionForm):
    batch = forms.IntegerField(label=_("批次（第几批）"), min_value=1, max_value=99,
                               help_text=_("填数字：1为第一批，2为第二批"))
    approved_on = forms.DateField(label=_("批准日期"), initial=datetime.date.today)
    remark = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = type(self.obj)
        latest = model.objects.filter(area_id=self.obj.area_id).aggregate(n=Max("batch"))["n"]
        self.fields["batch"].initial = latest or 1


class SolveForm(ActionForm):
    solved_on = forms.DateField(label=_("解决日期"), initial=datetime.date.today,
                                help_text=_("问题实际解决的日期，不能晚于今天"))
    remark = forms.CharField(label=_("解决情况"), max_length=200)
