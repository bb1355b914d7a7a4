import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import CaseFilterSet
from core.widgets import DateInput
from stations.models import ServiceStation, StationInspection


class ServiceStationFilterSet(CaseFilterSet):
    search_fields = ("name__icontains", "head__icontains", "address__icontains")
    star_rating = django_filters.ChoiceFilter(label=_("星级"), choices=[(n, f"{n}星") for n in range(1, 6)])

    class Meta:
        model = ServiceStation
        fields = ["level", "star_rating", "is_red_station", "has_honour_wall"]


class StationInspectionFilterSet(CaseFilterSet):
    search_fields = ("station__name__icontains", "inspector__icontains", "findings__icontains")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期自"),
                                           widget=DateInput())
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期至"),
                                            widget=DateInput())

    class Meta:
        model = StationInspection
        fields = ["kind", "status"]
