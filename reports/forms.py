import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AreaChoiceField
from reports.models import SummaryKind
from reports.services import summary_areas


def default_choice(today=None):
    """The last finished period: the first half of this year from July, else last year."""
    today = today or datetime.date.today()
    return ("half", today.year) if today.month >= 7 else ("annual", today.year - 1)


class SummaryChoiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=SummaryKind.choices)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    area = AreaChoiceField(label=_("区划"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = datetime.date.today().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, this_year - 8, -1)]
        self.fields["area"].queryset = summary_areas(user)
        kind, year = default_choice()
        self.fields["kind"].initial, self.fields["year"].initial = kind, year
        self.fields["area"].initial = user.area_id
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SummaryTextForm(forms.Form):
    opening = forms.CharField(label=_("开头语"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    problems = forms.CharField(label=_("二、存在问题"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                               help_text=_("每段一行；默认取上一期同一区划的内容，请修改"))
    plans = forms.CharField(label=_("三、下步打算"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                            help_text=_("每段一行；默认取上一期同一区划的内容，请修改"))

    allow_empty = forms.BooleanField(label=_("仍然生成（未填写的部分在文档中标注“（待填写）”）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def current(self, name):
        """What the field holds now: the typed text of a bound form, else its initial value."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        return self.initial.get(name, "")
