"""Fixtures of the reports tests: tasks run in-process, files go to a temporary media folder."""

import pytest

from tests.celery_worker import CELERY_ENVIRONMENT
from tests.reports.dataset import build_dataset


@pytest.fixture(autouse=True)
def eager_tasks(settings, monkeypatch, tmp_path):
    """Tasks run eagerly (as without a broker) whatever the machine configures, and write under tmp_path.

    Celery prefers the CELERY_* environment variables (set in CI) to the Django settings, so they go too;
    a test that needs a broker sets the settings itself.
    """
    for name in CELERY_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_RESULT_BACKEND = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def data(tree):
    """The dataset of tests.reports.dataset for 2025 (and 2024 to compare with)."""
    return build_dataset(tree, 2025)
