"""The leadership dashboard: indicators of the user's area, cached until a record changes."""

import calendar
import datetime
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import indicators
from core.indicators import Period
from core.models import Area, ScopedModel
from core.roles import Role
from core.signals import records_changed
from reports.formatting import comparison, value_text

VERSION_KEY = "dashboard:version"
CACHE_SECONDS = 600


@receiver(post_save)
@receiver(post_delete)
def invalidate(sender, instance, **kwargs):
    """Any change to a case record makes every cached dashboard stale."""
    if isinstance(instance, ScopedModel) and sender._meta.app_label != "reports":
        bump()


@receiver(records_changed)
def invalidate_bulk(sender, **kwargs):
    """Bulk writes (ledger imports) send no post_save: they say so through core.signals.records_changed."""
    bump()


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), None)


def _fresh_version():
    """A version no earlier one can have had: after the key was evicted, restarting at 1 would serve dashboards
    cached under an old version 1."""
    return time.time_ns()


def _version():
    return cache.get_or_set(VERSION_KEY, _fresh_version, None)


def month_periods(year, last_month):
    return [Period(datetime.date(year, m, 1), datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, last_month + 1)]


def compute_dashboard(area, today):
    """Tiles (this year to date against the same days last year), monthly trends and the breakdown by child area."""
    period = Period(datetime.date(today.year, 1, 1), today)
    tiles = []
    for name in indicators.dashboard_tiles():
        item = indicators.get(name)
        current, previous = indicators.compute_with_last_year(name, area.code, period)
        tiles.append({"label": item.label, "value": value_text(current, item.unit),
                      "change": comparison(current, previous, item.unit) or "去年同期无数据"})
    months = month_periods(today.year, today.month)
    trends = [{"name": indicators.get(name).label,
               "data": [indicators.compute(name, area.code, p) or 0 for p in months]}
              for name in indicators.dashboard_trends()]
    children = list(Area.objects.filter(parent=area).order_by("code"))
    breakdown = [{"name": indicators.get(name).label,
                  "data": [float(indicators.compute(name, child.code, period) or 0) for child in children]}
                 for name in indicators.dashboard_breakdowns()]
    return {
        "area": {"code": area.code, "name": area.full_name},
        "parent": area.parent_id if area.parent_id else None,
        "year": today.year,
        "tiles": tiles,
        "months": [f"{p.start.month}月" for p in months],
        "trends": trends,
        "children": [{"code": c.code, "name": c.name} for c in children],
        "breakdown": breakdown,
    }


def dashboard_data(area, today=None):
    today = today or datetime.date.today()
    key = f"dashboard:{_version()}:{area.code}:{today:%Y%m%d}"
    data = cache.get(key)
    if data is None:
        data = compute_dashboard(area, today)
        cache.set(key, data, CACHE_SECONDS)
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
