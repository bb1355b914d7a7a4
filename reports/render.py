"""Word in the official document format (GB/T 9704) and the Excel annex."""

import io
import math

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.ledger import FORMULA_START, cell_text
from reports.compose import PROBLEMS_HEADING
from reports.formatting import MONEY_UNITS, change_value

TO_BE_WRITTEN = "（待填写）"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
# 22 lines on the 225 mm type area (297 - 37 - 35): a fixed line pitch of 225 mm / 22, rounded down to
# Word's unit (1/20 pt): 28.95 pt.  Rounded up (29 pt), 22 lines need 225.07 mm and only 21 fit on a page.
LINE_PITCH = Twips(math.floor(Mm(225) / Twips(1) / 22))


def _font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph(document, text, *, font=BODY_FONT, size=SIZE_3, indent=True, align=None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size)
    return paragraph


def _page_number_footer(footer, align):
    """— 1 —: 4号宋体, an em dash either side (GB/T 9704 7.5)."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = align
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def render_docx(draft, problems, plans, opening=None):
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # page number about 7 mm below the type area

    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr()
    _font_style(normal)

    # Odd pages: number at the right; even pages: at the left (GB/T 9704).
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    _paragraph(document, draft.title, font=TITLE_FONT, size=SIZE_2, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "", indent=False)
    _paragraph(document, opening or draft.opening)
    _paragraph(document, draft.part_one_heading, font=HEADING1_FONT)
    if not draft.sections:
        _paragraph(document, "本期暂无可统计的业务数据。")
    for heading, paragraphs in draft.sections:
        _paragraph(document, heading, font=HEADING2_FONT)
        for text in paragraphs:
            _paragraph(document, text)
    _paragraph(document, PROBLEMS_HEADING, font=HEADING1_FONT)
    # an empty part is marked, never left out; the summary page warns before generating it so (views.SummaryView)
    for text in _lines(problems) or [TO_BE_WRITTEN]:
        _paragraph(document, text)
    _paragraph(document, draft.plan_heading, font=HEADING1_FONT)
    for text in _lines(plans) or [TO_BE_WRITTEN]:
        _paragraph(document, text)
    _signature(document, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signature(document, draft):
    """The signing (落款, GB/T 9704 7.3.5.3, without a seal): one blank line below the text, the issuing organ
    right-aligned two characters in, the date below it starting two characters right of the organ's first
    (reports.compose.signature_layout)."""
    if not getattr(draft, "signed_by", ""):
        return
    _paragraph(document, "", indent=False)
    for text, right in draft.signature:
        paragraph = _paragraph(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(SIZE_3.pt * right)


def _font_style(style):
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), BODY_FONT)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def annex_value(value, unit):
    if value is None:
        return None
    if unit == "万元":
        return float(value) / 10000
    return float(value)


def guard_formulas(sheet):
    """Every text cell that Excel would take for a formula (an area named =HYPERLINK(…)) kept as
    text: the ledger's guard (core.ledger.FORMULA_START), for a sheet written cell by cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                cell.value = cell_text(cell.value)
                cell.data_type = "s"


def render_xlsx(draft, figures, area_name, period_label):
    """Every indicator: label, unit, this period, same period last year, change."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "统计附表"
    sheet.append([f"{draft.title}——统计附表"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"区划：{area_name}　统计期间：{period_label}"])
    sheet.append(["序号", "指标", "单位", "本期", "去年同期", "变化"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, (item, current, previous) in enumerate(figures, start=1):
        unit = item.unit
        sheet.append([number, item.label, unit, annex_value(current, unit), annex_value(previous, unit),
                      change_value(current, previous, unit)])
        if unit in MONEY_UNITS or unit == "%":
            for cell in sheet[sheet.max_row][3:6]:
                cell.number_format = "0.00"
    guard_formulas(sheet)
    for column, width in zip("ABCDEF", (6, 30, 8, 14, 14, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
