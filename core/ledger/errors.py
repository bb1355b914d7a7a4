"""What an import says went wrong: a file it cannot read (LedgerError), a bad cell (CellError), and
the error workbook handed back to the user with each bad cell marked."""

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.ledger.exporting import text_cell


class LedgerError(Exception):
    """The file as a whole cannot be read: the message says why, in Chinese."""


@dataclass
class CellError:
    row: int  # row number in the uploaded sheet
    column: str  # header, or "" for the whole row
    message: str


def error_folder():
    folder = Path(settings.MEDIA_ROOT) / "import_errors"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_error_workbook(sheet, data_rows, errors, user):
    """The uploaded rows of `sheet` (a SheetData) with each bad cell filled red and commented, and a
    reason column.  Returns the token for core:import_errors (the file is in error_folder())."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    red = PatternFill("solid", fgColor="FFC7CE")
    by_row = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    positions = {column.header: position for position, column in sheet.mapping.items()}
    width = max(len(sheet.labels), max(positions.values(), default=0) + 1)
    workbook = Workbook(write_only=True)
    out = workbook.create_sheet("导入错误")
    # Every row stands at its number in the uploaded sheet, so 第N行 in a message is row N here too:
    # the header at its own row, the instruction above it (or in the reason column's header when
    # the header is row 1), the rows left out of the import (blank, footer) left blank.
    instruction = _("以下标红单元格有误，请按“错误说明”修改后重新导入整个文件。")
    head_number = sheet.header_row
    if head_number > 1:
        out.append([text_cell(out, instruction)])
        for _blank in range(head_number - 2):
            out.append([])
    head = []
    reason_header = _("错误说明") if head_number > 1 else f"{_('错误说明')}（{instruction}）"
    for value in sheet.labels + [None] * (width - len(sheet.labels)) + [reason_header]:
        cell = text_cell(out, value)
        cell.font = Font(bold=True)
        head.append(cell)
    out.append(head)
    written = head_number
    for row_number, row in data_rows:
        for _blank in range(row_number - written - 1):
            out.append([])
        written = row_number
        row_errors = by_row.get(row_number, [])
        bad = {}
        for error in row_errors:
            if error.column in positions:
                position = positions[error.column]
                bad[position] = f"{bad[position]}；{error.message}" if position in bad else error.message
        cells = []
        for position in range(width):
            cell = text_cell(out, row[position] if position < len(row) else None)
            if position in bad:
                cell.fill = red
                cell.comment = Comment(bad[position], "系统")
            cells.append(cell)
        reasons = "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in row_errors)
        cells.append(text_cell(out, f"第{row_number}行：{reasons}" if row_errors else ""))
        out.append(cells)
    token = f"{user.pk}-{uuid.uuid4().hex}"
    workbook.save(error_folder() / f"{token}.xlsx")
    return token
