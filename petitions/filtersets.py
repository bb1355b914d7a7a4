"""The petitions' list filters.  The search box finds the matter's words for every role; a petitioner
by the whole name or the whole phone number only for roles that may reveal (REVEAL_ROLES), since a
name or a number that finds a petition tells a masked one; such searches go to the access log."""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import log_access
from core.filtersets import CaseFilterSet
from core.models import AccessKind
from core.search import log_number_search, number_kind
from core.widgets import DateInput
from petitions.models import OPEN_STATES, Petition, Petitioner, Referral, petition_workflow

NAME = re.compile(r"[\u4e00-\u9fff·]{2,10}")


def search_petitions(queryset, value, *, user=None, request=None):
    """Petitions whose matter holds `value`; for revealing roles also those of a petitioner of that
    whole name or whole phone number."""
    value = re.sub(r"\s+", "", value or "")
    if not value:
        return queryset
    condition = Q(matter__icontains=value)
    if getattr(user, "can_reveal", False):
        kind = number_kind(value, user)
        people = Petitioner.objects.none()
        if kind == "phone":
            people = Petitioner.objects.filter(phone=value.removeprefix("+86"))
            if request is not None:
                log_number_search(request, Petition, value)
        elif NAME.fullmatch(value):
            people = Petitioner.objects.filter(name=value)
            if request is not None:
                log_access(request, AccessKind.SEARCH, target=str(Petition._meta.verbose_name),
                           detail={"q": value[0] + "*" * (len(value) - 1), "kind": "name"})
        condition |= Q(pk__in=people.values("petition_id"))
    return queryset.filter(condition)


class PetitionFilterSet(CaseFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search", widget=forms.TextInput(
        attrs={"placeholder": _("信访事项关键字；局机关可按信访人全名或电话"), "type": "search"}))
    status = django_filters.ChoiceFilter(label=_("办理状态"), choices=petition_workflow.choices)
    overdue = django_filters.BooleanFilter(label=_("超期未办"), method="filter_overdue")
    date_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("登记日期自"),
                                           widget=DateInput())
    date_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("登记日期至"),
                                            widget=DateInput())

    class Meta:
        model = Petition
        fields = ["status", "channel", "category", "collective", "outcome"]

    def filter_search(self, queryset, name, value):
        return search_petitions(queryset, value, user=getattr(self.request, "user", None), request=self.request)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=OPEN_STATES, due_on__lt=datetime.date.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class PetitionerFilterSet(CaseFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search", widget=forms.TextInput(
        attrs={"placeholder": _("信访事项关键字；局机关可按全名或电话"), "type": "search"}))

    class Meta:
        model = Petitioner
        fields = []

    def filter_search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        value = re.sub(r"\s+", "", value or "")
        if not value:
            return queryset
        condition = Q(petition__matter__icontains=value)
        if getattr(user, "can_reveal", False):
            if number_kind(value, user) == "phone":
                log_number_search(self.request, Petitioner, value)
                condition |= Q(phone=value.removeprefix("+86"))
            elif NAME.fullmatch(value):
                log_access(self.request, AccessKind.SEARCH, target=str(Petitioner._meta.verbose_name),
                           detail={"q": value[0] + "*" * (len(value) - 1), "kind": "name"})
                condition |= Q(name=value)
        return queryset.filter(condition)


class ReferralFilterSet(CaseFilterSet):
    search_fields = ("organisation__icontains", "result__icontains", "petition__matter__icontains")
    date_after = django_filters.DateFilter(field_name="referred_on", lookup_expr="gte", label=_("转介日期自"),
                                           widget=DateInput())
    date_before = django_filters.DateFilter(field_name="referred_on", lookup_expr="lte", label=_("转介日期至"),
                                            widget=DateInput())

    class Meta:
        model = Referral
        fields = ["kind", "status"]
