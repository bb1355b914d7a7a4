"""The pages of the 双拥 section (core.generic declarations), and what the app adds to a veteran's page."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.registry import register, registry
from core.roles import Role
from support_army import forms, ledgers, services, tables
from support_army.models import (
    HARDSHIPS,
    ArmyUnit,
    Campaign,
    CampaignTarget,
    CoBuildingActivity,
    Conscription,
    FamilySurvey,
    ModelCityMilestone,
    PreferentialItem,
    ServingFamily,
    SupportShop,
    UnitProblem,
    Visit,
    VisitRecipient,
)

SECTION = "support_army"


def visit_panel(request, visit):
    return {"totals": services.visit_totals(visit), "warnings": services.warn_repeats(visit)}


def campaign_panel(request, campaign):
    return {"rows": services.campaign_progress(campaign, request.user)}


def survey_panel(request, survey):
    families = survey.families.visible_to(request.user)
    difficulty = Q()
    for name in HARDSHIPS:
        difficulty |= Q(**{name: True})
    figures = families.aggregate(surveyed=Count("id"), difficult=Count("id", filter=difficulty),
                                 helped=Count("id", filter=difficulty & Q(helped_on__isnull=False)))
    return {"figures": figures}


@register
class CampaignViews(ModelViews):
    model = Campaign
    fields = ["name", "area", "year", "occasion", "starts_on", "ends_on", "note"]
    list_display = ["name", "year", "occasion", "starts_on", "ends_on", "area"]
    list_filter = ["occasion", "year"]
    search_fields = ["name"]
    date_filter = "starts_on"
    section = SECTION
    panels = (Panel(_("计划与完成"), "support_army/_campaign_panel.html", campaign_panel, order=10),)
    related = (
        RelatedBlock(_("各地计划"), "targets", add_url="support_army:campaigntarget_add", add_param="campaign",
                     select_related=("area", "campaign")),
        RelatedBlock(_("走访记录"), "visits", add_url="support_army:visit_add", add_param="campaign",
                     select_related=("area", "campaign")),
    )


@register
class CampaignTargetViews(ModelViews):
    model = CampaignTarget
    fields = ["campaign", "area", "planned"]
    list_display = ["campaign", "area", "planned"]
    search_fields = ["campaign__name", "area__name"]
    ledger_key = ["campaign", "area"]
    section = SECTION


@register
class VisitViews(ModelViews):
    model = Visit
    fields = ["area", "campaign", "date", "occasion", "leader_name", "leader_post", "fund", "funding", "note"]
    list_display = ["date", "occasion", "area", "leader_name", "leader_post", "campaign"]
    list_filter = ["occasion", "campaign"]
    search_fields = ["leader_name", "note", "recipients__veteran__name"]
    date_filter = "date"
    section = SECTION
    create_service = staticmethod(services.visit_create)
    update_service = staticmethod(services.visit_update)
    panels = (Panel(_("慰问合计"), "support_army/_visit_panel.html", visit_panel, order=10),)
    related = (RelatedBlock(_("慰问对象"), "recipients", tables.RecipientTable, add_url="support_army:visitrecipient_add", add_param="visit",
                            select_related=("visit", "veteran", "serving_family", "unit"), limit=200),)
    object_actions = (
        ObjectAction("recipients", _("批量添加慰问对象"), forms.AddRecipientsForm, services.add_recipients,
                     roles=[Role.STAFF, Role.CLERK], subject="visit",
                     help_text=_("一次添加多名退役军人或重点优抚对象，每人慰问金和慰问品相同；部队、现役军人家庭请逐条添加。")),
    )


@register
class VisitRecipientViews(ModelViews):
    model = VisitRecipient
    fields = ["visit", "kind", "veteran", "serving_family", "unit", "name", "cash", "goods", "goods_value"]
    list_display = ["visit", "kind", "veteran", "serving_family", "unit", "name", "cash", "goods", "goods_value"]
    list_filter = ["kind"]
    search_fields = ["veteran__name", "name", "unit__name", "serving_family__household"]
    actions = ("list", "detail", "add", "edit", "delete", "export")  # entered on their visit's page, not imported
    create_service = staticmethod(services.recipient_create)
    update_service = staticmethod(services.recipient_update)
    ledger = ledgers.recipient_ledger
    section = SECTION


@register
class ArmyUnitViews(ModelViews):
    model = ArmyUnit
    fields = ["name", "area", "contact_person", "contact_phone", "note"]
    list_display = ["name", "area", "contact_person", "contact_phone"]
    search_fields = ["name", "contact_person"]
    ledger_key = ["name", "area"]
    section = SECTION
    related = (
        RelatedBlock(_("军地共建活动"), "cobuildingactivity_set", add_url="support_army:cobuildingactivity_add",
                     add_param="unit", select_related=("unit",)),
        RelatedBlock(_("为部队解决的实际问题"), "unitproblem_set", add_url="support_army:unitproblem_add",
                     add_param="unit", select_related=("unit",)),
        RelatedBlock(_("走访慰问"), "visits_received", tables.VisitsReceivedTable, select_related=("visit", "unit")),
    )


@register
class CoBuildingActivityViews(ModelViews):
    model = CoBuildingActivity
    fields = ["unit", "date", "kind", "content"]
    list_display = ["date", "unit", "kind", "content"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "content"]
    date_filter = "date"
    section = SECTION


@register
class UnitProblemViews(ModelViews):
    model = UnitProblem
    fields = ["unit", "raised_on", "kind", "description"]
    list_display = ["raised_on", "unit", "kind", "description", "status", "solved_on"]
    list_filter = ["kind", "status"]
    search_fields = ["unit__name", "description"]
    date_filter = "raised_on"
    section = SECTION
    object_actions = (
        ObjectAction("solve", _("登记解决"), forms.SolveForm, services.problem_solve, roles=[Role.STAFF, Role.CLERK],
                     subject="problem", available=lambda obj: obj.status == "open",
                     help_text=_("填写问题实际解决的日期和解决情况。")),
    )


@register
class FamilySurveyViews(ModelViews):
    model = FamilySurvey
    fields = ["name", "area", "started_on", "note"]
    list_display = ["name", "started_on", "area"]
    search_fields = ["name"]
    date_filter = "started_on"
    section = SECTION
    panels = (Panel(_("摸排情况"), "support_army/_survey_panel.html", survey_panel, order=10),)
    related = (RelatedBlock(_("摸排家庭"), "families", add_url="support_army:servingfamily_add", add_param="survey",
                            select_related=("survey", "area"), limit=100),)


@register
class ServingFamilyViews(ModelViews):
    model = ServingFamily
    fields = ["survey", "area", "household", "member_name", "relationship", "phone", "surveyed_on", *HARDSHIPS,
              "difficulty", "help_given", "helped_on"]
    list_display = ["household", "member_name", "relationship", "area", "surveyed_on", "difficulty", "helped_on"]
    list_filter = ["survey", *HARDSHIPS]
    search_fields = ["household", "member_name", "difficulty"]
    date_filter = "surveyed_on"
    section = SECTION


LISTING_FIELDS = ["applied_on", "discounts", "contact_person", "phone"]
LISTING_DETAIL = (_("审核与批准"), ["status", "inspected_on", "inspector", "inspection_note", "batch", "approved_on",
                                "withdrawn_on"])


def listing_actions():
    return (
        ObjectAction("inspect", _("登记实地核查"), forms.InspectForm, services.listing_inspect, roles=[Role.STAFF],
                     subject="listing", available=lambda obj: obj.status in ("applied", "reviewed"),
                     help_text=_("审核通过后到现场核查经营资质和优待措施，核查后方可批准。")),
        ObjectAction("approve", _("批准（定批次）"), forms.ApproveForm, services.listing_approve, roles=[Role.STAFF],
                     subject="listing", available=lambda obj: obj.status in ("applied", "reviewed", "inspected"),
                     help_text=_("经实地核查的申请按批次批准，如第一批、第二批。")),
    )


@register
class SupportShopViews(ModelViews):
    model = SupportShop
    fields = ["name", "area", "licence_number", "address", "industry", *LISTING_FIELDS]
    list_display = ["name", "area", "industry", "discounts", "status", "batch", "approved_on"]
    table_class = tables.ShopTable
    list_filter = ["status", "industry", "batch"]
    search_fields = ["name", "licence_number", "address", "discounts"]
    date_filter = "approved_on"
    ledger = False
    section = SECTION
    detail_fieldsets = [(_("门店"), ["name", "area", "licence_number", "address", "industry"]),
                        (_("优待"), LISTING_FIELDS), LISTING_DETAIL]
    object_actions = listing_actions()


@register
class PreferentialItemViews(ModelViews):
    model = PreferentialItem
    fields = ["name", "area", "provider", "kind", *LISTING_FIELDS]
    list_display = ["name", "kind", "provider", "discounts", "status", "batch", "approved_on"]
    table_class = tables.ItemTable
    list_filter = ["status", "kind", "batch"]
    search_fields = ["name", "provider", "discounts"]
    date_filter = "approved_on"
    ledger = False
    section = SECTION
    detail_fieldsets = [(_("优待项目"), ["name", "area", "provider", "kind"]), (_("优待"), LISTING_FIELDS), LISTING_DETAIL]
    object_actions = listing_actions()


SupportShopViews.ledger = ledgers.shop_ledger(SupportShopViews.form_class)
PreferentialItemViews.ledger = ledgers.item_ledger(PreferentialItemViews.form_class)


@register
class ConscriptionViews(ModelViews):
    model = Conscription
    fields = ["area", "year", "season", "task", "enlisted", "students", "note"]
    list_display = ["year", "season", "area", "task", "enlisted", "students"]
    list_filter = ["season", "year"]
    ledger_key = ["area", "year", "season"]
    section = SECTION


@register
class ModelCityMilestoneViews(ModelViews):
    model = ModelCityMilestone
    fields = ["area", "date", "title", "level", "note"]
    list_display = ["date", "title", "level", "area"]
    list_filter = ["level"]
    search_fields = ["title", "note"]
    date_filter = "date"
    section = SECTION


# On the veteran's page: the visits the veteran received.
registry.extend_detail("veterans.veteran", RelatedBlock(
    _("走访慰问"), "visits_received", tables.VisitsReceivedTable, select_related=("visit", "veteran", "serving_family", "unit"), order=60))
