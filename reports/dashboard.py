"""The leadership dashboard: indicators of the user's area, rolled up ahead of time.

Roll-ups
--------
A province's figures read nearly every row of every app (1.4 s and more at a million veterans), so
the dashboards of the province, its cities and its counties (ROLLUP_CODE_LENGTHS) are computed ahead
of time into FigureRollup cells and the page reads them: one query for the cells, whatever the size
of the data.  Townships and villages read their own few rows directly, cached under the data version.

- A cell is one indicator's own figure for one area and one period, the very question
  compute_dashboard asks: a tile's this year to date and the same days last year, a trend's month, a
  breakdown's child area.  Nothing is summed from other cells, so rates, distinct people and stocks at
  a period's end need no numerator, denominator or month-end stock of their own: every figure on the
  page is the one compute_dashboard gives (tests/reports/test_rollup.py compares them).
- What renews them: every save or delete of a case record writes a RollupMark of its area in the same
  transaction (reports.marks); a bulk write (records_changed) marks everything.  rollup_refresh, run
  by Celery beat every ROLLUP_INTERVAL_SECONDS (300 s; settings refuse more than 600), reads the marks,
  recomputes the dashboards of the areas holding a change (its county, its city, the province) and
  of those not yet computed for today (at a day's first run every one: the periods moved on), then
  deletes the marks it read, by id, so that a mark committed while it ran waits for the next run.  A
  change thus reaches its tiles within one interval and one run.
- First use: a dashboard with no cells for today (a new area, the minutes after midnight before the
  job ran, a child area or an indicator newer than its cells) is computed in the request, by one
  request at a time (the others wait for its cells), and stored.  So is one whose area holds a change
  marked after its cells were computed and more than ROLLUP_INTERVAL_SECONDS + ROLLUP_GRACE_SECONDS
  ago: the job is behind or not running (no worker), and the page still keeps the ten-minute bound.
- The page says when its figures were computed: 数据更新于 HH:MM.

The cost moves to the worker: renewing the province is the direct computation once per interval in
which anything changed, not once per leader opening the page.
"""

import calendar
import datetime
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core import indicators
from core.dataversion import data_version
from core.indicators import Period
from core.models import CODE_LENGTH_LEVEL, Area, code_range
from core.roles import Role
from reports.formatting import comparison, value_text
from reports.models import FigureRollup, RollupMark

CACHE_SECONDS = 600
# The levels whose dashboards are rolled up: province, city, county (division codes of 2, 4 and 6 digits).
ROLLUP_CODE_LENGTHS = (2, 4, 6)


def month_periods(year, last_month):
    return [Period(datetime.date(year, m, 1), datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, last_month + 1)]


def month_label(period, today):
    return f"{period.start.month}月（本月至今）" if today < period.end else f"{period.start.month}月"


def child_areas(area):
    return list(Area.objects.filter(parent=area).order_by("code"))


def dashboard_figures(area, today, children):
    """{(indicator, area code, start, end): value}: every figure the dashboard of `area` on `today` shows.

    Each figure is one query whatever the number of months or child areas: the indicators' grouped forms
    (core.indicators.compute_series / compute_by_area) count every period or child area at once.
    """
    period = Period(datetime.date(today.year, 1, 1), today)
    figures = {}

    def put(name, code, span, value):
        figures[(name, code, span.start, span.end)] = value

    for name in indicators.dashboard_tiles():
        current, previous = indicators.compute_with_last_year(name, area.code, period)
        put(name, area.code, period, current)
        put(name, area.code, period.previous_year(), previous)
    months = month_periods(today.year, today.month)
    for name in indicators.dashboard_trends():
        for month, value in zip(months, indicators.compute_series(name, area.code, months), strict=True):
            put(name, area.code, month, value)
    codes = [child.code for child in children]
    for name in indicators.dashboard_breakdowns():
        for code, value in zip(codes, indicators.compute_by_area(name, area.code, codes, period), strict=True):
            put(name, code, period, value)
    return figures


