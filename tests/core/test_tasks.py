"""Celery tasks of the core app, through a real worker, and the broker check that guards every enqueue.

The worker test runs against the configured broker: Redis when CELERY_BROKER_URL
is set (as in CI), otherwise kombu's in-memory transport, so it always runs.
"""

import os
import time

import pytest
from celery.result import EagerResult

from core.tasks import BrokerUnavailable, check_broker, enqueue, purge_expired_files

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def settings(settings, monkeypatch):
    """pytest-django's settings, made the only source of the broker and backend URLs.

    Celery prefers the environment variables CELERY_BROKER_URL, CELERY_BROKER_READ_URL,
    CELERY_BROKER_WRITE_URL and CELERY_RESULT_BACKEND to the settings it was configured
    from, so with those set (as in CI) overriding the settings alone would change nothing.
    """
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    return settings


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_purge_expired_files_through_worker(celery_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from core.ledger import error_folder

    folder = error_folder()
    assert folder.is_relative_to(tmp_path)
    old = folder / "old-errors.xlsx"
    new = folder / "new-errors.xlsx"
    other = folder / "old-notes.txt"
    for path in (old, new, other):
        path.write_bytes(b"PK\x03\x04")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))

    result = purge_expired_files.delay()
    assert not isinstance(result, EagerResult)  # it went through the broker
    assert result.get(timeout=30) == 1
    assert result.state == "SUCCESS"

    assert not old.exists()
    assert new.exists()
    assert other.exists()  # only the error workbooks are purged


def test_check_broker_fails_fast_on_closed_port(settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable) as excinfo:
        check_broker()
    elapsed = time.monotonic() - started
    assert elapsed < 3.5, f"check_broker took {elapsed:.1f}s"
    assert "任务队列暂时无法连接" in str(excinfo.value)


def test_check_broker_fails_fast_when_broker_never_answers(settings, silent_server):
    """Kombu's Redis transport waits forever on the socket unless told otherwise."""
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent_server}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable):
        check_broker(timeout=1)
    elapsed = time.monotonic() - started
    assert elapsed < 3.5, f"check_broker took {elapsed:.1f}s"


def test_check_broker_accepts_memory_transport(settings):
    settings.CELERY_BROKER_URL = "memory://"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    check_broker()


def test_enqueue_registers_nothing_when_broker_down(db, settings, django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(BrokerUnavailable):
            enqueue(purge_expired_files, max_age_hours=1)
    assert callbacks == []


def test_enqueue_runs_task_after_commit_in_eager_mode(db, settings, tmp_path, django_capture_on_commit_callbacks):
    """The developer default (no broker): the task runs in-process once the transaction commits."""
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path
    from core.ledger import error_folder

    old = error_folder() / "old.xlsx"
    old.write_bytes(b"")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(purge_expired_files, max_age_hours=1)
        assert old.exists()  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not old.exists()


def test_a_task_named_by_a_service_is_found_in_a_web_process(tmp_path):
    """A web process has not imported the apps' tasks modules (a worker has): a service that names
    its task ("reports.tasks.generate_summary_task") must still queue it."""
    import subprocess
    import sys

    from django.conf import settings as django_settings

    script = (
        "import sys, django; django.setup()\n"
        "assert 'reports.tasks' not in sys.modules, 'the web process already had the tasks'\n"
        "from django.db import transaction\n"
        "from core.tasks import enqueue\n"
        "with transaction.atomic():\n"
        "    enqueue('reports.tasks.generate_summary_task', 0)\n"
        "    transaction.set_rollback(True)\n"
        "print('queued')\n")
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
           "PATH": "/usr/bin:/bin", "CELERY_BROKER_URL": ""}
    done = subprocess.run([sys.executable, "-c", script], cwd=django_settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "queued", done.stderr[-1500:]
