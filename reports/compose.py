"""A work summary's draft: part 一 written from indicators, the annex's figures, and the signing (落款).

The sections, paragraphs and the placeholder syntax of their sentences ({name}, {name:yu},
{name:cmp}, {name:cmp:yu}, {name:cmp:pct}, [optional clauses]) are declared by the apps through core.indicators,
whose docstring describes them; the number formats (100%, 6500余) are reports.formatting's.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core import indicators
from core.indicators import OPTIONAL, PLACEHOLDER, Period, placeholders
from reports.formatting import chinese_date, comparison, value_text

CHINESE_NUMERALS = "一二三四五六七八九十"
SIGNATURE_RIGHT = 2  # characters between the signing organ and the right margin (GB/T 9704 7.3.5.3)


def period_for(kind, year):
    return Period.half_year(year) if kind == "half" else Period.year(year)


def numbered(index):
    """0 -> 一, 9 -> 十, 10 -> 十一, 19 -> 二十, 20 -> 二十一 (the numbers of sections （一）, （二）…)."""
    tens, ones = divmod(index + 1, 10)
    if not tens:
        return CHINESE_NUMERALS[ones - 1]
    return f"{CHINESE_NUMERALS[tens - 1] if tens > 1 else ''}十{CHINESE_NUMERALS[ones - 1] if ones else ''}"


def area_whole(area):
    """全县 / 全区 / 全市 / 全镇 / 全街道 / 全村 / 全社区."""
    name = area.name
    for suffix in ("街道", "社区"):
        if name.endswith(suffix):
            return f"全{suffix}"
    return f"全{name[-1]}" if name[-1] in "省市县区镇乡村" else "全辖区"


def organ_name(area):
    """Who writes the summary: a province's 事务厅, a city's or county's 事务局, a township's or village's 服务站."""
    if area.level <= 1:
        return f"{area.name}退役军人事务厅"
    if area.level <= 3:
        return f"{area.name}退役军人事务局"
    return f"{area.name}退役军人服务站"


def lettered(index):
    """0 -> 一是, 1 -> 二是 …: the letters of a section's paragraphs."""
    return f"{numbered(index)}是"


def text_width(text):
    """Width in characters of the body font: a Chinese character 1, a digit or Latin letter a half."""
    return sum(1 if ord(char) > 0x2E7F else 0.5 for char in text)


def signature_layout(organ, date_text):
    """[(text, characters from the right margin)] of the signing organ and the date below it (GB/T 9704 7.3.5.3):
    the organ two characters in from the right, the date starting two characters right of the organ's first;
    a date longer than that stays two characters in and the organ moves left by as much."""
    organ_right = SIGNATURE_RIGHT
    date_right = organ_right + text_width(organ) - text_width(date_text) - 2
    if date_right < SIGNATURE_RIGHT:
        organ_right += SIGNATURE_RIGHT - date_right
        date_right = SIGNATURE_RIGHT
    return [(organ, organ_right), (date_text, date_right)]


def title_for(kind, year, area):
    bureau = organ_name(area)
    if kind == "half":
        return f"{bureau}{year}年上半年工作总结和下半年工作计划"
    return f"{bureau}{year}年工作总结和{year + 1}年工作计划"


PROBLEMS_HEADING = "二、存在问题"


def plan_heading(kind, year):
    return "三、下半年工作计划" if kind == "half" else f"三、{year + 1}年工作计划"


def missing_parts(kind, year, problems, plans):
    """The headings of parts 二 and 三 (written by staff) that are empty: the page points them out before generating."""
    texts = ((PROBLEMS_HEADING, problems), (plan_heading(kind, year), plans))
    return [heading for heading, text in texts if not (text or "").strip()]


def default_opening(kind, year, area):
    span = f"{year}年上半年" if kind == "half" else f"{year}年"
    plan = "下半年" if kind == "half" else f"{year + 1}年"
    return (f"{span}，{organ_name(area)}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级关于退役军人工作的"
            f"决策部署，围绕让军人成为全社会尊崇的职业，扎实做好退役军人服务保障各项工作。现将{span}工作总结和{plan}工作计划报告如下：")


