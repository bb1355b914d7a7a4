import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.action_forms import ActionForm
from placement.models import PlacementCase, SunshinePost
from placement.services import next_chooser


class ConfirmScoreForm(ActionForm):
    confirmed_on = forms.DateField(label=_("本人确认日期"), initial=datetime.date.today)
    signed = forms.BooleanField(label=_("本人已在积分确认表上签字"), required=False)


class CorrectItemForm(ActionForm):
    quantity = forms.DecimalField(label=_("更正后的数量"), max_digits=6, decimal_places=1, min_value=0,
                                  help_text=_("服役年限填服役月数；奖励填次数"))
    reason = forms.CharField(label=_("更正理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("quantity", self.obj.quantity)


class AnswerForm(ActionForm):
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label=_("答复日期"), initial=datetime.date.today)


class MeetingForm(ActionForm):
    """The current candidate (fixed by the order, sent back to check nobody else chose meanwhile)."""

    candidate = forms.ModelChoiceField(queryset=PlacementCase.objects.none(), widget=forms.HiddenInput,
                                       error_messages={"required": _("本批次当前没有待选岗的对象。"),
                                                       "invalid_choice": _("该对象不在本批次中。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = next_chooser(self.obj)
        self.fields["candidate"].queryset = self.obj.candidates.all()
        if self.current is not None:
            self.initial["candidate"] = self.current.pk
            self.fields["candidate"].help_text = _("现在轮到：第%(rank)d名 %(name)s（积分%(score)s）") % {
                "rank": self.current.rank, "name": self.current.person_name, "score": self.current.score}


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, post):
        return _("%(post)s（%(kind)s，剩余%(free)d个）") % {"post": post, "kind": post.get_destination_display(), "free": post.free}


class ChooseForm(MeetingForm):
    post = PostChoiceField(label=_("所选岗位"), queryset=SunshinePost.objects.none(),
                           error_messages={"invalid_choice": _("所选岗位不属于本批次。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = self.obj.posts.order_by("id")


class SkipForm(MeetingForm):
    reason = forms.CharField(label=_("跳过原因"), max_length=200, help_text=_("如：本人未到场，电话联系不上"))


class DeclineForm(MeetingForm):
    reason = forms.CharField(label=_("说明"), max_length=200, required=False, help_text=_("放弃选岗后改为自主就业"))


def this_month():
    return datetime.date.today().replace(day=1)


class AllowanceMonthForm(ActionForm):
    month = forms.DateField(label=_("月份"), initial=this_month, help_text=_("填写该月任意一天即可，按整月登记"))
