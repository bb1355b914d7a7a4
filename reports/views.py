
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.filtersets import CaseFilterSet
from core.generic import ModelViews
from core.registry import register, registry
from core.tables import CaseTable
from core.tasks import BrokerUnavailable
from reports import dashboard
from reports.compose import compose, missing_parts
from reports.forms import SummaryChoiceForm, SummaryTextForm
from reports.models import SummaryRun
from reports.services import SUMMARY_ROLES, previous_texts, recover_stale_runs, summary_filename, summary_request

registry.home_panels.append(dashboard.home_panel)


class SummaryRunFilterSet(CaseFilterSet):
    class Meta:
        model = SummaryRun
        fields = ["kind", "year", "status"]


class SummaryRunTable(CaseTable):
    title = tables.Column(verbose_name="标题", accessor="pk", linkify=lambda record: record.get_absolute_url(), orderable=False)

    class Meta(CaseTable.Meta):
        model = SummaryRun
        fields = ("title", "kind", "year", "area", "status", "progress", "requested_by", "finished_at")

    def render_title(self, record):
        return str(record)

    def render_progress(self, record):
        return record.progress_text()

    def render_finished_at(self, record):
        return record.finished_at_text()


@register
class SummaryRunViews(ModelViews):
    model = SummaryRun
    filterset_class = SummaryRunFilterSet
    table_class = SummaryRunTable
    list_select_related = ("area", "requested_by")
    actions = ("list", "detail")
    read_roles = SUMMARY_ROLES
    write_roles = ()
    section = "reports"
    nav_label = "工作总结记录"
    detail_template = "reports/summaryrun_detail.html"
    # progress as 100%, the finishing time in local time and Chinese form (the fields read 100 and raw UTC)
    detail_fieldsets = [(None, ["kind", "year", "area", "status", "progress_text", "requested_by", "finished_at_text",
                                "error"])]


registry.add_nav("reports", "工作总结", "reports:summary", SUMMARY_ROLES)


class SummaryView(LoginRequiredMixin, View):
    """报表 → 工作总结: choose kind, year and area; read the draft; edit parts 二 and 三; 生成."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role not in SUMMARY_ROLES:
            raise PermissionDenied(_("您的角色无权生成工作总结。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        data = request.GET.copy() or None
        if data is not None and not data.get("area") and request.user.area_id:
            data["area"] = request.user.area_id  # a link naming the kind and year only: the user's own area
        choice = SummaryChoiceForm(data, user=request.user)
        return render(request, "reports/summary.html", self.draft_context(choice))

    @staticmethod
    def draft_context(choice, text=None):
        """The page for a choice: its draft and the texts of parts 二 and 三 (`text`, a bound form
        of what the user typed, or the stored or previous period's texts)."""
        context = {"choice": choice}
        if choice.is_bound and choice.is_valid():
            kind, year, area = (choice.cleaned_data[k] for k in ("kind", "year", "area"))
            draft = compose(kind, year, area)
            existing = SummaryRun.objects.filter(kind=kind, year=year, area=area).first()
            if existing is not None:
                problems, plans, opening = existing.problems, existing.plans, existing.opening or draft.opening
            else:
                (problems, plans), opening = previous_texts(kind, year, area), draft.opening
            text = text or SummaryTextForm(initial={"problems": problems, "plans": plans, "opening": opening})
            text.fields["plans"].label = draft.plan_heading  # as the document heads it: 三、2026年工作计划
            context.update(draft=draft, existing=existing, text=text,
                           missing_parts=missing_parts(kind, year, text.current("problems"), text.current("plans")))
        return context

    def post(self, request):
        choice = SummaryChoiceForm(request.POST, user=request.user)
        text = SummaryTextForm(request.POST)
        if not (choice.is_valid() and text.is_valid()):
            messages.error(request, _("请检查所选的类型、年度和区划。"))
            return render(request, "reports/summary.html", {"choice": choice}, status=400)
        texts = {name: text.cleaned_data[name] for name in ("problems", "plans", "opening")}
        if not text.cleaned_data["allow_empty"] and missing_parts(
                choice.cleaned_data["kind"], choice.cleaned_data["year"], texts["problems"], texts["plans"]):
            # parts 二 and 三 are the staff's: an empty one is pointed out, not generated silently
            messages.warning(request, _("存在未填写的部分，请填写后再生成，或勾选“仍然生成”。"))
            return render(request, "reports/summary.html", self.draft_context(choice, text))
        try:
            run = summary_request(user=request.user, **choice.cleaned_data, **texts)
        except (BrokerUnavailable, ValidationError) as exc:
            # The same page again, with what the user typed: nothing made, nothing lost.
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
            return render(request, "reports/summary.html", self.draft_context(choice, text))
        return redirect(run.get_absolute_url())


class SummaryProgressView(LoginRequiredMixin, View):
    """The progress fragment the detail page polls while a run is queued or running."""

    def get(self, request, pk):
        if not SummaryRunViews.can_read(request.user):
            raise PermissionDenied
        run = get_object_or_404(SummaryRun.objects.visible_to(request.user), pk=pk)
        if recover_stale_runs([run]):  # its worker died: stop polling, offer to ask again
            run.refresh_from_db()
        return render(request, "reports/_progress.html", {"run": run})


class SummaryDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk, fmt):
        if not SummaryRunViews.can_read(request.user) or fmt not in ("docx", "xlsx"):
            raise Http404
        run = get_object_or_404(SummaryRun.objects.visible_to(request.user), pk=pk)
        field = run.docx if fmt == "docx" else run.xlsx
        if not field:
            raise Http404
        return FileResponse(field.open("rb"), as_attachment=True, filename=summary_filename(run, fmt))
