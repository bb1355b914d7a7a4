"""The martyrs register's search: name (contains), pinyin (full or initials, as the veterans' search),
birthplace, unit, and a death date range."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filtersets import CaseFilterSet
from core.widgets import DateInput
from honors.models import Martyr, MeritNotice


class MartyrFilterSet(CaseFilterSet):
    search_fields = ("name__icontains", "birthplace__icontains", "unit__icontains", "approval_number__icontains")
    birthplace = django_filters.CharFilter(label=_("籍贯"), field_name="birthplace", lookup_expr="icontains")
    unit = django_filters.CharFilter(label=_("生前单位"), field_name="unit", lookup_expr="icontains")
    died_after = django_filters.DateFilter(label=_("牺牲日期自"), field_name="death_date", lookup_expr="gte", widget=DateInput())
    died_before = django_filters.DateFilter(label=_("牺牲日期至"), field_name="death_date", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Martyr
        fields = ["status"]

    def filter_search(self, queryset, name, value):
        value = re.sub(r"\s+", "", value or "")
        if re.fullmatch(r"[A-Za-z]+", value):  # pinyin: zs / zhangsan / zhang
            value = value.lower()
            return queryset.filter(Q(name_initials__startswith=value) | Q(name_pinyin__startswith=value))
        return super().filter_search(queryset, name, value)


class NoticeFilterSet(CaseFilterSet):
    """The notices, and those not yet delivered (送达情况 = 未送达), the overdue ones first by age."""

    search_fields = ("member_name__icontains", "household__icontains", "member_unit__icontains")
    delivery = django_filters.ChoiceFilter(label=_("送达情况"), method="filter_delivery",
                                           choices=[("pending", _("未送达")), ("done", _("已送达"))])
    received_after = django_filters.DateFilter(label=_("收到日期自"), field_name="received_on", lookup_expr="gte",
                                               widget=DateInput())
    received_before = django_filters.DateFilter(label=_("收到日期至"), field_name="received_on", lookup_expr="lte",
                                                widget=DateInput())

    class Meta:
        model = MeritNotice
        fields = ["merit_class"]

    def filter_delivery(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(delivered_on__isnull=True).order_by("received_on", "id")
        if value == "done":
            return queryset.filter(delivered_on__isnull=False)
        return queryset
