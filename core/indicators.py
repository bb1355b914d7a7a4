"""Indicators (DESIGN.md mechanism 6): named figures for (area, period).

Each app's indicators.py registers functions::

    @indicator("veterans.cards_issued", "发放优待证", "张")
    def cards_issued(area, period):
        return PreferentialCard.objects.inside(area).filter(issued_on__range=period.range).count()

`area` is a division code (everything inside it counts); `period` a Period.
Reports and the dashboard read figures only through `compute`, so the summary
text never reaches into another app's tables.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Value
from django.db.models.functions import Substr

UNITS = ("人", "人次", "户", "张", "场", "件", "万元", "元", "%", "个", "支", "小时", "名", "家", "块", "次", "份")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def range(self):
        return (self.start, self.end)

    @classmethod
    def half_year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30))

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def previous_year(self):
        def back(day):
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return Period(back(self.start), back(self.end))

    def __str__(self):
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    unit: str
    func: object
    app: str
    rate: bool = False  # a percentage: differences read as 个百分点

    def compute(self, area, period):
        return self.normalize(self.func(str(area), period))

    @staticmethod
    def normalize(value):
        return Decimal(value).quantize(Decimal("0.01")) if isinstance(value, float) else value


_registry = {}


def indicator(name, label, unit, *, rate=False):
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit}")

    def decorate(func):
        _registry[name] = Indicator(name, label, unit, func, name.split(".")[0], rate=rate or unit == "%")
        return func

    return decorate


# Grouped forms of an indicator (optional): the same figures as `func`, for several periods or for
# every child area in one query.  Callers go through compute_series / compute_by_area, which fall
# back to one compute() per period or per child when an indicator has no grouped form.
_series = {}
_by_area = {}


def series_of(name):
    """Register func(area, periods) -> [value per period] for indicator `name`: one query for any list of
    periods (the dashboard's months, a period and the same period last year), each value exactly what
    compute(name, area, period) gives."""

    def decorate(func):
        _series[name] = func
        return func

    return decorate


def by_area_of(name, empty=0):
    """Register func(area, length, period) -> {code prefix of `length` characters: value} for indicator `name`:
    one query grouped by the first `length` characters of the division code of the records inside `area`.
    A child area with no row gets `empty` (a count's 0)."""

    def decorate(func):
        _by_area[name] = (func, empty)
        return func

    return decorate


def period_bounds(periods):
    """(earliest start, latest end) of `periods`: the date range a grouped query needs to read."""
    return min(p.start for p in periods), max(p.end for p in periods)


def counts(queryset, conditions):
    """One aggregate query: [rows of `queryset` meeting each of `conditions` (Q objects)].

    COUNT(1) rather than COUNT(id): the rows' keys are never NULL, and an index without the key
    (e.g. (registered_on, area)) can then answer alone (an index-only scan on PostgreSQL)."""
    if not conditions:
        return []
    values = queryset.aggregate(**{f"n{i}": Count(Value(1), filter=q) for i, q in enumerate(conditions)})
    return [values[f"n{i}"] for i in range(len(conditions))]


def area_code_field(model):
    """The lookup of the division code a scoped model's records belong to (through `area_path`)."""
    return f"{model.area_path}__code"


def count_by_child(queryset, length):
    """{first `length` characters of the area code: rows} of `queryset`, one GROUP BY query."""
    rows = (queryset.order_by().annotate(_child=Substr(area_code_field(queryset.model), 1, length))
            .values("_child").annotate(_n=Count("*")).values_list("_child", "_n"))
    return dict(rows)


def dated_count(name, label, unit, model, date_field):
    """Declare the commonest indicator: records of `model` inside the area whose `date_field` falls in the period.
    Its grouped forms come with it."""

    def count(area, period):
        return model.objects.inside(area).filter(**{f"{date_field}__range": period.range}).count()

    def series(area, periods):
        rows = model.objects.inside(area).filter(**{f"{date_field}__range": period_bounds(periods)})
        return counts(rows, [Q(**{f"{date_field}__range": p.range}) for p in periods])

    def by_area(area, length, period):
        return count_by_child(model.objects.inside(area).filter(**{f"{date_field}__range": period.range}), length)

    indicator(name, label, unit)(count)
    series_of(name)(series)
    by_area_of(name)(by_area)
    return count


def get(name):
    return _registry[name]


def all_indicators(app=None):
    return [i for i in _registry.values() if app is None or i.app == app]


def compute(name, area, period):
    return _registry[name].compute(area, period)


def compute_series(name, area, periods):
    """[compute(name, area, p) for p in periods], in one query when the indicator has a grouped form."""
    item, periods = _registry[name], list(periods)
    func = _series.get(name)
    if func is None or len(periods) < 2:
        return [item.compute(area, p) for p in periods]
    values = list(func(str(area), periods))
    if len(values) != len(periods):
        raise ValueError(f"{name}: {len(values)} values for {len(periods)} periods")
    return [item.normalize(v) for v in values]


def compute_by_area(name, area, codes, period):
    """[compute(name, code, period) for code in codes], the codes being areas inside `area` of one code length:
    one grouped query when the indicator has a grouped form."""
    item, area, codes = _registry[name], str(area), [str(c) for c in codes]
    grouped = _by_area.get(name)
    lengths = {len(c) for c in codes}
    if grouped is None or len(lengths) != 1 or not all(c.startswith(area) and c.isdigit() for c in codes):
        return [item.compute(code, period) for code in codes]
    func, empty = grouped
    values = func(area, lengths.pop(), period)
    return [item.normalize(values.get(code, empty)) for code in codes]


def compute_with_last_year(name, area, period):
    """(this period, the same period a year earlier)."""
    return tuple(compute_series(name, area, [period, period.previous_year()]))


def rate(numerator, denominator):
    """A percentage with two decimals, or None when the denominator is zero."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- summary sections


@dataclass(frozen=True)
class SummarySection:
    """One numbered part of a work summary's 一、工作开展情况, written from indicators.

    `sentences` are templates: {name} is an indicator's value with its unit,
    {name:cmp} its comparison with the same period last year ("较去年增加676张");
    a comparison with nothing to compare to is dropped with its comma.
    `required` lists the indicators of which at least one must be non-zero for
    the section to appear.
    """

    key: str
    title: str
    order: int
    sentences: tuple
    required: tuple


_sections = {}


def summary_section(key, title, *, order, sentences, required):
    _sections[key] = SummarySection(key, title, order, tuple(sentences), tuple(required))


def summary_sections():
    return sorted(_sections.values(), key=lambda s: s.order)


# Dashboard tiles: (indicator name, order); apps add theirs.
_tiles = []


def dashboard_tile(name, order=100):
    _tiles.append((order, name))


def dashboard_tiles():
    return [name for _order, name in sorted(_tiles)]


_trends = []


def dashboard_trend(name):
    """An indicator drawn month by month on the dashboard."""
    if name not in _trends:
        _trends.append(name)


def dashboard_trends():
    return list(_trends)


_breakdowns = []


def dashboard_breakdown(name):
    """An indicator drawn per township (or village) on the dashboard."""
    if name not in _breakdowns:
        _breakdowns.append(name)


def dashboard_breakdowns():
    return list(_breakdowns)
