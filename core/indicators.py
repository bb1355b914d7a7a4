"""Indicators (DESIGN.md mechanism 6): named figures for (area, period), and the summary sentences quoting them.

Each app's indicators.py registers functions::

    @indicator("veterans.cards_issued", "发放优待证", "张")
    def cards_issued(area, period):
        return PreferentialCard.objects.inside(area).filter(issued_on__range=period.range).count()

`area` is a division code (everything inside it counts); `period` a Period.  The third argument is
the indicator's counter word (量词), one of UNITS; any other (a misspelt "人此") is refused here, at
registration.  People are counted in 名 where the seeds say so (登记在册退役军人7名), visits and
participations in 人次, households in 户, sums in 元 (written in 万元 from 10,000 on), rates in %.
Reports and the dashboard read figures only through `compute`, so the summary text never reaches
into another app's tables.

Summary sentences
-----------------
An app declares what part 一 of a work summary says about its figures; reports.compose writes it.
A section is one numbered part （一）（二）… of 一、工作开展情况; it holds paragraphs, each made of
sentence templates.  When a section shows several paragraphs the composer letters them the seeds'
way, 一是…二是…三是…; a section with one paragraph has no letter.  A paragraph may have a lead, the
short phrase after its letter ("一是规范档案管理。接收档案3份…").

    summary_section("veterans", "强化服务管理，夯实退役军人工作基础", order=10, paragraphs=(
        paragraph("接收档案{veterans.archives_received}…", lead="规范档案管理", required=("veterans.archives_received",)),
        ...))
    summary_paragraph("benefits", "发放抚恤补助{benefits.paid}，{benefits.paid:cmp}。", lead="及时发放优抚资金")

`summary_section(key, title, *, order, sentences, required)` as before still works: a flat tuple
of sentences is one paragraph each (lettered when there are several).  `summary_paragraph` adds a
paragraph to a section declared anywhere, so several apps can write into one area of work; the
areas of work of the seeds (优抚, 安置就业, 权益维护/信访, 褒扬纪念, 双拥, 服务体系) are declared
below (WORK_AREAS) with no paragraphs, and a section without a paragraph to show is left out.

A section appears when one of its `required` indicators is non-zero (with none declared: one of
those its paragraphs require), and then each of its paragraphs whose own `required` has a non-zero
figure (a paragraph with none declared always goes with its section).

Placeholders in a template:

    {name}          the figure with its counter word: 9359张, 2337.9万元, 96.56%, 100%
    {name:yu}       the figure rounded down with 余: 6543人次 -> 6500余人次 (reports.formatting says the rule)
    {name:cmp}      the comparison with the same period last year: 较去年增加676张, 较去年增长7个百分点,
                    与去年持平; with nothing to compare to it goes, with the comma before it
    {name:cmp:yu}   the comparison, its difference rounded down with 余: 较去年增加650余名
    {name:cmp:pct}  the comparison with the growth over last year's figure: 较去年增加125.5万元（增长5.02%）,
                    较去年减少3人（下降1.2%）; not on a rate (its difference is already 个百分点)
    {period_end}    2025年12月底; {period_year} 2025; {area_whole} 全县 / 全镇 / 全街道… (TEXT_PLACEHOLDERS)
    [，迁入{x}]     an optional clause: it goes when every figure in it is zero or missing (no "迁入0名")

A modifier other than cmp and yu is refused at registration; a name that is no indicator, or 余 on a
rate, is an error of `manage.py check` (reports.checks), since an app's indicators may be
registered after another app's sentences.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Value
from django.db.models.functions import Substr

# The counter words (量词) of the seeds, and those in use: an indicator declares one of these.
UNITS = ("名", "人", "人次", "户", "家", "场", "场次", "批", "批次", "件", "张", "块", "个", "份", "间", "处", "项", "条",
         "万元", "元", "%", "支", "小时", "次", "篇")


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
        raise ValueError(f"{name}: unknown counter word {unit!r}; one of {'、'.join(UNITS)}")

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
    """A percentage with two decimals, or None when the denominator is zero.

    Only all of them is 100: 99,996 of 100,000 is 99.99, never a rounded-up 100.00 that would read 100%."""
    if not denominator:
        return None
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
    if value >= 100 and numerator < denominator:
        return Decimal("99.99")
    return value


# ---------------------------------------------------------------- summary sections

# {name}, {name:yu}, {name:cmp}, {name:cmp:yu}: an indicator's (or a text placeholder's) name and its modifiers
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)((?::[a-z]+)*)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
MODIFIERS = ("cmp", "yu", "pct")
# Filled by the composer from the period and area, not from an indicator.
TEXT_PLACEHOLDERS = {
    "period_end": "期末：2025年12月底",
    "period_year": "年度：2025",
    "area_whole": "全县 / 全镇 / 全街道 / 全社区…",
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    modifiers: frozenset

    @property
    def is_comparison(self):
        return "cmp" in self.modifiers

    @property
    def about(self):
        return "yu" in self.modifiers

    @property
    def growth(self):
        return "pct" in self.modifiers


def placeholders(template):
    """The placeholders of a sentence template, in order; a modifier not in MODIFIERS (or twice) is a ValueError."""
    found = []
    for match in PLACEHOLDER.finditer(template):
        modifiers = [m for m in match.group(2).split(":") if m]
        unknown = [m for m in modifiers if m not in MODIFIERS]
        if unknown or len(set(modifiers)) != len(modifiers):
            raise ValueError(f"{match.group(0)}: modifiers are {', '.join(MODIFIERS)}, each once")
        if "pct" in modifiers and "cmp" not in modifiers:
            raise ValueError(f"{match.group(0)}: pct (the growth in per cent) goes with cmp only")
        found.append(Placeholder(match.group(1), frozenset(modifiers)))
    return found


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a section: its sentence templates, run together; lettered 一是… with others.

    `lead` is the phrase after the letter ("规范档案管理"); `required` the indicators of which one must
    be non-zero for the paragraph to appear (none: it always appears with its section); `order` sorts
    the paragraphs other apps add to a section (the section's own come first, in the order given)."""

    sentences: tuple
    lead: str = ""
    required: tuple = ()
    order: int = 0

    def templates(self):
        return (self.lead, *self.sentences) if self.lead else tuple(self.sentences)


