from django.utils.translation import gettext_lazy as _

from core.generic import ModelViews, RelatedBlock
from core.registry import register
from stations import filtersets, forms, ledgers, tables
from stations.models import ServiceStation, StationInspection, StationTraining


@register
class ServiceStationViews(ModelViews):
    model = ServiceStation
    filterset_class = filtersets.ServiceStationFilterSet
    table_class = tables.ServiceStationTable
    form_class = forms.ServiceStationForm
    ledger = ledgers.station_ledger
    list_select_related = ("area",)
    section = "stations"
    related = (
        RelatedBlock(_("检查与视频点验"), "stationinspection_set", tables.StationInspectionTable,
                     add_url="stations:stationinspection_add", add_param="station"),
        RelatedBlock(_("工作人员培训"), "stationtraining_set",
                     add_url="stations:stationtraining_add", add_param="station"),
    )


@register
class StationInspectionViews(ModelViews):
    model = StationInspection
    filterset_class = filtersets.StationInspectionFilterSet
    table_class = tables.StationInspectionTable
    form_class = forms.StationInspectionForm
    ledger = ledgers.inspection_ledger
    list_select_related = ("station",)
    section = "stations"


@register
class StationTrainingViews(ModelViews):
    model = StationTraining  # declarations only: its form, table, filterset and ledger follow from them
    fields = ["station", "date", "topic", "attendees"]
    list_display = ["date", "station", "topic", "attendees"]
    search_fields = ["station__name", "topic"]
    date_filter = "date"
    section = "stations"
