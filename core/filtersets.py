"""FilterSet base: a search box over `search_fields` and an area filter that
includes everything inside the chosen area, limited to the user's own."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Area


class CaseFilterSet(django_filters.FilterSet):
    search_fields = ()

    q = django_filters.CharFilter(label=_("搜索"), method="filter_search",
                                  widget=forms.TextInput(attrs={"placeholder": _("输入关键字"), "type": "search"}))
    within = django_filters.ModelChoiceFilter(label=_("区划"), queryset=Area.objects.none(), method="filter_within")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        areas = Area.objects.visible_to(user).filter(level__lte=4) if user else Area.objects.none()
        self.filters["within"].queryset = areas
        self.form.fields["within"].queryset = areas
        self.form.order_fields(["q", "within"])
        for form_field in self.form.fields.values():
            if isinstance(form_field.widget, forms.NullBooleanSelect):  # "未知" reads oddly as a filter
                form_field.widget.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{lookup: value}) for lookup in self.search_fields)))

    def filter_within(self, queryset, name, value):
        return queryset.inside(value.code) if value else queryset


class ServiceStationFilterSet(CaseFilterSet):
    search_fields = ("name__icontains", "head__icontains", "address__icontains")
    star_rating = django_filters.ChoiceFilter(label=_("星级"), choices=[(n, f"{n}星") for n in range(1, 6)])

    class Meta:
        from core.models import ServiceStation

        model = ServiceStation
        fields = ["level", "star_rating", "is_red_station", "has_honour_wall"]


class StationInspectionFilterSet(CaseFilterSet):
    search_fields = ("station__name__icontains", "inspector__icontains", "findings__icontains")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期自"),
                                           widget=forms.DateInput(attrs={"type": "date"}))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期至"),
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        from core.models import StationInspection

        model = StationInspection
        fields = ["kind", "status"]


class StationTrainingFilterSet(CaseFilterSet):
    search_fields = ("station__name__icontains", "topic__icontains")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期自"),
                                           widget=forms.DateInput(attrs={"type": "date"}))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期至"),
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        from core.models import StationTraining

        model = StationTraining
        fields = []
