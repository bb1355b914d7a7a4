import django_tables2 as tables

from core.tables import CaseTable
from stations.models import ServiceStation, StationInspection


class ServiceStationTable(CaseTable):
    name = tables.Column(linkify=True)
    area = tables.Column(verbose_name="所属区划")

    class Meta(CaseTable.Meta):
        model = ServiceStation
        fields = ("name", "area", "level", "head", "phone", "staff_count", "star_rating", "is_red_station", "has_honour_wall")


class StationInspectionTable(CaseTable):
    date = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = StationInspection
        fields = ("date", "station", "kind", "inspector", "findings", "status")
