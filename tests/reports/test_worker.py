"""A work summary made by a real Celery worker, as in production (the pattern of tests/core/test_tasks.py).

The worker runs in this process (solo pool, in a thread) against the configured broker: Redis when
CELERY_BROKER_URL is set (as in CI), otherwise kombu's in-memory transport, so the test always runs.
"""

import datetime
import time

import pytest
from celery.result import EagerResult

from reports.models import RunStatus, SummaryRun
from reports.services import summary_request
from reports.tasks import generate_summary_task
from tests.reports.dataset import build_dataset

YEAR = datetime.date.today().year - 1


def wait_for(run, seconds=60):
    """The run once the worker has finished with it (or as it is after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.DONE, RunStatus.FAILED):
            break
        # Not more often: on SQLite the test's and the worker's connections share one in-memory database,
        # where a read at the moment of the worker's write makes that write fail ("table is locked").
        time.sleep(0.5)
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