def render_dashboard(area, today, children, figures, computed_at):
    """The page's data from `figures` (dashboard_figures'); a KeyError when one it needs is not among them."""
    period = Period(datetime.date(today.year, 1, 1), today)

    def figure(name, code, span):
        return figures[(name, code, span.start, span.end)]

    tiles = []
    for name in indicators.dashboard_tiles():
        item = indicators.get(name)
        current, previous = figure(name, area.code, period), figure(name, area.code, period.previous_year())
        tiles.append({"label": item.label, "value": value_text(current, item.unit),
                      "change": comparison(current, previous, item.unit) or "去年同期无数据"})
    months = month_periods(today.year, today.month)
    trends = [{"name": indicators.get(name).label,
               "data": [figure(name, area.code, month) or 0 for month in months]}
              for name in indicators.dashboard_trends()]
    breakdown = [{"name": indicators.get(name).label,
                  "data": [float(figure(name, child.code, period) or 0) for child in children]}
                 for name in indicators.dashboard_breakdowns()]
    return {
        "area": {"code": area.code, "name": area.full_name},
        "parent": area.parent_id if area.parent_id else None,
        "year": today.year,
        "tiles": tiles,
        # The current month is not over: its figure so far is no fall, so it is named 本月至今 and
        # drawn apart from the line (static/js/dashboard.js).
        "months": [f"{p.start.month}月" for p in months[:-1]] + [month_label(months[-1], today)],
        "partial_last": today < months[-1].end,
        "trends": trends,
        "children": [{"code": c.code, "name": c.name} for c in children],
        "breakdown": breakdown,
        "computed_at": f"{timezone.localtime(computed_at):%H:%M}",
    }


def compute_dashboard(area, today):
    """Tiles (this year to date against the same days last year), monthly trends and the breakdown by child
    area, computed now from every app's tables."""
    children = child_areas(area)
    return render_dashboard(area, today, children, dashboard_figures(area, today, children), timezone.now())


# ---------------------------------------------------------------- roll-ups


def is_rolled_up(area):
    return len(area.code) in ROLLUP_CODE_LENGTHS


def rollup_store(area, today, figures, computed_at):
    """Replace the cells of the dashboard of `area` by `figures`; False when another process stored them
    at the same moment (theirs are as new)."""
    cells = [FigureRollup(dashboard=area.code, day=today, indicator=name, area_code=code, start=start, end=end,
                          value=None if value is None else Decimal(value), whole=isinstance(value, int),
                          computed_at=computed_at)
             for (name, code, start, end), value in figures.items()]
    try:
        with transaction.atomic():
            FigureRollup.objects.filter(dashboard=area.code).delete()
            FigureRollup.objects.bulk_create(cells)
    except IntegrityError:
        return False
    return True


def rollup_read(area, today):
    """(figures, computed_at) of the dashboard of `area` for `today` as last rolled up, or None."""
    rows = list(FigureRollup.objects.filter(dashboard=area.code, day=today)
                .values_list("indicator", "area_code", "start", "end", "value", "whole", "computed_at"))
    if not rows:
        return None
    figures = {(name, code, start, end): int(value) if whole and value is not None else value
               for name, code, start, end, value, whole, _at in rows}
    return figures, min(row[-1] for row in rows)


def rollup_compute(area, today, children=None):
    """Compute the dashboard of `area` for `today` now and store its cells: (figures, computed_at)."""
    children = child_areas(area) if children is None else children
    computed_at = timezone.now()
    figures = dashboard_figures(area, today, children)
    rollup_store(area, today, figures, computed_at)
    return figures, computed_at


# How long after the job was due a change may wait for it before the page computes the figures itself.
ROLLUP_GRACE_SECONDS = 60


def rollup_behind(area, computed_at):
    """Whether a change in `area`, marked after `computed_at`, has waited longer than the job should take."""
    waited = timezone.now() - timedelta(seconds=settings.ROLLUP_INTERVAL_SECONDS + ROLLUP_GRACE_SECONDS)
    inside = Q(code="") | Q(**code_range("code", area.code))
    return RollupMark.objects.filter(inside, at__gt=computed_at, at__lt=waited).exists()


