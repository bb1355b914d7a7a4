"""Summary runs: request (queue) and generate (the task's body)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.indicators import all_indicators
from core.models import Area
from core.roles import Role
from core.tasks import enqueue
from reports.compose import FigureBook, all_figures, compose, period_for, title_for
from reports.models import RunStatus, SummaryKind, SummaryRun
from reports.render import render_docx, render_xlsx

SUMMARY_ROLES = (Role.LEADER, Role.STAFF, Role.CLERK)


def summary_areas(user):
    """Areas a user may write a summary for: a clerk their own only; leaders and staff theirs or inside it."""
    if user.role == Role.CLERK:
        return Area.objects.filter(code=user.area_id)
    if user.role in SUMMARY_ROLES:
        return Area.objects.visible_to(user).filter(level__lte=4)
    return Area.objects.none()


def previous_texts(kind, year, area):
    """Parts 二 and 三 of the previous summary of the same area, to start from.

    The previous one is the latest earlier period: for a half-year summary last year's annual one
    (within a year the annual summary comes after the half-year one), for an annual summary this
    year's half-year one.
    """
    earlier = (SummaryRun.objects.filter(area=area).filter(year__lt=year) | SummaryRun.objects.filter(
        area=area, year=year, kind=SummaryKind.HALF).exclude(kind=kind)).order_by("-year", "kind").first()
    if earlier is None:
        return "", ""
    return earlier.problems, earlier.plans


def summary_request(*, kind, year, area, user, problems="", plans="", opening=""):
    """Create or refresh the run for (kind, year, area) and queue its generation.

    Raises BrokerUnavailable before anything is written when the queue is down,
    and ValidationError for an area or year the user may not ask for.
    """
    if not summary_areas(user).filter(code=area.code).exists():
        raise ValidationError(_("您只能生成本人所辖区划的工作总结。"))
    if year > datetime.date.today().year or year < 2000:
        raise ValidationError(_("年度不正确。"))
    with transaction.atomic():
        run, _created = SummaryRun.objects.select_for_update().get_or_create(
            kind=kind, year=year, area=area, defaults={"requested_by": user})
        recent = run.updated_at > timezone.now() - datetime.timedelta(minutes=10)
        alive = run.status == RunStatus.PENDING and recent or (
            run.status == RunStatus.RUNNING and not stale_runs().filter(pk=run.pk).exists())
        if not _created and alive:
            raise ValidationError(_("该工作总结正在生成，请稍候。"))
        run.requested_by = user
        run.status, run.progress, run.error = RunStatus.PENDING, 0, ""
        run.problems, run.plans, run.opening = problems, plans, opening
        run.save()
        enqueue("reports.tasks.generate_summary_task", run.pk, on_error=lambda exc: SummaryRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=_("任务队列暂时无法连接，请稍后重试。")))  # checks the broker first; sent on commit
    return run


def summary_generate(run):
    """Compute the figures, write the .docx and .xlsx, replace the run's files. Idempotent.

    Two runs of the same summary (a request and the beat's draft, a message delivered again after
    its worker died) may interleave: the figures are computed outside any lock, then the files are
    replaced under the run's row lock at names fixed by (area, year, kind), so one file set is left
    whatever the order.  Only the fields the task owns are saved: texts edited meanwhile stay."""
    SummaryRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=1, error="", heartbeat_at=timezone.now())
    try:
        total = 2 + len(all_indicators())

        def progress(done):
            if done % 5 == 0:
                SummaryRun.objects.filter(pk=run.pk).update(progress=min(95, 5 + done * 90 // total), heartbeat_at=timezone.now())

        period = period_for(run.kind, run.year)
        draft = compose(run.kind, run.year, run.area, progress=progress)
        book = FigureBook(run.area_id, period, progress)
        book.values = dict(draft.figures)
        figures = all_figures(book)
        docx_bytes = render_docx(draft, run.problems, run.plans, opening=run.opening or None)
        xlsx_bytes = render_xlsx(draft, figures, run.area.full_name, str(period))
        stem = f"{run.area_id}-{run.year}-{run.kind}"
        with transaction.atomic():
            # Written first, the row is locked before anything is read: on PostgreSQL the UPDATE takes
            # the row lock (the other run waits here), on SQLite, where select_for_update does nothing,
            # it takes the database's write lock while the transaction holds no other lock, so the
            # other run waits here too instead of failing ("database is locked") or racing for the names.
            SummaryRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
            locked = SummaryRun.objects.select_for_update().get(pk=run.pk)
            for field, extension, content in ((locked.docx, "docx", docx_bytes), (locked.xlsx, "xlsx", xlsx_bytes)):
                name = field.field.generate_filename(locked, f"{stem}.{extension}")
                old = field.name
                if field.storage.exists(name):
                    field.storage.delete(name)
                field.name = field.storage.save(name, ContentFile(content))
                if old and old != field.name:
                    field.storage.delete(old)  # a file of an earlier name (an older run's suffixed one)
            locked.status, locked.progress, locked.finished_at, locked.error = RunStatus.DONE, 100, timezone.now(), ""
            locked.heartbeat_at = locked.finished_at
            locked.save(update_fields=["docx", "xlsx", "status", "progress", "finished_at", "error", "heartbeat_at"])
        run.refresh_from_db()
    except Exception as exc:
        SummaryRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    return run


STALE_MESSAGE = "生成任务中断（后台进程异常退出或超时），请重新生成"


def stale_runs():
    """Runs 生成中 whose progress has not moved for SUMMARY_STALE_MINUTES: their worker died."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.SUMMARY_STALE_MINUTES)
    return SummaryRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff))


def recover_stale_runs(runs=None):
    """Mark the runs whose worker died as failed, so they can be asked again; how many."""
    queryset = stale_runs() if runs is None else stale_runs().filter(pk__in=[r.pk for r in runs])
    return queryset.update(status=RunStatus.FAILED, error=_(STALE_MESSAGE))


def summary_filename(run, extension):
    name = title_for(run.kind, run.year, run.area)
    return f"{name}{'（统计附表）' if extension == 'xlsx' else ''}.{extension}"


def scheduled_summaries(kind, year):
    """Beat: draft the summary of every county-level area (no requester)."""
    runs = []
    for area in Area.objects.filter(level=3):
        run, _created = SummaryRun.objects.get_or_create(kind=kind, year=year, area=area)
        if not _created and run.status == RunStatus.DONE and run.requested_by_id:
            continue  # a person has already made this one; leave their text alone
        if _created:
            run.problems, run.plans = previous_texts(kind, year, area)
            run.save()
        runs.append(run)
    return runs