def paragraph(*sentences, lead="", required=(), order=0):
    item = Paragraph(tuple(sentences), lead, tuple(required), order)
    for template in item.templates():
        placeholders(template)
    return item


@dataclass(frozen=True)
class SummarySection:
    """One numbered part of a work summary's 一、工作开展情况, written from indicators.

    `sentences` (the older form) are one paragraph each; `paragraphs` are Paragraph declarations;
    `required` lists the indicators of which at least one must be non-zero for the section to appear
    (none declared: those its paragraphs require).  See the module docstring.
    """

    key: str
    title: str
    order: int
    sentences: tuple
    required: tuple
    paragraphs: tuple = ()

    def own_paragraphs(self):
        return tuple(self.paragraphs) + tuple(Paragraph((sentence,)) for sentence in self.sentences)

    def all_paragraphs(self):
        """Its own paragraphs, then those other apps added to it (summary_paragraph), by their order."""
        return self.own_paragraphs() + tuple(sorted(_added.get(self.key, ()), key=lambda p: p.order))

    def required_names(self):
        """Its own `required`, or with none declared those of its paragraphs: one must be non-zero for it to appear."""
        if self.required:
            return tuple(self.required)
        return tuple(dict.fromkeys(name for item in self.all_paragraphs() for name in item.required))

    def names(self):
        """Every name the section quotes or requires: [(name, modifiers, where)], for the system check."""
        found = [(name, frozenset(), "required") for name in self.required]
        for item in self.all_paragraphs():
            found += [(name, frozenset(), "required") for name in item.required]
            for template in item.templates():
                found += [(p.name, p.modifiers, template) for p in placeholders(template)]
        return found


_sections = {}
_added = {}  # section key -> [Paragraph] added by summary_paragraph


def summary_section(key, title, *, order, sentences=(), required=(), paragraphs=()):
    """Declare (or re-declare: a later title and order win) a section; paragraphs added to it stay."""
    for template in sentences:
        placeholders(template)
    for item in paragraphs:
        if not isinstance(item, Paragraph):
            raise TypeError(f"{key}: paragraphs are declared with paragraph(...)")
    _sections[key] = SummarySection(key, title, order, tuple(sentences), tuple(required), tuple(paragraphs))


def summary_paragraph(section, *sentences, lead="", required=(), order=100):
    """Add a paragraph to section `section`, declared in this app or another (an area of work, WORK_AREAS)."""
    item = paragraph(*sentences, lead=lead, required=required, order=order)
    _added.setdefault(section, []).append(item)


def summary_sections():
    return sorted(_sections.values(), key=lambda s: s.order)


def orphan_paragraphs():
    """{section key: [Paragraph]} added to sections nobody declared (never written; the system check says so)."""
    return {key: items for key, items in _added.items() if items and key not in _sections}


# The areas of work the seeds group part 一 by, in their order; the apps write into them with
# summary_paragraph (or declare the key again with their own title).  The veterans' own section
# comes first (order 10) and the volunteers' last (80).
WORK_AREAS = (
    ("benefits", "落实优抚政策，保障水平稳步提升", 20),  # 优抚
    ("placement", "提高安置就业质量，助力退役军人稳定就业", 30),  # 安置就业
    ("petitions", "加强权益维护，突出抓好涉军信访", 40),  # 权益维护/信访
    ("honors", "传承红色基因，做好褒扬纪念工作", 50),  # 褒扬纪念
    ("support_army", "厚植拥军氛围，推进新时代双拥工作", 60),  # 双拥
    ("stations", "健全服务体系，提升服务保障水平", 70),  # 服务体系
)
for _key, _title, _order in WORK_AREAS:
    summary_section(_key, _title, order=_order)


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
