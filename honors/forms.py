"""The forms of the 褒扬纪念 actions (core.generic.ObjectAction)."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.action_forms import ActionForm


class PlaqueReplaceForm(ActionForm):
    replaced_on = forms.DateField(label=_("更换日期"), initial=datetime.date.today)
    reason = forms.ChoiceField(label=_("更换原因"), choices=[("搬迁", _("搬迁")), ("损坏", _("损坏")), ("其他", _("其他"))])
    address = forms.CharField(label=_("新悬挂地址"), max_length=200, required=False, help_text=_("搬迁时填写"))


class NoticeDeliverForm(ActionForm):
    delivered_on = forms.DateField(label=_("送达日期"), initial=datetime.date.today)
    delivered_by = forms.CharField(label=_("送达人"), max_length=60)
    ceremony = forms.CharField(label=_("送达形式"), max_length=100, required=False, help_text=_("如：敲锣打鼓送喜报上门"))
    reward = forms.DecimalField(label=_("奖励金（元）"), max_digits=12, decimal_places=2, required=False,
                                validators=[MinValueValidator(Decimal("0"), message=_("金额不能为负数。"))])
