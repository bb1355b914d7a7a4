"""Thin Celery tasks: load the row, call the service."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from reports.dashboard import rollup_refresh
from reports.models import SummaryRun
from reports.services import recover_stale_runs, scheduled_summaries, summary_generate


@shared_task(acks_late=True)
def generate_summary_task(run_id):
    run = SummaryRun.objects.select_related("area").get(pk=run_id)
    summary_generate(run)
    return run.pk


@shared_task(acks_late=True)
def scheduled_summaries_task(kind):
    """1 July: the half-year drafts of this year; 1 January: the annual drafts of last year."""
    today = datetime.date.today()
    year = today.year if kind == "half" else today.year - 1
    for run in scheduled_summaries(kind, year):
        generate_summary_task.delay(run.pk)


@shared_task
def recover_stale_runs_task():
    """Every minute (beat): runs whose worker died are marked failed, so they can be asked again."""
    return recover_stale_runs()


ROLLUP_LOCK = "rollup:refreshing"


@shared_task
def rollup_refresh_task():
    """Every ROLLUP_INTERVAL_SECONDS (beat): renew the dashboards' roll-ups that changed.  One run at a time:
    a run still going when the next is due lets that one pass (its marks wait for the one after)."""
    if not cache.add(ROLLUP_LOCK, 1, 2 * settings.ROLLUP_INTERVAL_SECONDS):
        return None
    try:
        return rollup_refresh()
    finally:
        cache.delete(ROLLUP_LOCK)
