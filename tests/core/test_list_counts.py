"""Lists' totals: case records' counts are cached under the data version their saves renew; job rows
(summary runs, AreaScoped but not case records) are counted afresh."""

import pytest
from django.urls import reverse

from core.dataversion import data_version
from reports.models import SummaryRun
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db


def test_the_summary_runs_list_total_follows_new_runs(users, tree, client_for, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts"}}
    client = client_for(users["staff"])
    url = reverse("reports:summaryrun_list")
    SummaryRun.objects.create(kind="half", year=2025, area=tree["county"], requested_by=users["staff"])
    assert client.get(url).context["total"] == 1
    version = data_version()
    SummaryRun.objects.create(kind="year", year=2025, area=tree["county"], requested_by=users["staff"])
    assert data_version() == version  # a run's saves (its progress) do not renew the figures' version...
    assert client.get(url).context["total"] == 2  # ...and its list is counted afresh


def test_a_case_records_list_total_is_renewed_by_a_save(users, tree, client_for, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts2"}}
    client = client_for(users["staff"])
    url = reverse("veterans:veteran_list")
    VeteranFactory(area=tree["village11"])
    assert client.get(url).context["total"] == 1
    version = data_version()
    VeteranFactory(area=tree["village12"])
    assert data_version() != version
    assert client.get(url).context["total"] == 2
