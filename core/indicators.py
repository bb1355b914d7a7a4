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
        value = self.func(str(area), period)
        return Decimal(value).quantize(Decimal("0.01")) if isinstance(value, float) else value


_registry = {}


def indicator(name, label, unit, *, rate=False):
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit}")

    def decorate(func):
        _registry[name] = Indicator(name, label, unit, func, name.split(".")[0], rate=rate or unit == "%")
        return func

    return decorate


def dated_count(name, label, unit, model, date_field):
    """Declare the commonest indicator: records of `model` inside the area whose `date_field` falls in the period."""

    def count(area, period):
        return model.objects.inside(area).filter(**{f"{date_field}__range": period.range}).count()

    indicator(name, label, unit)(count)
    return count


def get(name):
    return _registry[name]


def all_indicators(app=None):
    return [i for i in _registry.values() if app is None or i.app == app]


def compute(name, area, period):
    return _registry[name].compute(area, period)


def compute_with_last_year(name, area, period):
    """(this period, the same period a year earlier)."""
    item = _registry[name]
    return item.compute(area, period), item.compute(area, period.previous_year())


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
