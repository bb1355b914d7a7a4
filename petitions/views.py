from django.utils.translation import gettext_lazy as _

from core.audit import log_access
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.ledger import Column, Ledger
from core.models import AccessKind
from core.registry import register, registry
from core.roles import Role
from petitions import filtersets, forms, limits, services, tables
from petitions.fields import mask_name
from petitions.models import Petition, Petitioner, Referral

STAFF_AND_CLERKS = (Role.STAFF, Role.CLERK)


def in_state(*states):
    return lambda petition: petition.status in states


def log_detail_view(request, obj):
    """Every view of a petition's (or a petitioner's) page is in the access log: who, when, which."""
    log_access(request, AccessKind.REVEAL, target=f"{obj._meta.verbose_name}：{obj}",
               detail={"model": obj._meta.label_lower, "pk": str(obj.pk), "page": "detail"})


def limits_context(request, petition):
    return {"petition": petition, "days_left": tables.days_left_html(petition), "counting": limits.COUNTING}


petition_ledger = Ledger(
    model=Petition,
    title="信访事项台账",
    select_related=("area",),
    columns=[
        Column(field="number"),
        Column(field="received_on"),
        Column(field="channel"),
        Column("信访人", export=lambda p: "、".join(x.name for x in p.petitioner_set.all()), sensitive=True,
               mask=lambda value: "、".join(mask_name(n) for n in (value or "").split("、") if n), width=20),
        Column(field="people"),
        Column(field="batches"),
        Column(field="collective"),
        Column(field="category"),
        Column(field="matter", width=40),
        Column("所属区划", source="area__name", width=16),
        Column(field="status"),
        Column(field="accepted_on"),
        Column(field="answer_due_on"),
        Column(field="answered_on"),
        Column(field="answered_in_time"),
        Column(field="closed_on"),
        Column(field="outcome"),
    ],
)


# The petitioners' and the referrals' ledgers are exports only: both are entered on their petition's page.
EXPORT_ONLY = ("list", "detail", "add", "edit", "delete", "export")
petitioner_ledger = Ledger(
    model=Petitioner,
    title="信访人台账",
    select_related=("petition",),
    columns=[
        Column("信访事项编号", source="petition__number", width=16),
        Column("登记日期", source="petition__received_on"),
        Column(field="name"),
        Column(field="phone"),
        Column(field="relation", width=20),
        Column("在册退役军人", source="veteran_id", export=lambda pk: "是" if pk else "否"),
    ],
)
referral_ledger = Ledger(
    model=Referral,
    title="法律援助与调解台账",
    select_related=("petition",),
    columns=[
        Column("信访事项编号", source="petition__number", width=16),
        Column(field="kind"),
        Column(field="referred_on"),
        Column(field="organisation", width=30),
        Column(field="status"),
        Column(field="result", width=40),
        Column(field="finished_on"),
    ],
)


