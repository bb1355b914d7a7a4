"""Summary runs that interleave or whose worker died: one file set per (kind, year, area) whatever
the order, texts edited meanwhile kept, and a run stuck in 生成中 recovered and asked again."""

import datetime
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import RunStatus, SummaryRun
from reports.services import recover_stale_runs, summary_generate, summary_request
from tests.reports.dataset import build_dataset

YEAR = datetime.date.today().year - 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def files():
    return sorted(p.name for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file())


@pytest.fixture
def run(tree, users):
    build_dataset(tree, YEAR)
    return SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], requested_by=users["staff"],
                                     problems="旧问题", plans="旧打算")


def test_two_interleaved_runs_leave_one_file_set(run):
    """Both loaded before either finished (a request and the beat's draft, or a redelivered message)."""
    first, second = SummaryRun.objects.get(pk=run.pk), SummaryRun.objects.get(pk=run.pk)
    summary_generate(first)
    summary_generate(second)  # still holds the row as it was before the first run's files
    summary_generate(SummaryRun.objects.get(pk=run.pk))
    stem = f"{run.area_id}-{YEAR}-annual"
    assert files() == [f"{stem}.docx", f"{stem}.xlsx"]
    stored = SummaryRun.objects.get(pk=run.pk)
    assert stored.docx.name == f"summaries/{stem}.docx" and stored.docx.storage.exists(stored.docx.name)
    assert stored.status == RunStatus.DONE


@contextmanager
def database_for_threads(tmp_path):
    """Yields what each thread calls first: it gives the thread its own connection to the test database.

    PostgreSQL's are real connections already.  SQLite's in-memory test database lets one connection
    write and makes any other fail at once ("table is locked"), where a database file makes it wait;
    so on SQLite the threads work on a file copy of it, copied back when they are done."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    wrapper = connections["default"]
    settings_dict = {**wrapper.settings_dict, "NAME": str(path)}
    yield lambda: connections.__setitem__("default", type(wrapper)(settings_dict, "default"))
    with closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_leave_one_row_and_one_file_set(tree, users, monkeypatch, tmp_path):
    """Two threads, each with its own connection, generate the same summary at once: both compute
    their figures and files, meet at a barrier just before the row lock, then replace the files
    together.  Each file save is slowed so that, without the lock, the second would find the name
    taken and leave a suffixed orphan beside the first run's file."""
    build_dataset(tree, YEAR)
    run = SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], requested_by=users["staff"])
    barrier = threading.Barrier(2, timeout=120)
    real_render, real_save = services.render_xlsx, FileSystemStorage._save
    errors, saved = [], []

    def render_then_meet(*args, **kwargs):
        content = real_render(*args, **kwargs)
        barrier.wait()  # both runs have their bytes; what follows is the locked replacement of the files
        return content

    def slow_save(storage, name, content):
        saved.append((threading.get_ident(), name))
        time.sleep(0.3)
        return real_save(storage, name, content)

    monkeypatch.setattr(services, "render_xlsx", render_then_meet)
    monkeypatch.setattr(FileSystemStorage, "_save", slow_save)

    def generate():
        connect()
        try:
            summary_generate(SummaryRun.objects.get(pk=run.pk))
        except BaseException as exc:  # reported below; the other thread is let go from the barrier
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()  # the thread's own connection

    with database_for_threads(tmp_path) as connect:
        threads = [threading.Thread(target=generate) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    writers = [ident for ident, _name in saved]
    assert len(set(writers)) == 2 and len(writers) == 4  # both runs wrote their files,
    assert writers[0] == writers[1] and writers[2] == writers[3]  # one after the other, each under the lock
    stem = f"{run.area_id}-{YEAR}-annual"
    assert files() == [f"{stem}.docx", f"{stem}.xlsx"]
    assert SummaryRun.objects.filter(kind="annual", year=YEAR, area=run.area).count() == 1
    stored = SummaryRun.objects.get(pk=run.pk)
    assert (stored.docx.name, stored.xlsx.name) == (f"summaries/{stem}.docx", f"summaries/{stem}.xlsx")
    assert stored.status == RunStatus.DONE and stored.progress == 100


def test_an_older_runs_suffixed_file_is_removed(run):
    from django.core.files.base import ContentFile

    run.docx.save(f"{run.area_id}-{YEAR}-annual_Ab12Cd.docx", ContentFile(b"old"), save=True)
    summary_generate(SummaryRun.objects.get(pk=run.pk))
    assert all("_Ab12Cd" not in name for name in files()) and len(files()) == 2


def test_texts_edited_while_the_task_ran_are_kept(run):
    loaded = SummaryRun.objects.get(pk=run.pk)
    SummaryRun.objects.filter(pk=run.pk).update(problems="新问题：服务站人员不足。", plans="新打算")  # edited meanwhile
    summary_generate(loaded)
    stored = SummaryRun.objects.get(pk=run.pk)
    assert (stored.problems, stored.plans) == ("新问题：服务站人员不足。", "新打算")


def test_a_run_whose_worker_died_is_failed_and_can_be_asked_again(run, users, client_for, settings):
    settings.SUMMARY_STALE_MINUTES = 5
    SummaryRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40,
                                                heartbeat_at=timezone.now() - datetime.timedelta(minutes=6))
    fresh = SummaryRun.objects.create(kind="half", year=YEAR, area=run.area, status=RunStatus.RUNNING,
                                      heartbeat_at=timezone.now())
    client = client_for(users["staff"])

    page = client.get(reverse("reports:summary_progress", args=[run.pk])).content.decode()

    assert "生成任务中断" in page and "hx-get" not in page  # the page stops polling a run that cannot finish
    assert SummaryRun.objects.get(pk=run.pk).status == RunStatus.FAILED
    assert "hx-get" in client.get(reverse("reports:summary_progress", args=[fresh.pk])).content.decode()
    assert recover_stale_runs() == 0  # the live one is left alone
    again = summary_request(kind="annual", year=YEAR, area=run.area, user=users["staff"], problems="重新生成")
    again.refresh_from_db()
    assert again.pk == run.pk and again.status == RunStatus.PENDING and again.problems == "重新生成"  # queued again
    assert SummaryRun.objects.filter(kind="annual", year=YEAR, area=run.area).count() == 1


def test_a_running_run_with_a_live_worker_cannot_be_asked_twice(run, users):
    from django.core.exceptions import ValidationError

    SummaryRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    with pytest.raises(ValidationError, match="正在生成"):
        summary_request(kind="annual", year=YEAR, area=run.area, user=users["staff"])


def test_the_broker_gives_a_dead_workers_message_back_within_minutes_not_an_hour(settings):
    from config import settings as config

    assert config.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 5 * config.SUMMARY_EXPECTED_SECONDS == 600
    assert config.CELERY_TASK_TIME_LIMIT < config.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert config.CELERY_BEAT_SCHEDULE["recover-stale-summaries"]["task"] == "reports.tasks.recover_stale_runs_task"
