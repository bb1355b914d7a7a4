"""Celery tasks of the core app, and the one way every app queues a task."""

import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _


class BrokerUnavailable(Exception):
    """The task queue cannot be reached: the message is for the user, in Chinese."""


def check_broker(timeout=None):
    """Raise BrokerUnavailable within `timeout` seconds if a configured broker does not answer."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from config.celery import app

    timeout = timeout or settings.CELERY_BROKER_CONNECTION_TIMEOUT
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0, timeout=timeout)
    except Exception:
        raise BrokerUnavailable(_("任务队列暂时无法连接，请稍后重试或联系系统管理员。")) from None


def enqueue(task, *args, **kwargs):
    """Check the broker now (so the page can say so at once), then send the task when the transaction commits."""
    check_broker()
    transaction.on_commit(lambda: task.delay(*args, **kwargs))


@shared_task(acks_late=True)
def purge_expired_files(max_age_hours=24):
    """Remove import error workbooks older than `max_age_hours`; returns how many were removed."""
    from core.ledger import error_folder

    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in error_folder().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
