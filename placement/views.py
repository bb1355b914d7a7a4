"""Pages of 安置就业: mostly declarations (core.generic), plus the quota and intake overviews, the choosing
meeting's panel, the 选岗确认表 print page and the final list's export."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.audit import log_access
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.ledger import Column, Ledger
from core.models import AccessKind
from core.registry import register, registry
from core.roles import CASEWORK_ROLES, Role
from placement import forms, ledgers, services
from placement.models import (
    ChoiceLog,
    ChoiceStatus,
    EmploymentEnterprise,
    EmploymentTraining,
    IncubatedBusiness,
    IncubationBase,
    JobFair,
    PlacementCase,
    PlacementQuota,
    ReturnRegistration,
    ScoreCorrection,
    ScoreItem,
    ScoreObjection,
    ScoreRule,
    ScoreRuleSet,
    StartupSupport,
    SunshineBatch,
    SunshinePost,
    WaitingAllowance,
    WelfarePost,
    ranked,
)

STAFF_ONLY = (Role.STAFF,)
READ_ONLY = ("list", "detail", "export")


@register
class PlacementQuotaViews(ModelViews):
    model = PlacementQuota
    fields = ["area", "year", "kind", "spouse_identity", "count", "document", "note"]
    list_display = ["year", "kind", "spouse_identity", "count", "area", "document"]
    list_filter = ["year", "kind", "spouse_identity"]
    search_fields = ["document", "note"]
    ledger_key = ["area", "year", "kind", "spouse_identity"]
    write_roles = STAFF_ONLY
    section = "placement"


def case_score_panel(request, case):
    if not case.batch_id:
        return None
    return {"case": case, "items": list(case.score_items.all())}


def case_allowance_panel(request, case):
    rows, total = services.allowance_months(case)
    if not rows and not case.batch_id:
        return None
    return {"allowance_rows": rows, "allowance_total": total}


@register
class PlacementCaseViews(ModelViews):
    ledger = False  # placement.ledgers.person_ledger, below
    model = PlacementCase
    fields = ["veteran", "family_member", "year", "kind", "spouse_identity", "received_on", "destination", "receiving_unit",
              "batch", "condition", "waiting_allowance", "note"]
    list_display = ["veteran", "family_member", "year", "kind", "status", "destination", "receiving_unit", "batch", "rank",
                    "score"]
    list_filter = ["year", "kind", "status", "destination", "batch", "choice_status"]
    search_fields = ["veteran__name", "family_member__name", "receiving_unit"]
    date_filter = "received_on"
    write_roles = STAFF_ONLY
    section = "placement"
    detail_fieldsets = [
        (gettext_lazy("安置对象"), ["veteran", "family_member", "year", "kind", "spouse_identity", "received_on", "status"]),
        (gettext_lazy("安置去向"), ["destination", "receiving_unit", "reviewed_on", "chosen_on", "reported_on", "done_on",
                                 "self_chosen_on", "returned_on"]),
        (gettext_lazy("阳光安置"), ["batch", "condition", "score", "score_confirmed_on", "rank", "choice_status", "post",
                                 "chosen_at", "waiting_allowance"]),
        (gettext_lazy("备注"), ["note"]),
    ]
    panels = (Panel(gettext_lazy("积分"), "placement/_score_panel.html", case_score_panel, order=10),
              Panel(gettext_lazy("待安置生活补助"), "placement/_allowance_panel.html", case_allowance_panel, order=20))
    related = (
        RelatedBlock(gettext_lazy("积分项"), "score_items", add_url="placement:scoreitem_add", add_param="case"),
    )
    object_actions = (
        ObjectAction("confirm_score", gettext_lazy("本人确认积分"), forms.ConfirmScoreForm, services.score_confirm,
                     roles=STAFF_ONLY, help_text=gettext_lazy("积分须经本人签字确认（注明日期）后才能公示；积分项变更后须重新确认。")),
    )


@register
class ScoreRuleSetViews(ModelViews):
    model = ScoreRuleSet
    fields = ["area", "name", "discharged_from", "discharged_to", "threshold_years", "full_year_months", "tie_breaks", "source"]
    list_display = ["name", "discharged_from", "discharged_to", "threshold_years", "tie_breaks", "source"]
    search_fields = ["name", "source"]
    write_roles = STAFF_ONLY
    section = "placement"
    related = (RelatedBlock(gettext_lazy("积分标准"), "rules", add_url="placement:scorerule_add", add_param="rule_set"),)


@register
class ScoreRuleViews(ModelViews):
    model = ScoreRule
    fields = ["rule_set", "code", "points"]
    list_display = ["code", "points", "rule_set"]
    list_filter = ["rule_set", "code"]
    ledger_key = ["rule_set", "code"]
    write_roles = STAFF_ONLY
    section = "placement"


def meeting_panel(request, batch):
    candidates = ranked(batch) if batch.status in ("scoring", "notice") else list(
        batch.candidates.filter(rank__isnull=False).select_related("veteran", "family_member", "post").order_by("rank"))
    if batch.status in ("scoring", "notice"):
        for position, case in enumerate(candidates, start=1):
            case.preview_rank = position
    posts = list(batch.posts.order_by("id"))
    total_posts = sum(p.count for p in posts)
    return {
        "batch": batch, "candidates": candidates, "posts": posts, "total_posts": total_posts,
        "needed_posts": len(candidates) * batch.post_ratio,
        "current": services.next_chooser(batch) if batch.status == "choosing" else None,
        "free_places": sum(p.free for p in posts),
        "open_objections": batch.objections.filter(answered_on__isnull=True).count(),
        "today": datetime.date.today(), "chosen": ChoiceStatus.CHOSEN,
    }


@register
class SunshineBatchViews(ModelViews):
    model = SunshineBatch
    fields = ["area", "name", "year", "rule_set", "notice_days", "post_ratio", "waiting_allowance", "note"]
    list_display = ["name", "year", "rule_set", "status", "notice_start", "published_on", "meeting_on", "finished_on"]
    list_filter = ["year", "status"]
    search_fields = ["name"]
    write_roles = STAFF_ONLY
    section = "placement"
    detail_fieldsets = [
        (None, ["name", "year", "area", "rule_set", "status", "notice_days", "notice_start", "notice_closes", "post_ratio",
                "waiting_allowance", "published_on", "meeting_on", "finished_on", "note"]),
    ]
    panels = (Panel(gettext_lazy("名单、岗位与选岗"), "placement/_meeting_panel.html", meeting_panel, order=10),)
    related = (
        RelatedBlock(gettext_lazy("安置岗位"), "posts", add_url="placement:sunshinepost_add", add_param="batch"),
        RelatedBlock(gettext_lazy("公示异议"), "objections", add_url="placement:scoreobjection_add", add_param="batch"),
        RelatedBlock(gettext_lazy("选岗记录"), "choice_log", select_related=("case__veteran", "post", "batch")),
    )
    object_actions = (
        ObjectAction("choose", gettext_lazy("登记选岗"), forms.ChooseForm, services.batch_choose, roles=STAFF_ONLY,
                     help_text=gettext_lazy("按排名顺序依次选岗；岗位选满即不能再选。")),
        ObjectAction("skip", gettext_lazy("缺席跳过"), forms.SkipForm, services.batch_skip, roles=STAFF_ONLY),
        ObjectAction("decline", gettext_lazy("放弃选岗（改自主就业）"), forms.DeclineForm, services.batch_decline,
                     roles=STAFF_ONLY),
        ObjectAction("record_allowance", gettext_lazy("登记本月待安排生活补助"), forms.AllowanceMonthForm,
                     services.batch_record_allowance, roles=STAFF_ONLY,
                     help_text=gettext_lazy("为本批次尚未报到（未安置）的对象按批次标准各登记一个月；同一月份不能重复登记。")),
    )


@register
class ScoreItemViews(ModelViews):
    ledger = False
    model = ScoreItem
    fields = ["case", "kind", "wartime", "quantity", "disability_grade", "disability_cause", "military_rank", "sanction",
              "evidence_source", "evidence", "reason"]
    list_display = ["case", "kind", "wartime", "quantity", "points", "evidence_source", "evidence"]
    list_filter = ["kind", "evidence_source"]
    search_fields = ["case__veteran__name", "evidence"]
    list_select_related = ("case__veteran", "case__family_member")
    write_roles = STAFF_ONLY
    section = "placement"
    create_service = staticmethod(services.score_item_create)
    update_service = staticmethod(services.score_item_update)
    delete_service = staticmethod(services.score_item_delete)
    related = (RelatedBlock(gettext_lazy("更正记录"), "corrections"),)
    object_actions = (
        ObjectAction("correct", gettext_lazy("更正积分项"), forms.CorrectItemForm, services.score_item_correct,
                     roles=STAFF_ONLY, help_text=gettext_lazy("更正须填写理由并留痕；更正后须本人重新确认积分。")),
    )


@register
class ScoreCorrectionViews(ModelViews):
    model = ScoreCorrection
    actions = READ_ONLY
    list_display = ["item", "old_quantity", "new_quantity", "old_points", "new_points", "reason", "corrected_by", "created_at"]
    detail_fieldsets = [(None, list_display)]
    search_fields = ["reason", "item__case__veteran__name"]
    list_select_related = ("item__case__veteran", "item__case__family_member")
    ledger = Ledger(model=ScoreCorrection, title="积分更正记录", select_related=("item__case__veteran",), columns=[
        Column("姓名", source="item__case__veteran__name"), Column("计分项目", source="item__kind"),
        Column(field="old_quantity"), Column(field="new_quantity"), Column(field="old_points"), Column(field="new_points"),
        Column(field="reason"), Column(field="corrected_by"), Column(field="created_at")])
    write_roles = STAFF_ONLY
    section = "placement"


@register
class ScoreObjectionViews(ModelViews):
    ledger = False
    model = ScoreObjection
    fields = ["batch", "case", "raised_on", "raised_by", "content"]
    list_display = ["batch", "case", "raised_on", "raised_by", "answered_on"]
    search_fields = ["raised_by", "content"]
    date_filter = "raised_on"
    write_roles = STAFF_ONLY
    section = "placement"
    detail_fieldsets = [(None, ["batch", "case", "raised_on", "raised_by", "content", "answer", "answered_on"])]
    object_actions = (
        ObjectAction("answer", gettext_lazy("答复异议"), forms.AnswerForm, services.objection_answer, roles=STAFF_ONLY),
    )


@register
class SunshinePostViews(ModelViews):
    model = SunshinePost
    fields = ["batch", "unit", "destination", "name", "count"]
    list_display = ["unit", "name", "destination", "count", "taken", "batch"]
    list_filter = ["batch", "destination"]
    search_fields = ["unit", "name"]
    write_roles = STAFF_ONLY
    section = "placement"


@register
class WaitingAllowanceViews(ModelViews):
    model = WaitingAllowance
    actions = READ_ONLY  # written by the batch's action 登记本月待安排生活补助 (services.batch_record_allowance)
    list_display = ["case", "month", "amount", "recorded_by", "created_at"]
    detail_fieldsets = [(None, list_display)]
    list_filter = ["case__batch", "month"]
    search_fields = ["case__veteran__name"]
    date_filter = "month"
    list_select_related = ("case__veteran", "case__family_member", "recorded_by")
    ledger = Ledger(model=WaitingAllowance, title="待安置生活补助发放记录", select_related=("case__veteran", "case__batch"),
                    columns=[Column("姓名", source="case__veteran__name"), Column("阳光安置批次", source="case__batch__name"),
                             Column(field="month"), Column(field="amount"), Column(field="recorded_by")])
    write_roles = STAFF_ONLY
    section = "placement"


order_log_ledger = Ledger(model=ChoiceLog, title="阳光安置选岗顺序记录", select_related=("case__veteran", "post"), columns=[
    Column(field="rank"), Column("姓名", source="case__veteran__name"), Column(field="action"),
    Column("接收单位", source="post__unit"), Column("岗位", source="post__name"), Column(field="at", width=20),
    Column(field="operator"), Column(field="reason")])


@register
class ChoiceLogViews(ModelViews):
    model = ChoiceLog
    actions = READ_ONLY
    list_display = ["batch", "rank", "case", "action", "post", "at", "operator", "reason"]
    detail_fieldsets = [(None, list_display)]
    list_filter = ["batch", "action"]
    search_fields = ["case__veteran__name", "reason"]
    list_select_related = ("batch", "case__veteran", "case__family_member", "post")
    ledger = order_log_ledger
    write_roles = STAFF_ONLY
    section = "placement"


@register
class ReturnRegistrationViews(ModelViews):
    ledger = False  # placement.ledgers.person_ledger, below
    model = ReturnRegistration
    fields = ["veteran", "year", "season", "reported_on", "hukou_on", "party_on", "insurance_on", "reserve_on", "card_on",
              "archive_on", "note"]
    list_display = ["veteran", "year", "season", "reported_on", "hukou_on", "party_on", "insurance_on",
                    "reserve_on", "card_on", "archive_on"]
    list_filter = ["year", "season"]
    search_fields = ["veteran__name"]
    date_filter = "reported_on"
    ledger_key = ["veteran", "year", "season"]
    section = "placement"


@register
class JobFairViews(ModelViews):
    model = JobFair
    fields = ["area", "name", "mode", "date", "place", "companies", "posts_offered", "attendees", "intents", "contracts"]
    list_display = ["date", "name", "mode", "companies", "posts_offered", "attendees", "intents", "contracts"]
    list_filter = ["mode"]
    search_fields = ["name", "place"]
    date_filter = "date"
    section = "placement"


@register
class EmploymentTrainingViews(ModelViews):
    model = EmploymentTraining
    fields = ["area", "kind", "name", "start_on", "end_on", "organiser", "enrolled", "completed", "certificates"]
    list_display = ["name", "kind", "start_on", "end_on", "enrolled", "completed", "certificates"]
    list_filter = ["kind"]
    search_fields = ["name", "organiser"]
    date_filter = "start_on"
    section = "placement"


@register
class StartupSupportViews(ModelViews):
    ledger = False  # placement.ledgers.person_ledger, below
    model = StartupSupport
    fields = ["veteran", "kind", "business", "applied_on", "status", "approved_on", "amount", "fund", "fund_source"]
    list_display = ["veteran", "kind", "business", "applied_on", "status", "approved_on", "amount", "fund"]
    list_filter = ["kind", "status"]
    search_fields = ["veteran__name", "business"]
    date_filter = "applied_on"
    list_select_related = ("veteran", "fund")
    section = "placement"
    create_service = staticmethod(services.support_create)
    update_service = staticmethod(services.support_update)
    delete_service = staticmethod(services.support_delete)


@register
class IncubationBaseViews(ModelViews):
    model = IncubationBase
    fields = ["area", "name", "address", "operator", "recognised_on", "level"]
    list_display = ["name", "level", "operator", "recognised_on", "address"]
    search_fields = ["name", "operator"]
    date_filter = "recognised_on"
    section = "placement"
    related = (RelatedBlock(gettext_lazy("入驻企业"), "businesses", add_url="placement:incubatedbusiness_add", add_param="base"),)


@register
class IncubatedBusinessViews(ModelViews):
    ledger = False  # placement.ledgers.person_ledger, below
    model = IncubatedBusiness
    fields = ["base", "name", "veteran", "entered_on", "left_on", "employees"]
    list_display = ["name", "base", "veteran", "entered_on", "left_on", "employees"]
    search_fields = ["name", "base__name"]
    date_filter = "entered_on"
    section = "placement"


@register
class WelfarePostViews(ModelViews):
    ledger = False  # placement.ledgers.person_ledger, below
    model = WelfarePost
    fields = ["veteran", "post", "employer", "since", "until"]
    list_display = ["veteran", "post", "employer", "since", "until"]
    search_fields = ["veteran__name", "post", "employer"]
    date_filter = "since"
    section = "placement"


@register
class EmploymentEnterpriseViews(ModelViews):
    model = EmploymentEnterprise
    fields = ["area", "name", "founded_by_veteran", "recorded_on", "veterans_employed", "contact"]
    list_display = ["name", "founded_by_veteran", "recorded_on", "veterans_employed", "contact"]
    list_filter = ["founded_by_veteran"]
    search_fields = ["name"]
    date_filter = "recorded_on"
    section = "placement"


PlacementCaseViews.ledger = ledgers.person_ledger(PlacementCaseViews, "安置对象台账", family=True)
ReturnRegistrationViews.ledger = ledgers.person_ledger(ReturnRegistrationViews, "返乡报到台账")
StartupSupportViews.ledger = ledgers.person_ledger(StartupSupportViews, "创业扶持台账")
WelfarePostViews.ledger = ledgers.person_ledger(WelfarePostViews, "公益性岗位台账")


# On the veteran's page: the veteran's placement cases (and those of a spouse placed as a military spouse).
registry.extend_detail("veterans.veteran", RelatedBlock(
    gettext_lazy("安置情况"), "placement_cases", add_url="placement:placementcase_add", add_param="veteran",
    select_related=("veteran", "family_member", "batch"), order=50))
registry.extend_detail("veterans.familymember", RelatedBlock(
    gettext_lazy("随军家属安置"), "placement_cases", select_related=("veteran", "family_member", "batch"), order=50))


# ---------------------------------------------------------------- pages beyond the declarations


class CaseworkView(LoginRequiredMixin, View):
    """A page read by the casework roles, over the records their area holds."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.does_casework:
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def year(request):
        try:
            return int(request.GET.get("year", ""))
        except ValueError:
            return datetime.date.today().year


