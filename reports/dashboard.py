"""The leadership dashboard: indicators of the user's area, cached until a record changes."""

import calendar
import datetime
import time

from django.core.cache import cache

from core import indicators
from core.dataversion import data_version
from core.indicators import Period
from core.models import Area
from core.roles import Role
from reports.formatting import comparison, value_text

CACHE_SECONDS = 600


def month_periods(year, last_month):
    return [Period(datetime.date(year, m, 1), datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, last_month + 1)]


def month_label(period, today):
    return f"{period.start.month}月（本月至今）" if today < period.end else f"{period.start.month}月"


def compute_dashboard(area, today):
    """Tiles (this year to date against the same days last year), monthly trends and the breakdown by child area.

    Each figure is one query whatever the number of months or child areas: the indicators' grouped forms
    (core.indicators.compute_series / compute_by_area) count every period or child area at once.
    """
    period = Period(datetime.date(today.year, 1, 1), today)
    tiles = []
    for name in indicators.dashboard_tiles():
        item = indicators.get(name)
        current, previous = indicators.compute_with_last_year(name, area.code, period)
        tiles.append({"label": item.label, "value": value_text(current, item.unit),
                      "change": comparison(current, previous, item.unit) or "去年同期无数据"})
    months = month_periods(today.year, today.month)
    trends = [{"name": indicators.get(name).label,
               "data": [value or 0 for value in indicators.compute_series(name, area.code, months)]}
              for name in indicators.dashboard_trends()]
    children = list(Area.objects.filter(parent=area).order_by("code"))
    codes = [child.code for child in children]
    breakdown = [{"name": indicators.get(name).label,
                  "data": [float(value or 0) for value in indicators.compute_by_area(name, area.code, codes, period)]}
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
    }


WAIT_SECONDS = 30


def dashboard_data(area, today=None):
    """The dashboard, from the cache; computed by one request at a time.

    When several leaders open the same uncached dashboard at once (the morning after a change), one
    request computes it and the others wait for its result instead of each running the same
    whole-province queries, which would hold the database's cores for all the other pages.
    """
    today = today or datetime.date.today()
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
