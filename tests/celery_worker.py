"""A real Celery worker for tests, on the broker this run is configured with.

Redis when CELERY_BROKER_URL is set (as in CI), otherwise kombu's in-memory
transport, so a worker test always runs and is never skipped.  The worker runs
in this process (solo pool, in a thread) on the project's own app.
"""

import threading
import uuid

import pytest
from django.conf import settings as django_settings

CELERY_ENVIRONMENT = ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL", "CELERY_RESULT_BACKEND")
# As configured for this run (CI: Redis), captured before any fixture blanks them.
CONFIGURED_BROKER = django_settings.CELERY_BROKER_URL
CONFIGURED_RESULT_BACKEND = django_settings.CELERY_RESULT_BACKEND


def run_tasks_eagerly(settings, monkeypatch):
    """Tasks run in-process (as without a broker) whatever the machine configures.  Celery prefers the
    CELERY_* environment variables (set in CI) to the Django settings, so they go too; a test that needs
    a broker sets the settings itself."""
    for name in CELERY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_RESULT_BACKEND = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True


def broker_and_backend():
    """(broker, result backend): the configured broker, else memory; a backend the worker thread shares."""
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
    """Drop the app's cached broker pools, AMQP routing and result backends.

    The app reads its configuration from django.conf.settings on each access,
    but caches connections, producer pools, queues and backends built from it.
    """
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
def celery_worker(settings, monkeypatch):
    """An in-process Celery worker; yields the app.  Needs a transactional database in the test."""
    from celery.contrib.testing import tasks as _ping  # noqa: F401 - registers celery.ping for the start check
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    # Celery prefers these environment variables to the settings it was configured from.
    for name in CELERY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND = broker_and_backend()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A queue of this test's own: a worker of another test process on the same Redis cannot take its tasks.
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # leave pytest's log capture alone
    settings.CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        # kombu's virtual transports poll an idle queue once a second by default.
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.05}
    forget_connections(app)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=True, shutdown_timeout=15):
            yield app
    finally:
        forget_connections(app)