def rolled_up_dashboard(area, today):
    """The dashboard of a province, city or county from its cells; computed here on first use (or when
    the job is behind)."""
    children = child_areas(area)

    def from_cells():
        found = rollup_read(area, today)
        if found is None or rollup_behind(area, found[1]):
            return None
        try:
            return render_dashboard(area, today, children, *found)
        except KeyError:  # a child area or an indicator newer than the cells
            return None

    data = from_cells()
    if data is not None:
        return data
    lock = f"rollup:{area.code}:{today:%Y%m%d}:computing"
    if not cache.add(lock, 1, WAIT_SECONDS):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            data = from_cells()
            if data is not None:
                return data
            if cache.get(lock) is None:  # the other request failed: compute it here
                break
    try:
        return render_dashboard(area, today, children, *rollup_compute(area, today, children))
    finally:
        cache.delete(lock)


def rollup_areas():
    """{code: Area} of every area whose dashboard is rolled up."""
    levels = [CODE_LENGTH_LEVEL[length] for length in ROLLUP_CODE_LENGTHS]
    return {area.code: area for area in Area.objects.filter(level__in=levels)}


def rollup_refresh(*, today=None, everything=False):
    """Renew the roll-ups that changed: the dashboards of the areas holding a change marked since the last
    run (RollupMark: its county, city and province), and those with no cells for `today`.

    Returns the codes of the dashboards renewed.  The marks read are deleted by id at the end: one written
    (or committed) while this ran stays for the next run, so no change is lost between two runs.
    """
    today = today or datetime.date.today()
    marks = list(RollupMark.objects.values_list("id", "code"))
    areas = rollup_areas()
    current = set(FigureRollup.objects.filter(day=today).values_list("dashboard", flat=True).distinct())
    due = set(areas) if everything else {code for code in areas if code not in current}
    for _id, code in marks:
        if not code:
            due = set(areas)
            break
        due.update(code[:length] for length in ROLLUP_CODE_LENGTHS if length <= len(code))
    due &= set(areas)
    children = {}
    for child in Area.objects.filter(parent__in=due).order_by("code"):
        children.setdefault(child.parent_id, []).append(child)
    for code in sorted(due, key=lambda c: (-len(c), c)):  # counties first: their leaders see the change soonest
        rollup_compute(areas[code], today, children.get(code, []))
    ids = [mark_id for mark_id, _code in marks]
    for start in range(0, len(ids), 500):
        RollupMark.objects.filter(id__in=ids[start:start + 500]).delete()
    FigureRollup.objects.exclude(dashboard__in=list(areas)).delete()  # areas no longer in the tree
    return sorted(due)


WAIT_SECONDS = 30


def dashboard_data(area, today=None):
    """The dashboard: of a province, city or county from its roll-up; of a township or village computed
    (cached until a record changes), by one request at a time.

    When several leaders open the same uncached dashboard at once (the morning after a change), one
    request computes it and the others wait for its result instead of each running the same queries.
    """
    today = today or datetime.date.today()
    if is_rolled_up(area):
        return rolled_up_dashboard(area, today)
    key = f"dashboard:{data_version()}:{area.code}:{today:%Y%m%d}"
    data = cache.get(key)
    if data is not None:
        return data
    lock = f"{key}:computing"
    if not cache.add(lock, 1, WAIT_SECONDS):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            data = cache.get(key)
            if data is not None:
                return data
            if cache.get(lock) is None:  # the other request failed: compute it here
                break
    try:
        data = compute_dashboard(area, today)
        cache.set(key, data, CACHE_SECONDS)
    finally:
        cache.delete(lock)
    return data


def home_panel(request):
    """The dashboard on a leader's home page; ?area= drills down inside their own area."""
    user = request.user
    if user.role != Role.LEADER or not user.area_id:
        return None
    areas = Area.objects.visible_to(user)
    area = areas.filter(code=request.GET.get("area", "")).first() or areas.get(code=user.area_id)
    data = dashboard_data(area)
    data["can_go_up"] = area.code != user.area_id
    return ("reports/dashboard.html", data)
