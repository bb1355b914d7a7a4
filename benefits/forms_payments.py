from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from benefits.forms_assist import FundPayForm
from benefits.models import KEY_CATEGORIES, Category
from core.action_forms import ActionForm


class AddDischargedForm(ActionForm):
    discharged_from = forms.DateField(label=_("退役起始日期"))
    discharged_to = forms.DateField(label=_("退役截止日期"))


class AddKeyForm(ActionForm):
    amount = forms.DecimalField(label=_("每人金额（元）"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01"), message=_("金额须大于0。"))],
                                error_messages={"invalid": _("请填写金额，如 500 或 500.00。")})
    categories = forms.MultipleChoiceField(label=_("优抚类别"), required=False, widget=forms.CheckboxSelectMultiple,
                                           choices=[(c.value, c.label) for c in Category if c in KEY_CATEGORIES],
                                           help_text=_("不选则为全部重点优抚对象"))
    content = forms.CharField(label=_("内容"), max_length=200, required=False)


class PayForm(FundPayForm):
    def payment(self):
        return self.obj.total(), self.obj.rule.fund_kind, self.obj.year
