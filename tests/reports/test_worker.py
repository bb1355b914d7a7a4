"""A work summary made by a real Celery worker, as in production (the pattern of tests/core/test_tasks.py).

The worker runs in this process (solo pool, in a thread) against the configured broker: Redis when
CELERY_BROKER_URL is set (as in CI), otherwise kombu's in-memory transport, so the test always runs.
"""

import datetime
import threading
import time
import uuid

import pytest
from celery.result import EagerResult

from reports.models import RunStatus, SummaryRun
from reports.services import summary_request
from reports.tasks import generate_summary_task
from tests.reports.conftest import CONFIGURED_BROKER, CONFIGURED_RESULT_BACKEND
from tests.reports.dataset import build_dataset

YEAR = datetime.date.today().year - 1


def broker_and_backend():
    broker = CONFIGURED_BROKER or "memory://"
    backend = CONFIGURED_RESULT_BACKEND
    if not backend:
        if broker.startswith("memory://"):
            backend = "cache+memory://"  # one dict per process: the worker thread and the test share it
        elif broker.startswith(("redis://", "rediss://")):
            backend = broker
        else:
            backend = "rpc://"
    return broker, backend


def forget_connections(app):
    """Drop the app's cached broker pools, AMQP routing and result backends (built from earlier settings)."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    for name in ("amqp", "control", "events"):
        app.__dict__.pop(name, None)
    pools.reset()
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def celery_worker(settings):
    from celery.contrib.testing import tasks as _ping  # noqa: F401 - registers celery.ping for the start check
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND = broker_and_backend()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A queue of this test's own: a worker of another test process on the same Redis cannot take its tasks.
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_WORKER_HIJACK_ROOT_LOGGER = False
    settings.CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.05}
    forget_connections(app)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=15):
            yield app
    finally:
        forget_connections(app)


def wait_for(run, seconds=60):
    """The run once the worker has finished with it (or as it is after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.DONE, RunStatus.FAILED):
            break
        time.sleep(0.1)
    return run


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_summary_made_by_a_worker(celery_worker, tree, users):
    build_dataset(tree, YEAR)
    run = summary_request(kind="annual", year=YEAR, area=tree["county"], user=users["staff"], problems="人员不足。")
    # committed: the task went to the broker on commit, and the worker takes it from there
    run = wait_for(run)
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100
    assert run.docx.name == f"summaries/330727-{YEAR}-annual.docx"
    assert run.xlsx.storage.exists(run.xlsx.name)

    result = generate_summary_task.delay(run.pk)  # again, straight to the queue: the same row, new files
    assert not isinstance(result, EagerResult)
    assert result.get(timeout=60) == run.pk
    assert SummaryRun.objects.count() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
