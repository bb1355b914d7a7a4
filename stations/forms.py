from django.utils.translation import gettext_lazy as _

from core.forms import CaseForm
from stations.models import ServiceStation, StationInspection


class ServiceStationForm(CaseForm):
    class Meta:
        model = ServiceStation
        fields = ["name", "area", "level", "established_on", "head", "phone", "address", "staff_count", "star_rating",
                  "is_red_station", "has_honour_wall", "note"]
        fieldsets = [
            (_("基本信息"), ["name", "area", "level", "established_on", "address"]),
            (_("人员"), ["head", "phone", "staff_count"]),
            (_("评定"), ["star_rating", "is_red_station", "has_honour_wall", "note"]),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].required = False

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("area")
        if area and not cleaned.get("level"):
            cleaned["level"] = min(max(area.level, 3), 5)
        return cleaned


class StationChildForm(CaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        station = self.initial.get("station")
        if station and not self.instance.pk:
            self.initial["station"] = station


class StationInspectionForm(StationChildForm):
    class Meta:
        model = StationInspection
        fields = ["station", "date", "kind", "inspector", "findings"]
        fieldsets = [(_("检查"), ["station", "date", "kind", "inspector", "findings"])]