@dataclass
class Draft:
    title: str
    opening: str
    part_one_heading: str
    sections: list  # [(heading, [paragraphs])]
    figures: dict = field(default_factory=dict)  # name -> (this period, last year)
    plan_heading: str = ""
    signed_by: str = ""  # the issuing organ (落款)
    signed_on: datetime.date | None = None

    @property
    def signed_on_text(self):
        return chinese_date(self.signed_on) if self.signed_on else ""

    @property
    def signature(self):
        """[(text, characters from the right margin)]: the organ, then the date (signature_layout)."""
        return signature_layout(self.signed_by, self.signed_on_text)


class FigureBook:
    """Computes each indicator once for the period and once for the same period last year."""

    def __init__(self, area_code, period, progress=None):
        self.area_code, self.period, self.progress = area_code, period, progress
        self.values = {}

    def get(self, name):
        if name not in self.values:
            self.values[name] = indicators.compute_with_last_year(name, self.area_code, self.period)
            if self.progress:
                self.progress(len(self.values))
        return self.values[name]


def render_sentence(template, book, extra):
    """Fill a sentence template (core.indicators' syntax).

    A comparison with nothing to compare to goes, with its comma.  A clause in
    [brackets] goes when every figure in it is zero or missing ("[，迁入{x}]"),
    so a summary never says "迁入0名".
    """
    gone = "\x00"

    def optional(match):
        names = [p.name for p in placeholders(match.group(1)) if p.name not in extra]
        return match.group(1) if any(book.get(name)[0] for name in names) else ""

    template = OPTIONAL.sub(optional, template)

    def fill(match):
        name = match.group(1)
        if name in extra:
            return extra[name]
        (placeholder,) = placeholders(match.group(0))
        item = indicators.get(name)
        current, previous = book.get(name)
        if placeholder.is_comparison:
            return comparison(current, previous, item.unit, about=placeholder.about, growth=placeholder.growth) or gone
        return value_text(current, item.unit, about=placeholder.about)

    text = PLACEHOLDER.sub(fill, template)
    return text.replace("，" + gone, "").replace(gone, "")


def has_data(names, book):
    return any(book.get(name)[0] for name in names)


def section_has_data(section, book):
    return has_data(section.required_names(), book)


def section_paragraphs(section, book, extra):
    """The texts of a section's paragraphs that appear, lettered 一是/二是… when there are several."""
    shown = []
    for item in section.all_paragraphs():
        if item.required and not has_data(item.required, book):
            continue
        body = "".join(render_sentence(template, book, extra) for template in item.sentences)
        if body:
            shown.append((render_sentence(item.lead, book, extra) if item.lead else "", body))
    if len(shown) == 1:
        lead, body = shown[0]
        return [f"{_sentence(lead)}{body}"]
    return [f"{lettered(i)}{_sentence(lead)}{body}" for i, (lead, body) in enumerate(shown)]


def _sentence(lead):
    """A lead ends with a full stop: 规范档案管理 -> 规范档案管理。"""
    if not lead or lead[-1] in "。！？；：":
        return lead
    return f"{lead}。"


def compose(kind, year, area, progress=None, signed_on=None):
    """The draft of (kind, year, area); signed (落款) by the area's organ on `signed_on` (default today)."""
    period = period_for(kind, year)
    book = FigureBook(area.code, period, progress)
    extra = {"period_end": f"{period.end.year}年{period.end.month}月底", "period_year": str(period.end.year),
             "area_whole": area_whole(area)}
    sections = []
    for section in indicators.summary_sections():
        if not section_has_data(section, book):
            continue
        paragraphs = section_paragraphs(section, book, extra)
        if paragraphs:
            sections.append((f"（{numbered(len(sections))}）{section.title}", paragraphs))
    span = f"{year}年上半年" if kind == "half" else f"{year}年"
    return Draft(
        title=title_for(kind, year, area),
        opening=default_opening(kind, year, area),
        part_one_heading=f"一、{span}工作开展情况",
        sections=sections,
        figures=book.values,
        plan_heading=plan_heading(kind, year),
        signed_by=organ_name(area),
        signed_on=signed_on or timezone.localdate(),
    )


def all_figures(book):
    """Every registered indicator for the annex, computed through the same book."""
    return [(item, *book.get(item.name)) for item in indicators.all_indicators()]
