import django_tables2 as tables

from core.tables import CaseTable
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PreferentialCard,
    Veteran,
    VeteranArchive,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)


class VeteranTable(CaseTable):
    name = tables.Column(linkify=True)
    township = tables.Column(verbose_name="镇街", accessor="area__parent__name", order_by=("area_id",))
    area = tables.Column(verbose_name="村居")
    card = tables.Column(verbose_name="优待证", accessor="card__status", orderable=False)

    class Meta(CaseTable.Meta):
        model = Veteran
        fields = ("name", "sex", "id_number", "phone", "township", "area", "discharge_category", "discharge_date", "political_status",
                  "card", "status")

    def render_card(self, record):
        card = getattr(record, "card", None) if hasattr(record, "card") else None
        return card.get_status_display() if card else "—"


class VeteranChildTable(CaseTable):
    veteran = tables.Column(linkify=True)


class FamilyMemberTable(VeteranChildTable):
    name = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = FamilyMember
        fields = ("name", "relationship", "veteran", "id_number", "phone", "is_military_spouse", "is_martyr_child")


class PreferentialCardTable(VeteranChildTable):
    status = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = PreferentialCard
        fields = ("veteran", "number", "status", "applied_on", "issued_on", "activated_on", "lost_on", "reissued_on", "cancelled_on")


class VeteranArchiveTable(VeteranChildTable):
    status = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = VeteranArchive
        fields = ("veteran", "status", "received_on", "sender", "reviewed_on", "transferred_on", "transferred_to")


class AnnualCheckTable(VeteranChildTable):
    year = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = AnnualCheck
        fields = ("year", "veteran", "checked_on", "result", "note")


class VolunteerTeamTable(CaseTable):
    name = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = VolunteerTeam
        fields = ("name", "kind", "area", "leader", "phone", "founded_on")


class VolunteerMemberTable(VeteranChildTable):
    team = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = VolunteerMember
        fields = ("veteran", "team", "joined_on", "duty")


class VolunteerActivityTable(CaseTable):
    title = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = VolunteerActivity
        fields = ("date", "title", "team", "kind", "place", "participants", "service_hours")
