"""Part 一 of a work summary, written from indicators (and the annex's figures)."""

import re
from dataclasses import dataclass, field

from core import indicators
from core.indicators import Period
from reports.formatting import comparison, value_text

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.]*)(:cmp)?\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
CHINESE_NUMERALS = "一二三四五六七八九十"


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


def title_for(kind, year, area):
    bureau = organ_name(area)
    if kind == "half":
        return f"{bureau}{year}年上半年工作总结和下半年工作计划"
    return f"{bureau}{year}年工作总结和{year + 1}年工作计划"


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
    """Fill a sentence template.

    A comparison with nothing to compare to goes, with its comma.  A clause in
    [brackets] goes when every figure in it is zero or missing ("[，迁入{x}]"),
    so a summary never says "迁入0人".
    """
    gone = "\x00"

    def optional(match):
        names = [m.group(1) for m in PLACEHOLDER.finditer(match.group(1)) if m.group(1) not in extra]
        return match.group(1) if any(book.get(name)[0] for name in names) else ""

    template = OPTIONAL.sub(optional, template)

    def fill(match):
        name, is_cmp = match.group(1), bool(match.group(2))
        if name in extra:
            return extra[name]
        item = indicators.get(name)
        current, previous = book.get(name)
        if is_cmp:
            return comparison(current, previous, item.unit) or gone
        return value_text(current, item.unit)

    text = PLACEHOLDER.sub(fill, template)
    return text.replace("，" + gone, "").replace(gone, "")


def section_has_data(section, book):
    return any(book.get(name)[0] for name in section.required)


def compose(kind, year, area, progress=None):
    period = period_for(kind, year)
    book = FigureBook(area.code, period, progress)
    extra = {"period_end": f"{period.end.year}年{period.end.month}月底", "area_whole": area_whole(area)}
    sections = []
    for section in indicators.summary_sections():
        if not section_has_data(section, book):
            continue
        paragraphs = [render_sentence(template, book, extra) for template in section.sentences]
        sections.append((f"（{numbered(len(sections))}）{section.title}", paragraphs))
    span = f"{year}年上半年" if kind == "half" else f"{year}年"
    return Draft(
        title=title_for(kind, year, area),
        opening=default_opening(kind, year, area),
        part_one_heading=f"一、{span}工作开展情况",
        sections=sections,
        figures=book.values,
        plan_heading="三、下半年工作计划" if kind == "half" else f"三、{year + 1}年工作计划",
    )


def all_figures(book):
    """Every registered indicator for the annex, computed through the same book."""
    return [(item, *book.get(item.name)) for item in indicators.all_indicators()]
