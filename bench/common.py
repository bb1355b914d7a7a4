"""What every benchmark shares: Django set-up against the configured database (never a test
database), the scale, the bench users, timing helpers and the BENCH summary line.

A benchmark script starts with::

    import common
    common.setup()

and prints, for each target it checks, one line::

    BENCH <name> <figure> <unit> target <target> <PASS|MISS> [ratio <r> to <reference> <figure> <unit>]

Lines that do not start with BENCH are details (per-case figures, query plans, notes).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

DEFAULT_SCALE = 20000
SCALE = int(os.environ.get("BENCH_SCALE", DEFAULT_SCALE))
PASSWORD = "Bench#2026load"  # bench users only; they exist only in a benchmark database

# username -> (role, where): where is "province", "county" (the first county) or "township" (its first township)
BENCH_USERS = {
    "bench-province-leader": ("leader", "province"),
    "bench-province-staff": ("staff", "province"),
    "bench-county-leader": ("leader", "county"),
    "bench-county-staff": ("staff", "county"),
    "bench-township-clerk": ("clerk", "township"),
}


def setup():
    import django

    django.setup()


def province_code():
    from core.scale import PROVINCE

    return PROVINCE[0]


def places():
    """{"province": Area, "county": Area, "township": Area}: the province, its busiest county and that county's busiest township."""
    from django.db.models import Count

    from core.models import Area
    from veterans.models import Veteran

    code = province_code()
    province = Area.objects.get(code=code)
    counts = (Veteran.objects.inside(code).values("area__parent__parent")
              .annotate(n=Count("id")).order_by("-n", "area__parent__parent")[:1])
    county = Area.objects.get(code=counts[0]["area__parent__parent"])
    counts = (Veteran.objects.inside(county.code).values("area__parent")
              .annotate(n=Count("id")).order_by("-n", "area__parent")[:1])
    township = Area.objects.get(code=counts[0]["area__parent"])
    return {"province": province, "county": county, "township": township}


def bench_users():
    """The bench users, created or brought up to date; {username: User}."""
    from django.contrib.auth.hashers import make_password

    from core.models import User

    where = places()
    encoded = None
    users = {}
    for username, (role, place) in BENCH_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            encoded = encoded or make_password(PASSWORD)
            user = User(username=username, password=encoded)
        user.role, user.area, user.full_name = role, where[place], f"测试{username[6:]}"
        user.is_active, user.must_change_password = True, False
        user.save()
        users[username] = user
    return users


def data_present(scale):
    """Whether the configured database holds the generated province with exactly `scale` veterans."""
    from django.db import connection

    from veterans.models import Veteran

    if "veterans_veteran" not in connection.introspection.table_names():
        return False
    return Veteran.objects.inside(province_code()).count() == scale


def timed(func, *args, **kwargs):
    """(seconds, result)."""
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - started, result


def median_ms(func, runs, warmup=1):
    """Median wall time of `func()` over `runs` runs after `warmup` unmeasured ones, in milliseconds.
    Something slower than half a second is run three times only (the median of three is still a median)."""
    for _n in range(warmup):
        seconds, _result = timed(func)
        if seconds > 0.5:
            runs = min(runs, 3)
    times = []
    for _n in range(runs):
        seconds, _result = timed(func)
        times.append(seconds * 1000)
    return statistics.median(times)


def number(value):
    """A figure as printed: integers plain, others to three significant digits (at least one decimal)."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 100:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


# The users a list page is timed as: a county bureau user and a province bureau user.
LIST_SCOPES = (("county", "bench-county-staff"), ("province", "bench-province-staff"))


def time_list_pages(users, pages, runs, scopes=LIST_SCOPES, width=24):
    """Time list pages as each scope's user: page 1's median server time over `runs` runs through Django's test
    Client, and its SQL queries at 20 and at 200 rows a page (the cache cleared first).  `pages` is
    [(label, url)].  Prints a line a page and scope; returns (the worst median in ms, the most queries)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    worst_ms, most_queries = 0.0, 0
    for scope, username in scopes:
        client = Client()
        client.force_login(users[username])
        for label, url in pages:
            client.get(url)
            ms = median_ms(lambda c=client, u=url: c.get(u), runs)
            counts = {}
            for per_page in (20, 200):
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    client.get(url, {"per_page": per_page})
                counts[per_page] = len(sql_queries(captured))
            detail(f"{label:{width}s} {scope:9s} median {ms:7.1f} ms  queries {counts[20]} (20 a page) "
                   f"{counts[200]} (200 a page)")
            worst_ms, most_queries = max(worst_ms, ms), max(most_queries, *counts.values())
    return worst_ms, most_queries


def time_indicators(app, period, section):
    """Compute every indicator of `app` for the province and for the busiest county over `period` (what the
    summary's `section` reads); prints the time of each area; returns the slower, in seconds."""
    from core.indicators import all_indicators

    items = all_indicators(app)
    slowest = 0.0
    for code, label in ((province_code(), "province"), (places()["county"].code, "county")):
        started = time.perf_counter()
        for item in items:
            item.compute(code, period)
        seconds = time.perf_counter() - started
        detail(f"{len(items)} {section} figures, {label}: {seconds:.2f} s")
        slowest = max(slowest, seconds)
    return slowest


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def sql_queries(captured):
    """The SQL statements of a CaptureQueriesContext, without BEGIN/COMMIT/SAVEPOINT (Django logs those too)."""
    return [q for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


def bench(name, figure, unit, target, passed, ratio=None, reference=None):
    """Print the summary line of one target.  `target` is text such as "<=100" or ">=1500".
    `reference` is (name, figure, unit) of what `ratio` compares with, measured in the same run."""
    line = f"BENCH {name} {number(figure)} {unit} target {target} {'PASS' if passed else 'MISS'}"
    if ratio is not None:
        line += f" ratio {ratio:.2f} to {reference[0]} {number(reference[1])} {reference[2]}"
    print(line, flush=True)
    return passed


def detail(text):
    print(f"  {text}", flush=True)


def vendor():
    from django.db import connection

    return connection.vendor


def renumbered(old, region, rng, used):
    """A new ID number for the person of ID number `old`: the same birth date and sex, in `region`,
    one not in `used` (which it joins) -- so an exported row imports as a new record."""
    from core.idnumber import check_digit

    while True:
        prefix = f"{region}{old[6:14]}{rng.randrange(500) * 2 + int(old[16]) % 2:03d}"
        if prefix not in used:
            used.add(prefix)
            return prefix + check_digit(prefix)
