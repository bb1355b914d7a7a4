"""The pages of the 褒扬纪念 section (core.generic declarations)."""

from django.utils.translation import gettext_lazy as _

from core.generic import ModelViews, ObjectAction, RelatedBlock
from core.ledger import Column, Ledger
from core.registry import register, registry
from core.roles import Role
from honors import filtersets, forms, services, tables
from honors.models import (
    Commemoration,
    FacilityInspection,
    HonourPlaque,
    Martyr,
    MartyrCertificate,
    MartyrCorrection,
    MemorialFacility,
    MeritNotice,
    Nominee,
    ProxySweep,
    RelativeSearch,
    RepairProject,
    Selection,
)

SECTION = "honors"

MARTYR_FIELDS = ["name", "sex", "birth_year", "area", "birthplace", "ethnicity", "political_status", "unit", "rank",
                 "death_date", "death_place", "circumstances", "approval_authority", "approval_number", "approved_on",
                 "facility", "burial_place", "relative", "relatives_text"]


@register
class MartyrViews(ModelViews):
    model = Martyr
    fields = MARTYR_FIELDS
    list_display = ["name", "sex", "birth_year", "birthplace", "unit", "death_date", "facility", "status"]
    filterset_class = filtersets.MartyrFilterSet
    ledger = False  # set below: every field but the relative (a family member)
    section = SECTION
    nav_label = _("烈士英名录")
    update_service = staticmethod(services.martyr_update)
    detail_fieldsets = [
        (_("基本信息"), ["name", "sex", "birth_year", "area", "birthplace", "ethnicity", "political_status"]),
        (_("牺牲与批准"), ["unit", "rank", "death_date", "death_place", "circumstances", "approval_authority",
                      "approval_number", "approved_on"]),
        (_("安葬与遗属"), ["facility", "burial_place", "relative", "relatives_text"]),
        (_("核实"), ["status", "confirmed_on"]),
    ]
    related = (
        RelatedBlock(_("勘误记录"), "corrections", tables.CorrectionTable, add_url="honors:martyrcorrection_add",
                     add_param="martyr", select_related=("martyr", "entered_by")),
        RelatedBlock(_("为烈士寻亲"), "searches", add_url="honors:relativesearch_add", add_param="martyr",
                     select_related=("martyr",)),
        RelatedBlock(_("证书颁发"), "certificates", add_url="honors:martyrcertificate_add", add_param="martyr",
                     select_related=("martyr",)),
        RelatedBlock(_("代祭扫"), "proxy_sweeps", add_url="honors:proxysweep_add", add_param="martyr",
                     select_related=("martyr",)),
    )


@register
class MartyrCorrectionViews(ModelViews):
    model = MartyrCorrection
    fields = ["martyr", "field", "new_value", "source_document"]
    table_class = tables.CorrectionTable
    list_filter = ["status", "field"]
    search_fields = ["martyr__name", "source_document", "new_value"]
    list_select_related = ("martyr", "entered_by")
    ledger = False  # corrections are entered one by one, each approved by another user
    section = SECTION
    create_service = staticmethod(services.correction_create)
    update_service = staticmethod(services.correction_update)
    delete_service = staticmethod(services.correction_delete)
    detail_fieldsets = [(_("勘误"), ["martyr", "field", "old_value", "new_value", "source_document", "entered_by",
                                   "status", "decided_on"])]


@register
class RelativeSearchViews(ModelViews):
    model = RelativeSearch
    fields = ["martyr", "received_on", "clue", "clue_source", "relative_name", "relative_contact"]
    list_display = ["martyr", "received_on", "clue_source", "relative_name", "status", "told_on"]
    list_filter = ["status"]
    search_fields = ["martyr__name", "relative_name", "clue"]
    date_filter = "received_on"
    section = SECTION
    detail_fieldsets = [(_("线索"), ["martyr", "received_on", "clue", "clue_source", "relative_name", "relative_contact"]),
                        (_("进展"), ["status", "sampled_on", "matched_on", "confirmed_on", "told_on", "closed_on"])]


@register
class MartyrCertificateViews(ModelViews):
    model = MartyrCertificate
    fields = ["martyr", "kind", "number", "issued_on", "recipient", "recipient_relation"]
    list_display = ["number", "kind", "martyr", "issued_on", "recipient", "recipient_relation"]
    list_filter = ["kind"]
    search_fields = ["number", "martyr__name", "recipient"]
    date_filter = "issued_on"
    ledger_key = ["kind", "number"]
    section = SECTION


@register
class MemorialFacilityViews(ModelViews):
    model = MemorialFacility
    fields = ["name", "level", "area", "location", "longitude", "latitude", "protection_surveyed_on", "protection_area",
              "manager", "manager_phone", "moved_into", "moved_on", "note"]
    list_display = ["name", "level", "area", "location", "protection_surveyed_on", "manager"]
    list_filter = ["level"]
    search_fields = ["name", "location", "manager"]
    ledger_key = ["name", "area"]
    section = SECTION
    related = (
        RelatedBlock(_("安葬（纪念）的烈士"), "martyrs", select_related=("facility",), limit=100),
        RelatedBlock(_("检查"), "facilityinspection_set", add_url="honors:facilityinspection_add", add_param="facility",
                     select_related=("facility",)),
        RelatedBlock(_("修缮建设项目"), "repairproject_set", add_url="honors:repairproject_add", add_param="facility",
                     select_related=("facility",)),
        RelatedBlock(_("迁入的零散烈士墓"), "moved_graves", select_related=("area",)),
    )


