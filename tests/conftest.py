import os
import socket
import threading

import pytest
from django.conf import settings as django_settings

from core.roles import Role
from tests.browser import browser, page  # noqa: F401  (Debian Chromium, for @pytest.mark.browser tests)
from tests.celery_worker import celery_worker  # noqa: F401  (a real worker, for @pytest.mark.worker tests)
from tests.factories import UserFactory, area_tree


def own_cache_per_worker():
    """Each pytest-xdist worker gets a Redis database of its own for the cache (CI: 14, 13, …), so that one worker's
    cache.clear() (a FLUSHDB) or data-version bump never reaches the pages another worker's tests are counting."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = django_settings.CACHES["default"]
    location = cache.get("LOCATION")
    if not worker.startswith("gw") or "redis" not in cache["BACKEND"].lower() or not isinstance(location, str):
        return
    base, _, db = location.rpartition("/")
    if db.isdigit():
        cache["LOCATION"] = f"{base}/{int(db) - int(worker[2:])}"


own_cache_per_worker()  # before any test touches the cache (caches are made at their first use)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 at production strength costs ~0.3 s a user; tests make hundreds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db):
    return area_tree()


@pytest.fixture
def users(tree):
    """One user of each role at the county (the clerk at township 1), and one of each role at township 2 ("other_<role>")."""
    county = tree["county"]
    return {
        "leader": UserFactory(username="leader", role=Role.LEADER, area=county),
        "staff": UserFactory(username="staff", role=Role.STAFF, area=county),
        "clerk": UserFactory(username="clerk", role=Role.CLERK, area=tree["township1"]),
        "auditor": UserFactory(username="auditor", role=Role.AUDITOR, area=county),
        "admin": UserFactory(username="admin", role=Role.ADMIN, area=county),
        "security": UserFactory(username="security", role=Role.SECURITY, area=county),
        "other_clerk": UserFactory(username="other_clerk", role=Role.CLERK, area=tree["township2"]),
        "other_staff": UserFactory(username="other_staff", role=Role.STAFF, area=tree["township2"]),
        "other_leader": UserFactory(username="other_leader", role=Role.LEADER, area=tree["township2"]),
        "other_auditor": UserFactory(username="other_auditor", role=Role.AUDITOR, area=tree["township2"]),
        "other_admin": UserFactory(username="other_admin", role=Role.ADMIN, area=tree["township2"]),
        "other_security": UserFactory(username="other_security", role=Role.SECURITY, area=tree["township2"]),
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers (a hung or firewalled broker)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    server.close()
