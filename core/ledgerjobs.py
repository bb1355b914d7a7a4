"""Big ledger exports and imports as background jobs: a `LedgerJob` row, a Celery task that loads it by id
and calls `run_job`, and a page that polls its progress (DESIGN.md mechanism 7, as summary runs do).

An export of more rows than settings.LEDGER_ASYNC_EXPORT_ROWS, or an import of a sheet reaching past
row settings.LEDGER_ASYNC_IMPORT_ROWS, is not done inside the request: the view makes the job, queues
it (core.tasks.enqueue: the broker is checked first, and the job is rolled back with its transaction
when the queue is down) and sends the user to the job's page.

The job runs with what the request had: the export rebuilds the list's request from the stored query
string and the owner, so the rows come from the same `visible_to(user)` scope and the same filters, and
the file is masked as the role's export is (unmasked only for a role that may reveal, with the purpose
the request stated).  An import runs `Ledger.import_file` on the stored upload, all or nothing in one
transaction, with the error workbook at the end; the upload is deleted once read.
"""

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from core.audit import log_access
from core.models import AccessKind, LedgerJob, LedgerJobKind, LedgerJobStatus
from core.registry import registry

ERRORS_KEPT = 100  # problems of a rejected import kept on the job (the error workbook has them all)


def export_in_background(row_count):
    return row_count > settings.LEDGER_ASYNC_EXPORT_ROWS


def import_in_background(last_row):
    return last_row > settings.LEDGER_ASYNC_IMPORT_ROWS


def new_export_job(viewset, request, *, total, unmasked, purpose):
    """The (saved, pending) job of an export the request asked for."""
    return LedgerJob.objects.create(
        kind=LedgerJobKind.EXPORT, ledger=viewset.model._meta.label_lower, title=viewset.ledger.title, user=request.user,
        query=request.GET.urlencode(), unmasked=unmasked, purpose=purpose if unmasked else "", total=total)


def new_import_job(viewset, request, *, data, name, update, last_row):
    """The (saved, pending) job of an import: the upload kept under MEDIA_ROOT until the job reads it."""
    job = LedgerJob.objects.create(kind=LedgerJobKind.IMPORT, ledger=viewset.model._meta.label_lower,
                                   title=viewset.ledger.title, user=request.user, update=update, total=last_row,
                                   filename=name[:200])
    job.source.save(f"{job.pk}.xlsx", ContentFile(data), save=True)
    return job


def job_request(job):
    """A GET request as the job's owner made it: what the list's filters and scope read."""
    request = HttpRequest()
    request.method = "GET"
    request.user = job.user
    request.GET = QueryDict(job.query)
    request.META["REMOTE_ADDR"] = ""
    return request


def viewset_of(job):
    return registry.for_model(apps.get_model(job.ledger))


def set_progress(job, done, total=None):
    fields = {"done": done} if total is None else {"done": done, "total": total}
    LedgerJob.objects.filter(pk=job.pk).update(**fields)


def run_job(job):
    """The task's body: run the export or import of `job`, leave its file or result on the row."""
    LedgerJob.objects.filter(pk=job.pk).update(status=LedgerJobStatus.RUNNING, started_at=timezone.now(), error="")
    try:
        if job.kind == LedgerJobKind.EXPORT:
            run_export(job)
        else:
            run_import(job)
    except Exception as exc:
        LedgerJob.objects.filter(pk=job.pk).update(status=LedgerJobStatus.FAILED, finished_at=timezone.now(),
                                                   error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    job.refresh_from_db()
    return job


def run_export(job):
    viewset = viewset_of(job)
    request = job_request(job)
    _filterset, queryset = viewset.filter(request, viewset.get_queryset(request))
    total = queryset.count()
    set_progress(job, 0, total)
    result = viewset.ledger.export(queryset, user=job.user, unmasked=job.unmasked, purpose=job.purpose,
                                   progress=lambda done: set_progress(job, done))
    try:
        with open(result.path, "rb") as handle:
            job.output.save(f"{job.pk}.xlsx", File(handle), save=False)
    finally:
        result.open().close()  # removes the temporary file
    job.filename, job.done, job.total = result.filename, result.rows, result.rows
    job.unmasked = not result.masked
    job.status, job.finished_at = LedgerJobStatus.DONE, timezone.now()
    job.save(update_fields=["output", "filename", "done", "total", "unmasked", "status", "finished_at"])


def run_import(job):
    viewset = viewset_of(job)
    request = job_request(job)
    with job.source.open("rb") as handle:
        outcome = viewset.ledger.import_file(handle, user=job.user, update=job.update,
                                             queryset=viewset.get_queryset(request),
                                             progress=lambda done, total: set_progress(job, done, total))
    job.source.delete(save=False)  # the upload holds whole ID numbers: not kept once read
    job.result = {
        "ok": outcome.ok, "total_rows": outcome.total_rows, "created": outcome.created, "updated": outcome.updated,
        "unchanged": outcome.unchanged, "footer_rows": outcome.footer_rows, "error_rows": outcome.error_rows,
        "error_count": len(outcome.errors), "file_error": outcome.file_error, "error_file": outcome.error_file,
        "errors": [[e.row, e.column, e.message] for e in outcome.errors[:ERRORS_KEPT]],
    }
    log_access(None, AccessKind.IMPORT, user=job.user, target=job.title, detail={
        "file": job.filename, "rows": outcome.total_rows, "created": outcome.created, "updated": outcome.updated,
        "outcome": "ok" if outcome.ok else "rejected", "errors": len(outcome.errors), "job": job.pk})
    job.done = job.total = outcome.total_rows
    job.status, job.finished_at = LedgerJobStatus.DONE, timezone.now()
    job.save(update_fields=["source", "result", "done", "total", "status", "finished_at"])
    return outcome
