"""Declaring summary sentences (core.indicators): paragraphs and their letters, paragraphs added to an area of
work by another app, the older flat form, refused counter words and modifiers, and the system check
(reports.checks) that catches a misspelt indicator name before a Celery job meets it."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import indicators
from core.indicators import Indicator, Period, paragraph, summary_paragraph, summary_section
from reports.checks import indicator_names
from reports.compose import FigureBook, compose, section_paragraphs

FIGURES = {"test.visits": (6543, 5800), "test.rooms": (12, 12), "test.none": (0, 0), "test.rate": (100, 96.5)}


@pytest.fixture
def figures(monkeypatch):
    """Four indicators with known figures, registered for one test only."""
    for name, (this_year, last_year) in FIGURES.items():
        def value(area, period, this_year=this_year, last_year=last_year):
            return this_year if period.start.year == 2025 else last_year

        unit = {"test.visits": "人次", "test.rooms": "间", "test.none": "处", "test.rate": "%"}[name]
        monkeypatch.setitem(indicators._registry, name, Indicator(name, name, unit, value, "test", rate=unit == "%"))


@pytest.fixture
def declared(monkeypatch):
    """Sections and paragraphs declared in a test go when it ends."""
    monkeypatch.setattr(indicators, "_sections", dict(indicators._sections))
    monkeypatch.setattr(indicators, "_added", {key: list(items) for key, items in indicators._added.items()})


def book():
    return FigureBook("330727", Period.year(2025))


def test_paragraphs_are_lettered_when_several(figures, declared):
    summary_section("test", "测试", order=95, paragraphs=(
        paragraph("走访慰问{test.visits:yu}，{test.visits:cmp:yu}。", lead="定期开展走访慰问", required=("test.visits",)),
        paragraph("建成活动室{test.rooms}，{test.rooms:cmp}。", lead="加强阵地建设"),
        paragraph("修缮纪念设施{test.none}。", lead="修缮纪念设施", required=("test.none",)),  # all zero: it goes
        paragraph("资金使用率达{test.rate}，{test.rate:cmp}。", lead="用好资金：", required=("test.rate",)),
    ))
    texts = section_paragraphs(indicators._sections["test"], book(), {})
    assert texts == [
        "一是定期开展走访慰问。走访慰问6500余人次，较去年增加740余人次。",  # 6543 and 743, rounded down
        "二是加强阵地建设。建成活动室12间，与去年持平。",
        "三是用好资金：资金使用率达100%，较去年增长3.5个百分点。",  # a lead ending in a colon keeps it
    ]


def test_one_paragraph_has_no_letter(figures, declared):
    summary_section("test", "测试", order=95, paragraphs=(
        paragraph("走访慰问{test.visits}。", lead="定期开展走访慰问", required=("test.visits",)),
        paragraph("修缮纪念设施{test.none}。", required=("test.none",)),
    ))
    assert section_paragraphs(indicators._sections["test"], book(), {}) == ["定期开展走访慰问。走访慰问6543人次。"]


def test_the_flat_form_of_today_is_one_paragraph_each(figures, declared):
    """summary_section(key, title, *, order, sentences, required) as the stations app calls it."""
    summary_section("test", "测试", order=95, required=("test.visits",),
                    sentences=("走访慰问{test.visits}。", "建成活动室{test.rooms}。"))
    assert section_paragraphs(indicators._sections["test"], book(), {}) == [
        "一是走访慰问6543人次。", "二是建成活动室12间。"]
    summary_section("test", "测试", order=95, required=("test.visits",), sentences=("走访慰问{test.visits}。",))
    assert section_paragraphs(indicators._sections["test"], book(), {}) == ["走访慰问6543人次。"]


def test_an_app_writes_into_an_area_of_work(data, tree, figures, declared):
    """优抚 is declared by core with no paragraph, so it is not in the summary until an app adds one; a later
    declaration of the same key keeps what was added and may retitle it."""
    keys = [key for key, _title, _order in indicators.WORK_AREAS]
    assert keys == ["benefits", "placement", "petitions", "honors", "support_army", "stations"]
    assert [heading for heading, _texts in compose("annual", 2025, tree["county"]).sections] == [
        "（一）强化服务管理，夯实退役军人工作基础", "（二）发挥退役军人作用，志愿服务蔚然成风"]
    summary_paragraph("benefits", "走访慰问重点优抚对象{test.visits:yu}。", lead="定期开展走访慰问",
                      required=("test.visits",), order=20)
    summary_paragraph("benefits", "建成活动室{test.rooms}。", required=("test.rooms",), order=10)
    sections = compose("annual", 2025, tree["county"]).sections
    assert sections[1] == ("（二）落实优抚政策，保障水平稳步提升", ["一是建成活动室12间。",
                                                             "二是定期开展走访慰问。走访慰问重点优抚对象6500余人次。"])
    assert sections[2][0] == "（三）发挥退役军人作用，志愿服务蔚然成风"
    summary_section("benefits", "严格落实优抚政策", order=20)
    assert compose("annual", 2025, tree["county"]).sections[1][0] == "（二）严格落实优抚政策"
    assert len(compose("annual", 2025, tree["county"]).sections[1][1]) == 2


@pytest.mark.parametrize("unit", ["人此", "人 ", "pcs", "元/人"])
def test_an_unknown_counter_word_is_refused(unit, monkeypatch):
    monkeypatch.setattr(indicators, "_registry", dict(indicators._registry))
    with pytest.raises(ValueError, match="unknown counter word"):
        indicators.indicator("test.misspelt", "测试", unit)(lambda area, period: 0)
    assert "test.misspelt" not in indicators._registry


@pytest.mark.parametrize("unit", indicators.UNITS)
def test_every_counter_word_of_the_seeds_is_known(unit, monkeypatch):
    monkeypatch.setattr(indicators, "_registry", dict(indicators._registry))
    indicators.indicator("test.word", "测试", unit)(lambda area, period: 0)
    assert indicators.get("test.word").unit == unit


def test_seeds_counter_words_are_all_there():
    for word in ("名", "人", "人次", "户", "家", "场", "场次", "批", "批次", "件", "张", "块", "个", "份", "间", "处", "项", "条",
                 "万元", "元", "%", "支", "小时", "次"):
        assert word in indicators.UNITS


@pytest.mark.parametrize("template", ["{test.visits:about}", "{test.visits:cmp:cmp}", "{test.visits:yu:x}"])
def test_an_unknown_modifier_is_refused(template, declared):
    with pytest.raises(ValueError, match="modifiers are cmp, yu"):
        summary_section("test", "测试", order=95, sentences=(template,))
    with pytest.raises(ValueError):
        summary_paragraph("test", template)
    assert "test" not in indicators._sections and "test" not in indicators._added


def test_the_project_passes_the_check():
    assert indicator_names() == []
    call_command("check")


def test_a_misspelt_indicator_in_a_sentence_fails_the_check():
    """A temporary section naming veterans.totl (for veterans.total): manage.py check fails with reports.E001."""
    summary_section("test_misspelt", "测试", order=99, required=("veterans.total",),
                    sentences=("登记在册退役军人{veterans.totl}，{veterans.total:cmp}。",))
    try:
        errors = indicator_names()
        assert [(e.id, e.obj) for e in errors] == [("reports.E001", "test_misspelt")]
        assert "veterans.totl" in errors[0].msg and errors[0].hint.startswith("登记在册退役军人{veterans.totl}")
        with pytest.raises(SystemCheckError, match="veterans.totl"):
            call_command("check")
    finally:
        indicators._sections.pop("test_misspelt")
    assert indicator_names() == []


def test_a_misspelt_required_name_and_other_mistakes(declared):
    summary_section("test", "测试", order=99, required=("veterans.registerd",), paragraphs=(
        paragraph("完成率达{veterans.card_completion_rate:yu}，{area_whole:cmp}。", required=("veterans.decased",)),
    ))
    summary_paragraph("no_such_section", "发放{veterans.cards_issued}。")
    summary_section("test_silent", "测试", order=99, sentences=("发放{veterans.cards_issued}。",))
    found = sorted((e.id, e.obj, e.msg.split("：")[-1]) for e in indicator_names())
    assert [(i, obj) for i, obj, _msg in found] == [
        ("reports.E001", "test"), ("reports.E001", "test"), ("reports.E001", "test"), ("reports.E003", "test"),
        ("reports.E004", "no_such_section"), ("reports.W001", "test_silent")]
    messages = " ".join(msg for _i, _obj, msg in found)
    assert "veterans.registerd" in messages and "veterans.decased" in messages and "area_whole" in messages


def test_a_misspelt_dashboard_name_fails_the_check(monkeypatch):
    monkeypatch.setattr(indicators, "_tiles", [*indicators._tiles, (99, "veterans.card_issued")])
    monkeypatch.setattr(indicators, "_trends", [*indicators._trends, "veterans.registerd"])
    monkeypatch.setattr(indicators, "_breakdowns", [*indicators._breakdowns, "veterans.totl"])
    errors = indicator_names()
    assert [(e.id, e.obj) for e in errors] == [("reports.E002", "veterans.card_issued"), ("reports.E002", "veterans.registerd"),
                                               ("reports.E002", "veterans.totl")]
