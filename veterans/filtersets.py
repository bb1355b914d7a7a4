import datetime
import re

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import AreaFilter, CaseFilterSet
from core.search import limit_message, log_number_search, number_kind
from core.widgets import DateInput
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PoliticalStatus,
    PreferentialCard,
    Veteran,
    VeteranArchive,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
    archive_workflow,
    card_workflow,
)

AGE_BANDS = [("-29", _("30岁以下")), ("30-39", _("30-39岁")), ("40-49", _("40-49岁")), ("50-59", _("50-59岁")),
             ("60-69", _("60-69岁")), ("70-79", _("70-79岁")), ("80-", _("80岁及以上"))]


def search_person(queryset, value, prefix="", *, user=None):
    """Name, pinyin (zs / zhangsan), the whole ID number or phone, or their last digits.

    Digits find the whole number for every role; the last 4 or 6 only for roles that may reveal
    (REVEAL_ROLES); any other part of a number finds nothing.  A tail
    search of 3 digits and up let a village clerk rebuild a masked ID number in 54 requests."""
    value = re.sub(r"\s+", "", value or "")
    if not value:
        return queryset
    p = prefix
    if re.fullmatch(r"[A-Za-z]+", value):
        value = value.lower()
        return queryset.filter(Q(**{f"{p}name_initials__startswith": value}) | Q(**{f"{p}name_pinyin__startswith": value}))
    kind = number_kind(value, user)
    value = value.upper()
    if kind == "id":
        return queryset.filter(**{f"{p}id_number": value})
    if kind == "phone":
        return queryset.filter(**{f"{p}phone": value.removeprefix("+86")})
    if kind == "tail":
        condition = Q(**{f"{p}id_number__endswith": value})
        if value.isdigit():
            condition |= Q(**{f"{p}phone__endswith": value})
        return queryset.filter(condition)
    if kind in ("refused", "limited"):
        return queryset.none()
    return queryset.filter(**{f"{p}name__contains": value})


class PersonSearchMixin:
    person_prefix = ""

    def filter_search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if log_number_search(self.request, queryset.model, value) == "limited":
            messages.warning(self.request, limit_message())
        return search_person(queryset, value, self.person_prefix, user=user)


class VeteranFilterSet(PersonSearchMixin, CaseFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search", widget=forms.TextInput(
        attrs={"placeholder": _("姓名、拼音、完整身份证号或电话"), "type": "search"}))
    village = AreaFilter(label=_("村居"), level=5)
    card_status = django_filters.ChoiceFilter(label=_("优待证"), method="filter_card",
                                              choices=[("none", _("未申请"))] + card_workflow.choices)
    archive_status = django_filters.ChoiceFilter(label=_("档案"), method="filter_archive",
                                                 choices=[("none", _("未接收"))] + archive_workflow.choices)
    party = django_filters.ChoiceFilter(label=_("党员"), method="filter_party", choices=[("yes", _("党员")), ("no", _("非党员"))])
    age_band = django_filters.ChoiceFilter(label=_("年龄段"), method="filter_age", choices=AGE_BANDS)

    class Meta:
        model = Veteran
        fields = ["discharge_category", "status", "documented"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.form.fields["status"].label = _("状态")

    def filter_card(self, queryset, name, value):
        return queryset.filter(card__isnull=True) if value == "none" else queryset.filter(card__status=value)

    def filter_archive(self, queryset, name, value):
        return queryset.filter(archive__isnull=True) if value == "none" else queryset.filter(archive__status=value)

    def filter_party(self, queryset, name, value):
        members = Q(political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY])
        return queryset.filter(members) if value == "yes" else queryset.exclude(members)

    def filter_age(self, queryset, name, value):
        """A band "low-high" holds the ages low..high inclusive; either end may be open."""
        today = datetime.date.today()
        low, high = value.split("-")

        def born_before(years):  # born on or before this date -> at least `years` old
            try:
                return today.replace(year=today.year - years)
            except ValueError:
                return today.replace(year=today.year - years, day=28)

        if low:
            queryset = queryset.filter(birth_date__lte=born_before(int(low)))
        if high:
            queryset = queryset.filter(birth_date__gt=born_before(int(high) + 1))
        return queryset


class FamilyMemberFilterSet(PersonSearchMixin, CaseFilterSet):
    class Meta:
        model = FamilyMember
        fields = ["relationship", "is_military_spouse", "is_martyr_child"]

    def filter_search(self, queryset, name, value):
        """A name, the veteran's name, or the whole ID number or its allowed tail (core/search.py rules)."""
        value = value.strip()
        condition = Q(name__contains=value) | Q(veteran__name__contains=value)
        if log_number_search(self.request, queryset.model, value) == "limited":
            messages.warning(self.request, limit_message())
        kind = number_kind(re.sub(r"\s+", "", value), getattr(self.request, "user", None))
        if kind == "id":
            condition |= Q(id_number=value.upper())
        elif kind == "tail":
            condition |= Q(id_number__endswith=value.upper())
        return queryset.filter(condition)


class PreferentialCardFilterSet(PersonSearchMixin, CaseFilterSet):
    person_prefix = "veteran__"

    class Meta:
        model = PreferentialCard
        fields = ["status"]


class VeteranArchiveFilterSet(PersonSearchMixin, CaseFilterSet):
    person_prefix = "veteran__"

    class Meta:
        model = VeteranArchive
        fields = ["status"]


class AnnualCheckFilterSet(PersonSearchMixin, CaseFilterSet):
    person_prefix = "veteran__"

    class Meta:
        model = AnnualCheck
        fields = ["year", "result"]


class VolunteerTeamFilterSet(CaseFilterSet):
    search_fields = ("name__contains", "leader__contains")

    class Meta:
        model = VolunteerTeam
        fields = ["kind"]


class VolunteerMemberFilterSet(PersonSearchMixin, CaseFilterSet):
    person_prefix = "veteran__"

    class Meta:
        model = VolunteerMember
        fields = ["team"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        teams = VolunteerTeam.objects.visible_to(user) if user else VolunteerTeam.objects.none()
        self.filters["team"].queryset = teams
        self.form.fields["team"].queryset = teams


class VolunteerActivityFilterSet(CaseFilterSet):
    search_fields = ("title__contains", "place__contains", "team__name__contains")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期自"), widget=DateInput())
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期至"), widget=DateInput())

    class Meta:
        model = VolunteerActivity
        fields = ["kind"]
