"""With the cache unreachable every page works uncached and a warning is logged (the dashboard,
every case list and every create or edit answered 500)."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from core import cache as resilient
from core import dataversion
from core.registry import registry
from tests.factories import VeteranFactory
from tests.test_permissions import url_list
from tests.veterans.helpers import form_data
from tests.walk import make_object


def unreachable(location):
    return override_settings(CACHES={"default": {
        "BACKEND": "core.cache.ResilientRedisCache", "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}}})


@pytest.fixture(autouse=True)
def fresh_outage_state():
    resilient.reset()
    yield
    resilient.reset()


def drive_every_kind_of_page(users, tree, client_for):
    VeteranFactory(area=tree["village11"], name="王建军")
    staff, leader = client_for(users["staff"]), client_for(users["leader"])
    assert staff.get(reverse("veterans:veteran_list")).status_code == 200
    assert staff.get(reverse("veterans:veteran_list"), {"q": "王建"}).status_code == 200
    assert staff.get("/veterans/").status_code == 200
    assert leader.get(reverse("home")).status_code == 200  # the dashboard
    created = staff.post(reverse("veterans:veteran_add"), form_data(tree["village12"], name="李卫东"))
    assert created.status_code == 302, created.content.decode()[:500]
    from veterans.models import Veteran

    veteran = Veteran.objects.get(name="李卫东")
    edited = staff.post(reverse("veterans:veteran_edit", args=[veteran.pk]), form_data(tree["village12"], name="李卫东",
                                                                                       id_number=veteran.id_number, unit="某部二连"))
    assert edited.status_code == 302
    assert Veteran.objects.get(pk=veteran.pk).unit == "某部二连"


def test_pages_work_with_the_cache_refusing_connections(users, tree, client_for, caplog):
    with unreachable("redis://127.0.0.1:1/0"), caplog.at_level(logging.WARNING, logger="core.cache"):
        drive_every_kind_of_page(users, tree, client_for)
    assert any("cache unreachable" in r.getMessage() for r in caplog.records)


def test_pages_work_with_a_cache_that_never_answers(users, tree, client_for, silent_server, caplog):
    with unreachable(f"redis://127.0.0.1:{silent_server}/0"), caplog.at_level(logging.WARNING, logger="core.cache"):
        drive_every_kind_of_page(users, tree, client_for)
    warnings = [r for r in caplog.records if "cache unreachable" in r.getMessage()]
    assert len(warnings) == 1  # one timeout, then misses without waiting again


def test_every_walked_page_works_with_the_cache_refusing_connections(users, tree, client_for, caplog):
    """Every URL of the permission walk (tests/test_permissions.py: each registered model's list, add,
    export, import, detail, edit, delete and object actions) and the dashboard, opened by staff with the
    cache down: none answers a server error.  The outage is forgotten before each page, so every page
    meets the refused connection itself, not only the pause after the first refusal."""
    staff = client_for(users["staff"])
    urls = [reverse("home")]
    for vs in sorted(registry.all(), key=lambda vs: vs.model._meta.label_lower):
        urls += [url for _action, url in url_list(vs, make_object(vs, tree, users))]
    assert len(urls) > 50
    statuses, failed = {}, {}
    with unreachable("redis://127.0.0.1:1/0"), caplog.at_level(logging.WARNING, logger="core.cache"):
        for url in urls:
            resilient.reset()
            try:
                statuses[url] = staff.get(url).status_code
            except Exception as exc:  # the test client raises what the server would have answered 500 for
                failed[url] = f"{type(exc).__name__}: {exc}"
    failed.update({url: status for url, status in statuses.items() if status >= 500})
    assert not failed, "server errors with the cache down:\n" + "\n".join(f"{url}: {why}" for url, why in failed.items())
    assert {200, 403} <= set(statuses.values())  # pages shown, and pages staff may not open refused, not broken
    assert any("cache unreachable" in r.getMessage() for r in caplog.records)


def test_after_an_outage_the_data_version_is_renewed(db):
    before = dataversion.data_version()
    with unreachable("redis://127.0.0.1:1/0"):
        dataversion.bump()  # a write while the cache is away renews nothing
    assert resilient.version_suspect()
    after = dataversion.data_version()
    assert after != before and not resilient.version_suspect()
    assert dataversion.data_version() == after == cache.get(dataversion.VERSION_KEY)
