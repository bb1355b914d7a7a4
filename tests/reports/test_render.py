"""The Word document in the official document format (GB/T 9704), opened with python-docx."""

import datetime
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from reports.compose import compose, signature_layout
from reports.render import render_docx

TITLE = "云溪县退役军人事务局2025年工作总结和2026年工作计划"
SIGNED_ON = datetime.date(2026, 1, 15)


@pytest.fixture
def document(data, tree):
    draft = compose("annual", 2025, tree["county"], signed_on=SIGNED_ON)
    content = render_docx(draft, "基层服务站力量薄弱。\n\n 部分台账更新不及时。 ", "持续推进优待证发放。")
    return Document(io.BytesIO(content))


def by_text(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def east_asia(run):
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def assert_font(paragraph, name, size):
    assert paragraph.runs, paragraph.text
    for run in paragraph.runs:
        assert run.font.name == name, paragraph.text
        assert east_asia(run) == name, paragraph.text
        assert run.font.size == size, paragraph.text


def test_text_follows_the_draft(document):
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE
    assert texts[1] == ""
    assert texts[2].startswith("2025年，云溪县退役军人事务局坚持")
    assert texts[3:] == [
        "一、2025年工作开展情况",
        "（一）强化服务管理，夯实退役军人工作基础",
        "一是摸清退役军人底数。截至2025年12月底，全县登记在册退役军人7名，较去年增加2名；本期新增登记3名，较去年减少2名，去世1名。",
        "二是扎实推进优待证工作。发放优待证5张，较去年增加3张，完成率达71.43%，较去年增长31.43个百分点；"
        "本期受理申请4张，发放3张；激活2张，激活率60.00%，较去年增长10个百分点。",
        "三是规范档案管理。接收档案3份，审核2份，移交1份。",
        "四是开展年度信息核查。完成2025年度信息核查5名，较去年增加3名，完成率达71.43%，较去年增长31.43个百分点，"
        "其中信息更新1名，联系不上1名。",
        "五是落实光荣牌悬挂工作。本期为退役军人悬挂光荣牌3块，较去年增加2块，累计悬挂光荣牌4块。",
        "（二）发挥退役军人作用，志愿服务蔚然成风",
        "组建退役军人志愿服务队1支，注册志愿者2名，较去年增加1名；开展志愿服务活动2场，较去年增加1场，参与20人次，累计服务时长40余小时。",
        "二、存在问题",
        "基层服务站力量薄弱。",  # one paragraph a line; blank lines and surrounding spaces go
        "部分台账更新不及时。",
        "三、2026年工作计划",
        "持续推进优待证发放。",
        "",  # 落款: one blank line below the text, the organ, the date
        "云溪县退役军人事务局",
        "2026年1月15日",
    ]


def test_parts_two_and_three_left_to_write(tree):
    draft = compose("half", 2025, tree["county"], signed_on=datetime.date(2025, 7, 1))
    document = Document(io.BytesIO(render_docx(draft, "", "")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "云溪县退役军人事务局2025年上半年工作总结和下半年工作计划"
    assert texts[3:] == ["一、2025年上半年工作开展情况", "本期暂无可统计的业务数据。", "二、存在问题", "（待填写）",
                         "三、下半年工作计划", "（待填写）", "", "云溪县退役军人事务局", "2025年7月1日"]


def test_page_setup_is_a4_with_gbt9704_margins(document):
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)
    # the type area is 156 mm x 225 mm
    assert Length(section.page_width - section.left_margin - section.right_margin).mm == pytest.approx(156, abs=0.1)
    assert Length(section.page_height - section.top_margin - section.bottom_margin).mm == pytest.approx(225, abs=0.1)


def test_title_in_fangzheng_xiaobiaosong_size_2_centred(document):
    title = by_text(document, TITLE)
    assert_font(title, "方正小标宋简体", Pt(22))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.paragraph_format.first_line_indent in (None, 0)


def test_headings_and_body_fonts(document):
    assert_font(by_text(document, "一、2025年工作开展情况"), "黑体", Pt(16))
    assert_font(by_text(document, "二、存在问题"), "黑体", Pt(16))
    assert_font(by_text(document, "三、2026年工作计划"), "黑体", Pt(16))
    assert_font(by_text(document, "（一）强化服务管理，夯实退役军人工作基础"), "楷体_GB2312", Pt(16))
    assert_font(by_text(document, "（二）发挥退役军人作用，志愿服务蔚然成风"), "楷体_GB2312", Pt(16))
    assert_font(by_text(document, "三是规范档案管理。接收档案3份，审核2份，移交1份。"), "仿宋_GB2312", Pt(16))
    assert_font(by_text(document, "基层服务站力量薄弱。"), "仿宋_GB2312", Pt(16))
    normal = document.styles["Normal"]
    assert normal.font.name == "仿宋_GB2312"
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)


def test_body_indent_and_fixed_line_pitch(document):
    """Two characters of first-line indent; about 22 lines on the 225 mm type area, at a fixed pitch."""
    for paragraph in document.paragraphs[2:-3]:  # the text, not the signing below it
        fmt = paragraph.paragraph_format
        assert fmt.first_line_indent == Pt(32), paragraph.text
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY, paragraph.text
        assert fmt.line_spacing.pt == pytest.approx(28.95, abs=0.06), paragraph.text
        assert fmt.space_before == Pt(0) and fmt.space_after == Pt(0), paragraph.text
    pitch = document.paragraphs[2].paragraph_format.line_spacing
    type_area = document.sections[0].page_height - document.sections[0].top_margin - document.sections[0].bottom_margin
    assert type_area // pitch == 22  # 22 whole lines fit, not 21


def test_signing_office_and_date_below_the_text(document):
    """GB/T 9704 7.3.5.3: the organ right-aligned two characters (2 x 16 pt) in; the date, in Arabic numerals,
    starting two characters right of the organ's first: 云溪县退役军人事务局 is 10 characters wide and
    2026年1月15日 6.5 (3 characters and 7 half-width digits), so the date is 2 + 10 - 6.5 - 2 = 3.5 characters in."""
    blank, organ, date = document.paragraphs[-3:]
    assert blank.text == "" and blank.paragraph_format.first_line_indent in (None, 0)
    assert (organ.text, date.text) == ("云溪县退役军人事务局", "2026年1月15日")
    for paragraph, characters in ((organ, 2), (date, 3.5)):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert paragraph.paragraph_format.right_indent == Pt(16 * characters)
        assert paragraph.paragraph_format.first_line_indent in (None, 0)
        assert paragraph.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.06)
        assert_font(paragraph, "仿宋_GB2312", Pt(16))


