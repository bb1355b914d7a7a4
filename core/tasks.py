"""Celery tasks of the core app, and the one way every app queues a task."""

import logging
import time

from celery import current_app, shared_task
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.ledger import error_folder
from core.ledgerjobs import run_job
from core.models import LedgerJob

logger = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The task queue cannot be reached: the message is for the user, in Chinese."""


def check_broker(timeout=None):
    """Raise BrokerUnavailable within `timeout` seconds if a configured broker does not answer."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    app = current_app
    timeout = timeout or settings.CELERY_BROKER_CONNECTION_TIMEOUT
    # A connection of its own, not one from the app's pool, with every socket
    # operation bounded: Celery's connect_timeout reaches py-amqp, but kombu's
    # Redis transport only reads the socket_* transport options (default: wait
    # forever), so a Redis that accepts the connection and never answers (or a
    # firewall that drops packets) would otherwise hang the request.
    options = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "max_retries": 0}
    try:
        with app.connection_for_write(connect_timeout=timeout, transport_options=options) as connection:
            connection.ensure_connection(max_retries=0, timeout=timeout)
    except Exception:
        raise BrokerUnavailable(_("任务队列暂时无法连接，请稍后重试或联系系统管理员。")) from None


def enqueue(task, *args, on_error=None, **kwargs):
    """Check the broker now (so the page can say so at once), then send the task when the transaction commits.

    `task` is a task or its name ("reports.tasks.generate_summary_task"): a service names the task it
    queues, so that the tasks module, which calls the services, is not imported by them.

    If sending fails after the commit (the broker went away in between), the error is logged and
    `on_error(exception)` is called, so the caller can mark its row as failed rather than leave it pending.
    """
    check_broker()
    if isinstance(task, str):  # imported now: a web process has not loaded the tasks modules (the worker has)
        task = import_string(task)

    def send():
        try:
            task.delay(*args, **kwargs)
        except Exception as exc:
            if settings.CELERY_TASK_ALWAYS_EAGER:
                raise  # eager: the task itself failed, let the caller see it
            logger.exception("could not queue %s", task.name)
            if on_error is not None:
                on_error(exc)

    transaction.on_commit(send)


@shared_task(acks_late=True)
def purge_expired_files(max_age_hours=24):
    """Remove import error workbooks older than `max_age_hours`; returns how many were removed."""
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in error_folder().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# A province's export (a million rows) takes minutes, past the summaries' time limit (settings): a
# ledger job has its own, six hours.
@shared_task(acks_late=True, time_limit=6 * 3600, soft_time_limit=6 * 3600 - 60)
def run_ledger_job_task(job_id):
    """A big export or import (core.ledgerjobs): load the row, call the service."""
    job = LedgerJob.objects.select_related("user").get(pk=job_id)
    run_job(job)
    return job.pk
