"""Part 一 of a work summary and its annex, written from the records of the period and area (tests.reports.dataset)."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import indicators
from core.indicators import Indicator, SummarySection
from reports.compose import area_whole, compose, numbered, title_for
from reports.models import SummaryRun
from reports.services import summary_generate

VETERANS = "（一）强化服务管理，夯实退役军人工作基础"
VOLUNTEERS = "（二）发挥退役军人作用，志愿服务蔚然成风"


def test_annual_summary_of_the_county(data, tree):
    """Several paragraphs in a section are lettered 一是/二是…; people in 名; cards cumulative, against the cumulative
    a year earlier (issued by 2025-12-31: v1 v2 v4 v5 v7; by 2024-12-31: v1 v2); 46.5 hours with 余 read 40余小时."""
    draft = compose("annual", 2025, tree["county"])
    assert draft.title == "云溪县退役军人事务局2025年工作总结和2026年工作计划"
    assert draft.part_one_heading == "一、2025年工作开展情况"
    assert draft.plan_heading == "三、2026年工作计划"
    assert draft.opening.startswith("2025年，云溪县退役军人事务局坚持以习近平新时代中国特色社会主义思想为指导")
    assert draft.opening.endswith("现将2025年工作总结和2026年工作计划报告如下：")
    assert draft.sections == [
        (VETERANS, [
            "一是摸清退役军人底数。截至2025年12月底，全县登记在册退役军人7名，较去年增加2名；本期新增登记3名，较去年减少2名，"
            "去世1名。",
            "二是扎实推进优待证工作。发放优待证5张，较去年增加3张，完成率达71.43%，较去年增长31.43个百分点；"
            "本期受理申请4张，发放3张；激活2张，激活率60.00%，较去年增长10个百分点。",
            "三是规范档案管理。接收档案3份，审核2份，移交1份。",
            # checks of 2025: v1 v2 v4 v7 v8 of the 7 on record; of 2024: v1 v3 of the 5 on record then
            "四是开展年度信息核查。完成2025年度信息核查5名，较去年增加3名，完成率达71.43%，较去年增长31.43个百分点，"
            "其中信息更新1名，联系不上1名。",
            "五是落实光荣牌悬挂工作。本期为退役军人悬挂光荣牌3块，较去年增加2块，累计悬挂光荣牌4块。",
        ]),
        (VOLUNTEERS, [
            "组建退役军人志愿服务队1支，注册志愿者2名，较去年增加1名；开展志愿服务活动2场，较去年增加1场，参与20人次，"
            "累计服务时长40余小时。",
        ]),
    ]


def test_half_year_summary_of_the_county(data, tree):
    """No change reads 与去年持平; no activity in the first half of last year drops that comparison with its comma."""
    draft = compose("half", 2025, tree["county"])
    assert draft.title == "云溪县退役军人事务局2025年上半年工作总结和下半年工作计划"
    assert draft.part_one_heading == "一、2025年上半年工作开展情况"
    assert draft.plan_heading == "三、下半年工作计划"
    assert draft.sections == [
        (VETERANS, [
            "一是摸清退役军人底数。截至2025年6月底，全县登记在册退役军人6名，较去年增加2名；本期新增登记2名，较去年减少2名，"
            "去世1名。",
            "二是扎实推进优待证工作。发放优待证4张，较去年增加2张，完成率达66.67%，较去年增长16.67个百分点；"
            "本期受理申请3张，发放2张；激活1张，激活率50.00%，与去年持平。",
            "三是规范档案管理。接收档案2份，审核1份。",
            # by 2025-06-30: v1 v2 of the 6 on record; by 2024-06-30: v1 of v1 v2 v3 v8
            "四是开展年度信息核查。完成2025年度信息核查2名，较去年增加1名，完成率达33.33%，较去年增长8.33个百分点，"
            "其中信息更新1名。",
            "五是落实光荣牌悬挂工作。本期为退役军人悬挂光荣牌2块，较去年增加1块，累计悬挂光荣牌3块。",
        ]),
        (VOLUNTEERS, [
            "组建退役军人志愿服务队1支，注册志愿者2名，较去年增加1名；开展志愿服务活动1场，参与10余人次，累计服务时长30余小时。",
        ]),
    ]


def test_township_without_volunteers_has_no_volunteer_section(data, tree):
    """Township 2: no card issued and no check last year, so those comparisons go; both on record checked: 100%."""
    draft = compose("annual", 2025, tree["township2"])
    assert draft.title == "第2镇退役军人服务站2025年工作总结和2026年工作计划"
    assert draft.sections == [
        (VETERANS, [
            "一是摸清退役军人底数。截至2025年12月底，全镇登记在册退役军人2名，较去年增加1名；本期新增登记1名，与去年持平。",
            "二是扎实推进优待证工作。发放优待证1张，完成率达50.00%，较去年增长50个百分点；本期受理申请1张，发放1张。",
            "三是规范档案管理。接收档案1份，审核1份，移交1份。",
            "四是开展年度信息核查。完成2025年度信息核查2名，完成率达100%，较去年增长100个百分点。",
            "五是落实光荣牌悬挂工作。本期为退役军人悬挂光荣牌1块，累计悬挂光荣牌1块。",
        ]),
    ]


def test_township_1_figures_leave_township_2_out(data, tree):
    draft = compose("annual", 2025, tree["township1"])
    assert draft.sections[0][1][0] == (
        "一是摸清退役军人底数。截至2025年12月底，全镇登记在册退役军人5名，较去年增加1名；本期新增登记2名，较去年减少2名，去世1名。")
    assert draft.sections[0][1][1] == (
        "二是扎实推进优待证工作。发放优待证4张，较去年增加2张，完成率达80.00%，较去年增长30个百分点；"
        "本期受理申请3张，发放2张；激活2张，激活率75.00%，较去年增长25个百分点。")
    assert draft.sections[0][1][3] == (
        "四是开展年度信息核查。完成2025年度信息核查3名，较去年增加1名，完成率达60.00%，较去年增长10个百分点，"
        "其中信息更新1名，联系不上1名。")
    assert draft.sections[1][0] == VOLUNTEERS


def test_a_paragraph_without_figures_goes_and_the_letters_follow(data, tree):
    """Village 22 (v8 only, registered in 2024): no card, archive or plaque; what is left is lettered without gaps."""
    draft = compose("annual", 2025, tree["village22"])
    assert draft.sections == [
        (VETERANS, [
            "一是摸清退役军人底数。截至2025年12月底，全村登记在册退役军人1名，与去年持平；本期新增登记0名，较去年减少1名。",
            "二是开展年度信息核查。完成2025年度信息核查1名，完成率达100%，较去年增长100个百分点。",
        ]),
    ]


def test_no_records_no_sections(tree):
    draft = compose("annual", 2025, tree["county"])
    assert draft.sections == []


@pytest.fixture
def money_figures(monkeypatch):
    """Two money indicators and a section quoting them, registered for one test only."""
    def fund(area, period):
        return Decimal("23379000") if period.start.year == 2025 else Decimal("22000000")

    def grant(area, period):
        return 6000 if period.start.year == 2025 else 7000

    monkeypatch.setitem(indicators._registry, "test.fund", Indicator("test.fund", "下达优抚资金", "万元", fund, "test"))
    monkeypatch.setitem(indicators._registry, "test.grant", Indicator("test.grant", "发放临时救助", "元", grant, "test"))
    monkeypatch.setitem(indicators._sections, "test", SummarySection(
        "test", "落实优抚政策，保障水平稳步提高", 90,
        ("下达优抚资金{test.fund}，{test.fund:cmp}；发放临时救助{test.grant}，{test.grant:cmp}。",), ("test.fund",)))


def test_money_in_the_summary(data, tree, money_figures):
    draft = compose("annual", 2025, tree["county"])
    assert [heading for heading, _paragraphs in draft.sections] == [VETERANS, VOLUNTEERS, "（三）落实优抚政策，保障水平稳步提高"]
    assert draft.sections[2][1] == ["下达优抚资金2337.9万元，较去年增加137.9万元；发放临时救助6000元，较去年减少1000元。"]


def annex_rows(run):
    with run.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "序号")
    return rows[:header_at], rows[header_at], rows[header_at + 1:]


def test_annex_lists_every_indicator(data, tree, money_figures):
    run = summary_generate(SummaryRun.objects.create(kind="annual", year=2025, area=tree["county"]))
    preamble, header, rows = annex_rows(run)
    assert preamble[0][0] == "云溪县退役军人事务局2025年工作总结和2026年工作计划——统计附表"
    assert preamble[1][0] == "区划：测试省测试市云溪县　统计期间：2025-01-01至2025-12-31"
    assert header == ["序号", "指标", "单位", "本期", "去年同期", "变化"]
    assert [row[0] for row in rows] == list(range(1, len(indicators.all_indicators()) + 1))
    assert [row[1] for row in rows] == [item.label for item in indicators.all_indicators()]
    by_label = {row[1]: row[2:] for row in rows}
    assert by_label["退役军人"] == ["名", 7, 5, 2]
    assert by_label["新增登记退役军人"] == ["名", 3, 5, -2]
    assert by_label["发放优待证"] == ["张", 3, 2, 1]
    assert by_label["优待证发放完成率"] == ["%", pytest.approx(71.43), pytest.approx(40.0), pytest.approx(31.43)]
    assert by_label["优待证激活率"] == ["%", pytest.approx(60.0), pytest.approx(50.0), pytest.approx(10.0)]
    assert by_label["志愿服务时长"] == ["小时", pytest.approx(46.5), pytest.approx(20.0), pytest.approx(26.5)]
    assert by_label["迁入退役军人"] == ["名", 0, 0, 0]
    assert by_label["累计发放优待证"] == ["张", 5, 2, 3]
    assert by_label["完成年度信息核查"] == ["名", 5, 2, 3]
    assert by_label["年度信息核查完成率"] == ["%", pytest.approx(71.43), pytest.approx(40.0), pytest.approx(31.43)]
    assert by_label["悬挂光荣牌"] == ["块", 3, 1, 2]
    assert by_label["累计悬挂光荣牌"] == ["块", 4, 1, 3]
    assert by_label["下达优抚资金"] == ["万元", pytest.approx(2337.9), pytest.approx(2200.0), pytest.approx(137.9)]
    assert by_label["发放临时救助"] == ["元", 6000, 7000, -1000]


def test_annex_leaves_a_rate_without_denominator_empty(data, tree):
    """Township 2 issued no card last year: its activation rate then is no number, and neither is the change."""
    run = summary_generate(SummaryRun.objects.create(kind="annual", year=2025, area=tree["township2"]))
    by_label = {row[1]: row[2:] for row in annex_rows(run)[2]}
    assert by_label["优待证激活率"] == ["%", pytest.approx(0.0), None, None]
    assert by_label["退役军人"] == ["名", 2, 1, 1]


@pytest.mark.parametrize(("index", "text"), [(0, "一"), (8, "九"), (9, "十"), (10, "十一"), (18, "十九"), (19, "二十"),
                                             (20, "二十一")])
def test_section_numbers(index, text):
    assert numbered(index) == text


def test_names_of_the_whole_area_and_the_writer(tree):
    county, township = tree["county"], tree["township1"]
    assert area_whole(county) == "全县"
    assert area_whole(township) == "全镇"
    for name, whole in (("城东街道", "全街道"), ("和平社区", "全社区"), ("上塘村", "全村"), ("经济开发区", "全区"),
                        ("管委会", "全辖区")):
        township.name = name
        assert area_whole(township) == whole
    assert title_for("half", 2025, county) == "云溪县退役军人事务局2025年上半年工作总结和下半年工作计划"
    assert title_for("annual", 2025, tree["city"]) == "测试市退役军人事务局2025年工作总结和2026年工作计划"
    assert title_for("annual", 2025, tree["province"]) == "测试省退役军人事务厅2025年工作总结和2026年工作计划"
    assert title_for("annual", 2025, tree["village11"]) == "1镇1村退役军人服务站2025年工作总结和2026年工作计划"


def test_optional_clause_goes_when_all_its_figures_are_zero():
    from core.indicators import Period
    from reports.compose import FigureBook, render_sentence

    book = FigureBook("330727", Period.year(2025))
    book.values = {"veterans.moved_in": (0, 0), "veterans.moved_out": (3, 1), "veterans.total": (10, 8)}
    sentence = render_sentence("共{veterans.total}[，迁入{veterans.moved_in}][，迁出{veterans.moved_out}]。", book, {})
    assert sentence == "共10名，迁出3名。"
