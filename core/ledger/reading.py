"""Reading an upload: the sheet whose header matches the ledger best, the header found under title
rows and merged cells, and the rows under it (blank rows and footer lines left out)."""

import io
import logging
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum, XmlError, ZipError

from core.ledger.columns import is_blank, normalize_header, normalize_text
from core.ledger.errors import LedgerError

logger = logging.getLogger("core.ledger")

HEADER_SCAN_ROWS = 20  # the header must be among the first 20 non-blank rows
HEADER_SCAN_COLUMNS = 200
HEADER_DEPTH = 3  # rows a header may span (vertically merged cells, group titles)

# A row whose first filled cell starts with one of these is a ledger's footer (totals, signatures,
# notes), not a record: 合计, 制表人：张三, 填报日期：2026年11月30日, 注：…
FOOTER_WORDS = ("合计", "总计", "小计", "共计", "制表", "填表", "填报", "审核", "审批", "负责人", "单位负责人", "经办人",
                "统计人", "报送", "盖章", "注:", "说明:", "备注:")


def is_footer(row):
    """Whether a sheet row is a footer line (合计, 制表人, 审核人, 填报日期, 注：…) rather than a record."""
    first = next((value for value in row if not is_blank(value)), None)
    if not isinstance(first, str):
        return False
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", first))
    return text.startswith(FOOTER_WORDS)


def cell(value):
    """A value as calamine reads it, made what openpyxl gives: an empty cell None (calamine reads
    ""), a whole number an int (calamine reads every number as a float: 13812345678.0)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


@dataclass
class SheetData:
    """The sheet chosen for import: its header and the rows under it."""

    title: str
    rows: list  # [(row number, [values])]: rows with something in a recognised column
    mapping: dict  # position -> Column
    labels: list  # header text per position, merged cells filled in
    header_row: int = 1  # the header's (last) row number in the sheet
    footer_rows: int = 0  # footer lines passed over (合计, 制表人, 填报日期…)


class LedgerReading:
    """The reading half of `Ledger`'s import: reads its columns and `_by_header`."""

    def _read_sheet(self, data):
        """The sheet whose header matches the ledger best, read in full (blank rows left out).

        The reader is python-calamine (Rust): at 10,000 rows it reads a sheet about six times as
        fast as openpyxl's read-only mode (bench/bench_import.py measures both in one run).  It sees
        the file only after `checked_archive` has refused oversize files, zip bombs, XML parts with
        a DTD and sheets reaching past the row and column limits: calamine keeps a sheet as one
        dense range, so that last check is what keeps a cell at row 100,000,000 from costing memory."""
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            try:
                best = None
                for metadata in workbook.sheets_metadata:
                    if metadata.typ != SheetTypeEnum.WorkSheet:  # chart sheets, macro sheets
                        continue
                    # From A1 whatever the first filled cell, so that row numbers are the sheet's.
                    grid = workbook.get_sheet_by_name(metadata.name).to_python(skip_empty_area=False)
                    head = list(self._iter_rows(grid, HEADER_SCAN_COLUMNS, limit=HEADER_SCAN_ROWS))
                    index, mapping, labels = self._locate_header(head)
                    if best is None or len(mapping) > len(best[1]):
                        best = (metadata.name, grid, mapping, head[index][0] if head else 0, labels)
                if best is None or not best[2]:
                    expected = "、".join(c.header for c in self.columns)
                    raise LedgerError(_("未找到表头。表头应包含：%(cols)s。") % {"cols": expected})
                title, grid, mapping, header_number, labels = best
                missing = [c.header for c in self.columns if c.required and c not in mapping.values()]
                if missing:
                    raise LedgerError(_("表头缺少必填列：%(cols)s。") % {"cols": "、".join(missing)})
                rows, footers = [], 0
                for number, row in self._iter_rows(grid, len(labels), start=header_number):
                    if all(is_blank(row[position]) for position in mapping):
                        continue  # nothing in a recognised column (e.g. only 序号)
                    if is_footer(row):
                        footers += 1
                        continue
                    rows.append((number, row))
                    if len(rows) > settings.LEDGER_MAX_ROWS:
                        raise LedgerError(_("一次最多导入%(n)d行，请拆分文件。") % {"n": settings.LEDGER_MAX_ROWS})
            finally:
                workbook.close()
        except LedgerError:
            raise
        except Exception as exc:
            raise LedgerError(self._read_failure(exc)) from None
        return SheetData(title=title, rows=rows, mapping=mapping, labels=labels, header_row=header_number,
                         footer_rows=footers)

    @staticmethod
    def _iter_rows(grid, width, *, limit=None, start=0):
        """(row number, values) of the non-blank rows below row `start`, at most `limit` of them,
        `width` cells each; cells as openpyxl would read them (`cell`)."""
        count = 0
        width = max(width, 1)
        for number in range(start + 1, len(grid) + 1):
            row = grid[number - 1][:width]
            if all(is_blank(value) for value in row):
                continue
            row = [cell(value) for value in row]
            yield number, row + [None] * (width - len(row))
            count += 1
            if count == limit:
                return

    @staticmethod
    def _read_failure(exc):
        """The message for an exception the reader raised (openpyxl, writing the error workbook, wraps the
        real cause in a ValueError)."""
        from defusedxml import DefusedXmlException

        seen, depth = exc, 0
        while seen is not None and depth < 10:
            depth += 1
            if isinstance(seen, DefusedXmlException):
                return _("文件含有不安全的XML内容（DTD/实体声明），已拒绝。")
            if isinstance(seen, (zipfile.BadZipFile, zlib.error, EOFError, ZipError, XmlError)):
                return _("文件已损坏或不完整，请在Excel中重新保存后上传。")
            seen = seen.__cause__ or seen.__context__
        logger.warning("ledger import: unreadable workbook", exc_info=exc)
        return _("无法读取该Excel文件，请确认文件未损坏且为.xlsx格式。")

    def _match(self, text):
        return self._by_header.get(normalize_header(text)) if not is_blank(text) else None

    def _header_at(self, rows, index):
        """Columns recognised if rows[index] is the header's last row.

        An empty cell takes the text of the nearest cell above it within the
        header (up to HEADER_DEPTH rows): that is how a vertically merged cell
        (序号 or 名称 spanning two header rows) reads, while group titles
        merged across the columns above the real header are passed over.
        """
        number, row = rows[index]
        above = []
        for back in range(1, HEADER_DEPTH):
            if index - back >= 0 and rows[index - back][0] == number - back:
                above.append(rows[index - back][1])
        mapping, labels = {}, []
        for position, value in enumerate(row):
            text = value
            for upper in above:
                if not is_blank(text):
                    break
                text = upper[position] if position < len(upper) else None
            labels.append(normalize_text(text))
            column = self._match(text)
            if column is not None and column not in mapping.values():
                mapping[position] = column
        while labels and not labels[-1]:
            labels.pop()
        return mapping, labels

    def _locate_header(self, rows):
        """(index, mapping, labels) of the row that recognises the most columns; the first of equals."""
        best = (0, {}, [])
        for index in range(len(rows)):
            mapping, labels = self._header_at(rows, index)
            if len(mapping) > len(best[1]):
                best = (index, mapping, labels)
        return best
