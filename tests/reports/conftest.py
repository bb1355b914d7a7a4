"""Fixtures of the reports tests: tasks run in-process, files go to a temporary media folder."""

import pytest

from tests.celery_worker import run_tasks_eagerly
from tests.reports.dataset import build_dataset


@pytest.fixture(autouse=True)
def eager_tasks(settings, monkeypatch, tmp_path):
    """Tasks run eagerly (tests.celery_worker.run_tasks_eagerly), and write under tmp_path."""
    run_tasks_eagerly(settings, monkeypatch)
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def data(tree):
    """The dataset of tests.reports.dataset for 2025 (and 2024 to compare with)."""
    return build_dataset(tree, 2025)