@pytest.mark.parametrize(("organ", "date", "layout"), [
    ("云溪县退役军人事务局", "2026年1月15日", [2, 3.5]),
    ("第2镇退役军人服务站", "2026年12月31日", [2, 2.5]),  # 9.5 and 7 characters wide
    ("云溪县退役军人事务局", "2026年7月1日", [2, 4]),
    ("某局", "2026年12月31日", [9, 2]),  # a date longer than the organ: two in, the organ moved left
])
def test_signature_layout(organ, date, layout):
    assert signature_layout(organ, date) == list(zip([organ, date], layout, strict=True))


def test_page_numbers_at_the_bottom(document):
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        xml = paragraph._element
        instructions = [node.text.strip() for node in xml.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        kinds = [node.get(qn("w:fldCharType")) for node in xml.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        for run in paragraph.runs:
            assert east_asia(run) == "宋体"
            assert run.font.size == Pt(14)


def test_the_annex_never_writes_a_live_formula():
    """An area named =HYPERLINK(…) made the annex's title cell a formula."""
    import types
    import zipfile

    from openpyxl import load_workbook

    from reports.render import render_xlsx

    name = '=HYPERLINK("http://x","点我")'
    data = render_xlsx(types.SimpleNamespace(title=f"{name}退役军人事务局2026年工作总结"), [], name, "2026年")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value.startswith("=HYPERLINK") and sheet["A1"].data_type == "s"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
