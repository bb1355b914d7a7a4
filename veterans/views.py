from django.utils.translation import gettext_lazy as _

from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.idnumber import mask_id
from core.models import code_range
from core.registry import register
from core.roles import Role
from veterans import filtersets, forms, ledgers, services, tables, timeline
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PreferentialCard,
    TransferRequest,
    Veteran,
    VeteranArchive,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)


def alive(veteran):
    return veteran.status == "alive"


@register
class VeteranViews(ModelViews):
    model = Veteran
    filterset_class = filtersets.VeteranFilterSet
    table_class = tables.VeteranTable
    form_class = forms.VeteranForm
    ledger = ledgers.veteran_ledger
    list_select_related = ("area__parent", "card")
    section = "veterans"
    autocomplete = staticmethod(filtersets.search_person)
    autocomplete_select_related = ("area",)
    detail_fieldsets = [
        (_("身份信息"), ["name", "id_number", "sex", "birth_date", "age", "ethnicity", "phone", "area", "address",
                     "current_address", "political_status", "education"]),
        (_("服役信息"), ["branch", "enlistment_date", "discharge_date", "discharge_category", "unit", "rank", "merits"]),
        (_("管理信息"), ["registered_on", "documented", "plaque_hung_on", "status", "death_date", "moved_out_to", "note"]),
    ]
    # getattr caches the reverse one-to-ones on the veteran (a missing one as None), so the timeline,
    # rendered after them, reads them without querying again.
    panels = (
        Panel(_("优待证"), "veterans/_card_panel.html", lambda request, v: {"card": getattr(v, "card", None)},
              width=6, order=10),
        Panel(_("档案"), "veterans/_archive_panel.html", lambda request, v: {"archive": getattr(v, "archive", None)},
              width=6, order=20),
        Panel(_("时间线"), "veterans/_timeline_panel.html", lambda request, v: {"timeline": timeline.events_for(v)},
              order=30),
    )
    related = (
        RelatedBlock(_("家庭成员"), "family", tables.FamilyMemberTable, add_url="veterans:familymember_add", add_param="veteran"),
        RelatedBlock(_("年度信息核查"), "checks", tables.AnnualCheckTable, add_url="veterans:annualcheck_add", add_param="veteran"),
        RelatedBlock(_("志愿服务"), "volunteering", tables.VolunteerMemberTable, select_related=("team", "veteran")),
    )
    object_actions = (
        ObjectAction("death", _("登记去世"), forms.DeathForm, services.veteran_record_death, roles=[Role.STAFF], available=alive,
                     help_text=_("登记后状态变为“已故”，在用的优待证同时注销。")),
        ObjectAction("move", _("迁移户籍"), forms.MoveForm, services.veteran_move, roles=[Role.STAFF], available=alive,
                     help_text=_("迁往本系统内的其他镇街或村居；记录和历史随人迁移，迁入地从此可见。")),
        ObjectAction("move_out", _("迁出本地"), forms.MoveOutForm, services.veteran_move_out, roles=[Role.STAFF], available=alive,
                     help_text=_("迁往本系统以外的地区：记录保留，状态变为“迁出”。")),
    )

    @classmethod
    def autocomplete_label(cls, obj):
        """王建军 · 3307**********1234 · 团结村: the name, the ID number masked, the village."""
        return f"{obj.name} · {mask_id(obj.id_number)} · {obj.area.name}"



@register
class FamilyMemberViews(ModelViews):
    model = FamilyMember
    filterset_class = filtersets.FamilyMemberFilterSet
    table_class = tables.FamilyMemberTable
    form_class = forms.FamilyMemberForm
    ledger = ledgers.family_ledger
    list_select_related = ("veteran",)
    section = "veterans"


@register
class PreferentialCardViews(ModelViews):
    model = PreferentialCard
    filterset_class = filtersets.PreferentialCardFilterSet
    table_class = tables.PreferentialCardTable
    form_class = forms.PreferentialCardForm
    list_select_related = ("veteran",)
    section = "veterans"
    detail_fieldsets = [(None, ["veteran", "number", "status", "applied_on", "issued_on", "activated_on", "lost_on",
                                "reissued_on", "reissue_count", "cancelled_on"])]


@register
class VeteranArchiveViews(ModelViews):
    model = VeteranArchive
    filterset_class = filtersets.VeteranArchiveFilterSet
    table_class = tables.VeteranArchiveTable
    form_class = forms.VeteranArchiveForm
    list_select_related = ("veteran",)
    section = "veterans"
    detail_fieldsets = [(None, ["veteran", "status", "received_on", "sender", "volumes", "reviewed_on", "transferred_on",
                                "transferred_to", "note"])]


@register
class AnnualCheckViews(ModelViews):
    model = AnnualCheck
    filterset_class = filtersets.AnnualCheckFilterSet
    table_class = tables.AnnualCheckTable
    form_class = forms.AnnualCheckForm
    ledger = ledgers.annual_check_ledger
    list_select_related = ("veteran",)
    section = "veterans"


@register
class VolunteerTeamViews(ModelViews):
    model = VolunteerTeam
    filterset_class = filtersets.VolunteerTeamFilterSet
    table_class = tables.VolunteerTeamTable
    form_class = forms.VolunteerTeamForm
    ledger = ledgers.team_ledger
    list_select_related = ("area",)
    section = "veterans"
    related = (
        RelatedBlock(_("队员"), "members", tables.VolunteerMemberTable, add_url="veterans:volunteermember_add", add_param="team"),
        RelatedBlock(_("活动"), "activities", tables.VolunteerActivityTable, add_url="veterans:volunteeractivity_add", add_param="team"),
    )


@register
class VolunteerMemberViews(ModelViews):
    model = VolunteerMember
    filterset_class = filtersets.VolunteerMemberFilterSet
    table_class = tables.VolunteerMemberTable
    form_class = forms.VolunteerMemberForm
    ledger = ledgers.member_ledger
    list_select_related = ("veteran", "team")
    section = "veterans"


@register
class VolunteerActivityViews(ModelViews):
    model = VolunteerActivity
    filterset_class = filtersets.VolunteerActivityFilterSet
    table_class = tables.VolunteerActivityTable
    form_class = forms.VolunteerActivityForm
    ledger = ledgers.activity_ledger
    list_select_related = ("team",)
    section = "veterans"


@register
class TransferRequestViews(ModelViews):
    """迁入申请: a clerk asks for a person registered elsewhere; the holding bureau accepts or declines.
    Both sides see the request (the requested area inside theirs, or the person's)."""

    model = TransferRequest
    form_class = forms.TransferRequestForm
    list_display = ["name", "veteran", "area", "status", "created_at", "decided_on"]
    list_filter = ["status"]
    search_fields = ["name"]
    actions = ("list", "detail", "add")
    ledger = False
    nav_label = _("迁入申请")
    section = "veterans"
    create_service = services.transfer_request_create
    detail_fieldsets = [(_("迁入申请"), ["name", "veteran", "area", "reason", "status", "created_at", "decided_on"])]

    @classmethod
    def scope(cls, user):
        requested = TransferRequest.objects.visible_to(user)
        if not (getattr(user, "does_casework", False) and user.area_id):
            return requested
        holding = TransferRequest.objects.filter(**code_range("veteran__area__code", user.area_id))
        return (requested | holding).distinct()