class QuotaOverviewView(CaseworkView):
    def get(self, request):
        year = self.year(request)
        cases, quotas = services.quotas_and_cases(request.user)
        rows = services.quota_overview(cases, quotas, year)
        return render(request, "placement/quota_overview.html", {"rows": rows, "year": year, "years": range(year - 3, year + 2)})


class IntakeOverviewView(CaseworkView):
    def get(self, request):
        year = self.year(request)
        rows = services.intake_overview(services.registrations(request.user), year)
        return render(request, "placement/intake_overview.html", {"rows": rows, "year": year, "years": range(year - 3, year + 2)})


class ConfirmationPrintView(CaseworkView):
    """选岗确认表: one candidate's choice, printed for signature."""

    def get(self, request, pk):
        case = get_object_or_404(PlacementCaseViews.scope(request.user).select_related("veteran", "batch", "post"), pk=pk)
        if case.choice_status != ChoiceStatus.CHOSEN:
            raise PermissionDenied(_("该对象尚未选岗，没有选岗确认表。"))
        return render(request, "placement/confirmation_print.html", {"case": case})


final_list_ledger = Ledger(model=PlacementCase, title="阳光安置选岗结果名单", select_related=("veteran", "post"), columns=[
    Column(field="rank"), Column("姓名", source="veteran__name"),
    Column("公民身份号码", source="veteran__id_number", sensitive=True, width=22),
    Column(field="condition"), Column(field="score"), Column(field="choice_status"),
    Column("接收单位", source="post__unit", width=24), Column("岗位", source="post__name"), Column(field="destination"),
    Column(field="chosen_at", width=20)])


class FinalListExportView(CaseworkView):
    """The batch's final list (rank, name, masked ID number, post) as a ledger for publication."""

    def get(self, request, pk):
        batch = get_object_or_404(SunshineBatchViews.scope(request.user), pk=pk)
        rows = PlacementCaseViews.scope(request.user).filter(batch=batch, rank__isnull=False).order_by("rank")
        result = final_list_ledger.export(rows, user=request.user)
        log_access(request, AccessKind.EXPORT, target=final_list_ledger.title,
                   detail={"ledger": final_list_ledger.title, "batch": batch.pk, "rows": result.rows, "masked": result.masked})
        return FileResponse(result.open(), as_attachment=True, filename=result.filename,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


registry.add_nav("placement", gettext_lazy("安置任务完成情况"), "placement:quota_overview", CASEWORK_ROLES)
registry.add_nav("placement", gettext_lazy("返乡报到办理情况"), "placement:intake_overview", CASEWORK_ROLES)
