"""How the permission walk makes one record of each registered model inside township 1.

Every registered model needs an entry here; apps add theirs as they land.
"""

from core.fields import is_sensitive
from core.models import AccessKind, AccessLog
from reports.models import SummaryRun
from tests.factories import (
    FamilyMemberFactory,
    ServiceStationFactory,
    StationInspectionFactory,
    StationTrainingFactory,
    VeteranFactory,
    VolunteerTeamFactory,
)
from veterans.models import AnnualCheck, PreferentialCard, VeteranArchive, VolunteerActivity, VolunteerMember


def station(tree, users):
    return ServiceStationFactory(area=tree["village11"], phone="13912348765")


OBJECT_MAKERS = {
    "stations.servicestation": station,
    "stations.stationinspection": lambda tree, users: StationInspectionFactory(station=station(tree, users)),
    "stations.stationtraining": lambda tree, users: StationTrainingFactory(station=station(tree, users)),
    "core.area": lambda tree, users: tree["village11"],
    "core.user": lambda tree, users: users["clerk"],
    "core.accesslog": lambda tree, users: AccessLog.objects.create(
        kind=AccessKind.LOGIN_OK, username="clerk", area_code=tree["township1"].code),
    "veterans.veteran": lambda tree, users: VeteranFactory(area=tree["village11"]),
    "veterans.familymember": lambda tree, users: FamilyMemberFactory(veteran=VeteranFactory(area=tree["village11"])),
    "veterans.preferentialcard": lambda tree, users: PreferentialCard.objects.create(veteran=VeteranFactory(area=tree["village11"])),
    "veterans.veteranarchive": lambda tree, users: VeteranArchive.objects.create(veteran=VeteranFactory(area=tree["village11"])),
    "veterans.annualcheck": lambda tree, users: AnnualCheck.objects.create(veteran=VeteranFactory(area=tree["village11"]), year=2025),
    "veterans.volunteerteam": lambda tree, users: VolunteerTeamFactory(area=tree["village11"]),
    "veterans.volunteermember": lambda tree, users: VolunteerMember.objects.create(
        team=VolunteerTeamFactory(area=tree["village11"]), veteran=VeteranFactory(area=tree["village11"])),
    "veterans.volunteeractivity": lambda tree, users: VolunteerActivity.objects.create(
        team=VolunteerTeamFactory(area=tree["village11"]), date="2025-05-01", title="清明祭扫", participants=20, service_hours=40),
    "reports.summaryrun": lambda tree, users: SummaryRun.objects.create(
        kind="half", year=2025, area=tree["township1"], requested_by=users["clerk"]),
}


def sensitive_values(obj):
    """Full values of the sensitive fields of a case record and its parents, to look for in pages."""
    values = []
    seen = set()

    def collect(record):
        if record is None or id(record) in seen:
            return
        seen.add(id(record))
        for field in record._meta.concrete_fields:
            if is_sensitive(field) and getattr(record, field.attname):
                values.append(getattr(record, field.attname))
            elif field.is_relation and field.related_model is not None and record._meta.label_lower != "core.user":
                if hasattr(field.related_model, "area_path"):
                    collect(getattr(record, field.name))

    if obj._meta.label_lower != "core.user":
        collect(obj)
    return values
