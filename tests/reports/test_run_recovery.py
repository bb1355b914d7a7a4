"""Summary runs that interleave or whose worker died: one file set per (kind, year, area) whatever
the order, texts edited meanwhile kept, and a run stuck in 生成中 recovered and asked again."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

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