@register
class FacilityInspectionViews(ModelViews):
    model = FacilityInspection
    fields = ["facility", "date", "inspector", "findings", "rectification"]
    list_display = ["date", "facility", "inspector", "findings", "status"]
    list_filter = ["status"]
    search_fields = ["facility__name", "findings", "inspector"]
    date_filter = "date"
    section = SECTION


@register
class RepairProjectViews(ModelViews):
    model = RepairProject
    fields = ["facility", "name", "kind", "budget", "spent", "started_on", "finished_on", "status"]
    list_display = ["name", "facility", "kind", "budget", "spent", "started_on", "finished_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "facility__name"]
    date_filter = "started_on"
    section = SECTION


@register
class CommemorationViews(ModelViews):
    model = Commemoration
    fields = ["title", "kind", "date", "area", "facility", "place", "organiser", "participants", "groups",
              "online_tributes", "note"]
    list_display = ["date", "title", "kind", "facility", "organiser", "participants"]
    list_filter = ["kind"]
    search_fields = ["title", "organiser", "groups"]
    date_filter = "date"
    section = SECTION


@register
class ProxySweepViews(ModelViews):
    model = ProxySweep
    fields = ["martyr", "requester", "requester_contact", "requested_on", "done_on", "done_by", "photo"]
    list_display = ["martyr", "requester", "requested_on", "done_on", "done_by"]
    search_fields = ["martyr__name", "requester", "done_by"]
    date_filter = "done_on"
    ledger = False  # the photo is uploaded on the page
    section = SECTION


@register
class MeritNoticeViews(ModelViews):
    model = MeritNotice
    fields = ["member_name", "member_unit", "merit_class", "area", "family", "household", "received_on", "delivered_on",
              "delivered_by", "ceremony", "reward"]
    table_class = tables.NoticeTable
    ledger = False  # set below: every field but the survey's family
    filterset_class = filtersets.NoticeFilterSet
    list_select_related = ("area",)
    section = SECTION
    detail_fieldsets = [(_("喜报"), ["member_name", "member_unit", "merit_class", "area", "family", "household",
                                   "received_on"]),
                        (_("送达"), ["delivered_on", "delivered_by", "ceremony", "reward"])]
    object_actions = (
        ObjectAction("deliver", _("登记送达"), forms.NoticeDeliverForm, services.notice_deliver,
                     roles=[Role.STAFF, Role.CLERK], subject="notice", available=lambda obj: not obj.delivered_on,
                     help_text=_("喜报收到后应在规定的工作日内送达家属。")),
    )


@register
class HonourPlaqueViews(ModelViews):
    model = HonourPlaque
    fields = ["household", "veteran", "area", "categories", "address", "hung_on", "hung_by", "signed_by", "note"]
    list_display = ["household", "veteran", "area", "categories", "hung_on", "status", "replacements"]
    list_filter = ["categories", "status"]
    search_fields = ["household", "veteran__name", "address"]
    date_filter = "hung_on"
    ledger = False
    section = SECTION
    detail_fieldsets = [(_("光荣牌"), ["household", "veteran", "area", "categories", "address", "hung_on", "hung_by",
                                    "signed_by", "note"]),
                        (_("更换"), ["status", "replaced_on", "replacements"])]
    object_actions = (
        ObjectAction("replace", _("登记更换"), forms.PlaqueReplaceForm, services.plaque_replace,
                     roles=[Role.STAFF, Role.CLERK], subject="plaque", available=lambda obj: obj.status != "retired",
                     help_text=_("搬迁或损坏时为该户更换光荣牌；退役军人去世后不再更换。")),
    )


@register
class SelectionViews(ModelViews):
    model = Selection
    fields = ["title", "year", "kind", "level", "area", "announced_on", "publicity"]
    list_display = ["title", "year", "kind", "level", "announced_on"]
    list_filter = ["kind", "level", "year"]
    search_fields = ["title"]
    ledger_key = ["title", "year"]
    section = SECTION
    related = (RelatedBlock(_("候选人"), "nominees", add_url="honors:nominee_add", add_param="selection",
                            select_related=("selection", "veteran"), limit=100),)


@register
class NomineeViews(ModelViews):
    model = Nominee
    fields = ["selection", "name", "veteran", "recommended_by", "chosen", "story"]
    list_display = ["name", "selection", "recommended_by", "chosen"]
    list_filter = ["chosen", "selection"]
    search_fields = ["name", "story"]
    ledger = False  # nominees are entered on their selection's page
    section = SECTION


def ledger_without(viewset, left_out, key):
    """The declared fields' ledger but for the links a row cannot name (relatives, a surveyed family)."""
    model = viewset.model
    return Ledger(model=model, title=f"{model._meta.verbose_name_plural}台账", form_class=viewset.form_class, key=key,
                  columns=[Column(field=name) for name in viewset.fields if name not in left_out])


MartyrViews.ledger = ledger_without(MartyrViews, {"relative"}, ["name", "birth_year", "death_date"])
MeritNoticeViews.ledger = ledger_without(MeritNoticeViews, {"family"}, ["member_name", "merit_class", "received_on"])

# On the veteran's page: the household's plaque.
registry.extend_detail("veterans.veteran", RelatedBlock(_("光荣牌"), "plaques", select_related=("veteran", "area"), order=70))