@register
class PetitionViews(ModelViews):
    model = Petition
    form_class = forms.PetitionForm
    filterset_class = filtersets.PetitionFilterSet
    table_class = tables.PetitionTable
    ledger = petition_ledger
    actions = ("list", "detail", "add", "edit", "delete", "export")  # registered on the pages, one by one
    list_select_related = ("area",)
    section = "petitions"
    create_service = staticmethod(services.petition_create)
    update_service = staticmethod(services.petition_update)
    autocomplete = staticmethod(lambda queryset, term, *, user: filtersets.search_petitions(queryset, term, user=user))
    detail_fieldsets = [
        (_("信访事项"), ["number", "received_on", "channel", "area", "people", "batches", "collective", "category", "matter",
                     "first_petition", "note"]),
        (_("受理与办理"), ["status", "accept_due_on", "accepted_on", "rejected_on", "rejection_reason", "handler",
                      "answer_due_on", "extended_days", "extension_reason", "answered_on", "answer", "answered_in_time"]),
        (_("办结与化解"), ["closed_on", "outcome", "resolved_on"]),
        (_("复查与复核"), ["review_requested_on", "review_due_on", "reviewed_on", "review_opinion",
                      "recheck_requested_on", "recheck_due_on", "rechecked_on", "recheck_opinion"]),
    ]
    panels = (Panel(_("办理时限"), "petitions/_limits_panel.html", limits_context, order=5),)
    related = (
        RelatedBlock(_("信访人"), "petitioner_set", tables.PetitionerTable, add_url="petitions:petitioner_add",
                     add_param="petition", order=10),
        RelatedBlock(_("法律援助与调解"), "referral_set", tables.ReferralTable, add_url="petitions:referral_add",
                     add_param="petition", order=20),
        RelatedBlock(_("重复信访"), "repeats", tables.PetitionTable, order=30),
    )
    object_actions = (
        ObjectAction("accept", _("受理"), forms.AcceptForm, services.petition_accept, roles=STAFF_AND_CLERKS,
                     available=in_state("registered"),
                     help_text=_("收到之日起%(n)d日内决定是否受理；受理后%(a)d日内答复。") % {
                         "n": limits.ACCEPT_DAYS, "a": limits.ANSWER_DAYS}),
        ObjectAction("reject", _("不予受理"), forms.RejectForm, services.petition_reject, roles=STAFF_AND_CLERKS,
                     available=in_state("registered"), help_text=_("须写明理由，书面告知信访人。")),
        ObjectAction("assign", _("交办"), forms.AssignForm, services.petition_assign, roles=STAFF_AND_CLERKS,
                     available=in_state("accepted")),
        ObjectAction("extend", _("延期"), forms.ExtendForm, services.petition_extend, roles=[Role.STAFF],
                     available=lambda p: p.status in ("accepted", "handling") and not p.extended_days,
                     help_text=_("情况复杂的，经批准可延长一次，不超过30日，并告知信访人延期理由。")),
        ObjectAction("answer", _("答复"), forms.AnswerForm, services.petition_answer, roles=STAFF_AND_CLERKS,
                     available=in_state("accepted", "handling")),
        ObjectAction("close", _("办结"), forms.CloseForm, services.petition_close, roles=STAFF_AND_CLERKS,
                     available=in_state("answered"), help_text=_("登记化解情况：化解、部分化解或未化解。")),
        ObjectAction("resolve", _("登记化解情况"), forms.ResolveForm, services.petition_resolve, roles=STAFF_AND_CLERKS,
                     available=in_state("closed", "reviewing", "reviewed", "rechecking", "rechecked")),
        ObjectAction("request_review", _("申请复查"), forms.RequestForm, services.petition_request_review,
                     roles=[Role.STAFF], available=in_state("answered", "closed"),
                     help_text=_("信访人自收到书面答复之日起30日内可请求复查，复查机关30日内提出复查意见。")),
        ObjectAction("review", _("复查决定"), forms.DecideReviewForm, services.petition_review, roles=[Role.STAFF],
                     available=in_state("reviewing")),
        ObjectAction("request_recheck", _("申请复核"), forms.RequestForm, services.petition_request_recheck,
                     roles=[Role.STAFF], available=in_state("reviewed"),
                     help_text=_("自收到书面复查意见之日起30日内可请求复核；复核后同一事项不再受理。")),
        ObjectAction("recheck", _("复核决定"), forms.DecideRecheckForm, services.petition_recheck, roles=[Role.STAFF],
                     available=in_state("rechecking")),
    )

    @classmethod
    def get_queryset(cls, request):
        return cls.scope(request.user).prefetch_related("petitioner_set")

    @classmethod
    def get_form(cls, request, instance=None, data=None, files=None):
        """Registering asks for the first petitioner too; editing a petition does not."""
        if instance is not None:
            return super().get_form(request, instance=instance, data=data, files=files)
        initial = {key: value for key, value in request.GET.items() if key in forms.PetitionRegisterForm.base_fields}
        return forms.PetitionRegisterForm(data=data, files=files, initial=initial, user=request.user, mask_sensitive=True)

    @classmethod
    def detail_context(cls, request, obj):
        log_detail_view(request, obj)
        # Each step is taken with its date through the actions above: the workflow's bare buttons
        # (a remark only) are left off, its state and log kept.
        workflow = obj.workflow
        return {"workflow": {
            "state": workflow.label(obj.status), "actions": [], "labels": workflow.states,
            "transition_url": cls.url_name("transition"),
            "log": [{"at": e.at, "user": e.user, "remark": e.remark, "source": workflow.label(e.source),
                     "destination": workflow.label(e.destination)} for e in workflow.log(obj)],
        }}

    @classmethod
    def autocomplete_label(cls, obj):
        return f"{obj} · {obj.matter[:24]}"


@register
class PetitionerViews(ModelViews):
    model = Petitioner
    form_class = forms.PetitionerForm
    filterset_class = filtersets.PetitionerFilterSet
    table_class = tables.PetitionerTable
    list_select_related = ("petition",)
    section = "petitions"
    actions = EXPORT_ONLY
    ledger = petitioner_ledger
    detail_fieldsets = [(None, ["petition", "name", "phone", "relation", "in_registry"])]
    panels = (Panel(_("在册退役军人"), "petitions/_veteran_panel.html",
                    lambda request, p: {"veteran": p.veteran} if p.veteran_id and request.user.can_reveal else None),)

    @classmethod
    def detail_context(cls, request, obj):
        log_detail_view(request, obj)
        return {}


@register
class ReferralViews(ModelViews):
    model = Referral
    form_class = forms.ReferralForm
    filterset_class = filtersets.ReferralFilterSet
    table_class = tables.ReferralTable
    list_select_related = ("petition",)
    section = "petitions"
    actions = EXPORT_ONLY
    ledger = referral_ledger


# On a veteran's page, for roles that may reveal only: the petitions the veteran made.
def veteran_petitions(request, veteran):
    if not request.user.can_reveal:
        return None
    rows = services.veteran_petitions(veteran, request.user)
    return {"petitions": [(p, tables.days_left_html(p)) for p in rows[:20]], "total": len(rows)} if rows else None


registry.extend_detail("veterans.veteran", Panel(_("信访记录"), "petitions/_veteran_petitions_panel.html",
                                                 veteran_petitions, order=60))
