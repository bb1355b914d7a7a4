"""Export: a scoped queryset streamed into an XlsxWriter workbook in constant-memory mode.

The rows go under a header block (title, area, who exported it and when);
sensitive columns are masked for roles that may not see them, and any text
starting with = + - @ is written as a text cell, never as a formula.
"""

import datetime
import decimal
import operator
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise

from core.ledger.columns import Column, model_field_at, value_at
from core.outside import OUTSIDE_EXPORT_TEXT, outside_links
from core.services import scope

FORMULA_START = ("=", "+", "-", "@")
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PROGRESS_EVERY = 2000  # rows between two progress reports of an export


def cell_text(value):
    """A value as openpyxl may write it: lazy text made text, characters XML cannot hold removed."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_XML_CHARS.sub("", value)
    return value


def text_cell(sheet, value):
    """A write-only cell; text that Excel would take for a formula is kept as text."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
    return cell


def export_cell(sheet, value):
    """What export appends for a value: the value itself (openpyxl writes plain values fastest), or a
    text cell for text that Excel would take for a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        if ILLEGAL_XML_CHARS.search(value):
            value = ILLEGAL_XML_CHARS.sub("", value)
        if value.startswith(FORMULA_START):
            return text_cell(sheet, value)
    return value


def cell_writer(workbook, sheet):
    """write(row, column, value) for an XlsxWriter sheet: each kind of value by its own method,
    chosen by the value's type (one dict look-up a cell).  Text is written as text (never a formula,
    whatever its first character) with the characters XML cannot hold removed; dates and times get a
    date format, as openpyxl gives them; anything else is written as its text.

    The methods are the worksheet's typed writers behind its public write_string, write_number, …
    (XlsxWriter is pinned in requirements.txt): the public ones only add a check for A1-style
    arguments, which costs a fifth of an export's time at 21 cells a row."""
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    write_string = getattr(sheet, "_write_string", sheet.write_string)
    write_number = getattr(sheet, "_write_number", sheet.write_number)
    write_boolean = getattr(sheet, "_write_boolean", sheet.write_boolean)
    write_datetime = getattr(sheet, "_write_datetime", sheet.write_datetime)
    search = ILLEGAL_XML_CHARS.search

    def text(row, column, value):
        if not value:
            return  # an empty cell, as openpyxl leaves it
        write_string(row, column, ILLEGAL_XML_CHARS.sub("", value) if search(value) else value)

    def a_date(row, column, value):
        write_datetime(row, column, value, date_format)

    def a_datetime(row, column, value):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        write_datetime(row, column, value, datetime_format)

    def other(row, column, value):  # lazy text, a str subclass (SafeString), a time, a record
        text(row, column, str(value))

    writers = {
        str: text, int: write_number, float: write_number, decimal.Decimal: write_number, bool: write_boolean,
        datetime.date: a_date, datetime.datetime: a_datetime, type(None): lambda row, column, value: None,
    }
    return lambda value: writers.get(type(value), other)


@dataclass
class ExportResult:
    path: str
    filename: str
    rows: int
    masked: bool

    def open(self):
        handle = open(self.path, "rb")
        Path(self.path).unlink()  # the open handle keeps the data until the response is sent
        return handle


class LedgerExport:
    """The export half of `Ledger`: reads its model, columns, title, serial and select_related."""

    def header_row(self):
        return (["序号"] if self.serial else []) + [c.header for c in self.columns]

    def sources(self, column):
        """The database paths a column is exported from, or None when its export needs the record."""
        if column.source:
            return (column.source,) if isinstance(column.source, str) else tuple(column.source)
        if column.export is None and column.field:
            model_field = model_field_at(self.model, column.field)
            if model_field is None or model_field.is_relation:  # a property, or a record written as its str()
                return None
            return (column.field.replace(".", "__"),)
        return None

    def _formatter(self, column):
        """callable(value) -> cell value for a column exported from one path without `export`;
        None when the stored values are written as they are (text, numbers, dates)."""
        paths = self.sources(column)
        model_field = model_field_at(self.model, paths[0]) if paths and not column.export else None
        labels = None
        if model_field is not None and model_field.choices:
            # get_FOO_display() rebuilds and hashes the choices for every cell: look labels up in a table.
            labels = self._labels.get(model_field)
            if labels is None:
                labels = self._labels[model_field] = {key: str(label) for key, label in model_field.flatchoices}
        empty = column.empty
        if empty is None and labels is None and model_field is not None:
            if model_field.is_relation:
                if paths[0].replace("__", ".").rsplit(".", 1)[-1] == model_field.attname:
                    return None  # the stored key (an area's code)
            elif not isinstance(model_field, (models.BooleanField, models.DateTimeField)):
                return None

        def formatted(value):
            if value is None:
                return empty
            if labels is not None:
                return labels.get(value, value)
            if isinstance(value, bool):
                return "是" if value else "否"
            if isinstance(value, models.Model):
                return str(value)
            if isinstance(value, datetime.datetime):
                return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
            return value

        return formatted

    def cell_value(self, obj, column):
        """A column's cell for a record (the export of records; see also export())."""
        plan = self._cell_plans.get(id(column))
        if plan is None:  # worked out once per column, not per cell
            plan = self._cell_plans[id(column)] = (self.sources(column), None if column.export else self._formatter(column))
        paths, formatted = plan
        if column.export:
            return column.export(*[value_at(obj, path) for path in paths]) if paths else column.export(obj)
        value = value_at(obj, paths[0] if paths else column.field)
        return value if formatted is None else formatted(value)

    def export(self, queryset, *, user, unmasked=False, purpose="", progress=None):
        """Write the queryset's rows to a temporary .xlsx; constant memory whatever the row count.

        Sensitive columns are masked unless `unmasked` is asked for by a role that may reveal,
        with a stated `purpose` (written into the header block).  Rows 1-4 are the title, the
        user's area, who exported and when (and whether masked); row 5 is the header, frozen so
        it stays on screen.  `progress(rows written)` is called every PROGRESS_EVERY rows (a
        background export's job row).

        The writer is XlsxWriter in constant-memory mode (each row goes to disk as it is
        written): at 100,000 rows it measured 1.3-1.6 times openpyxl's write-only mode, which
        bench/bench_export.py runs beside it.  Text is written with write_string, which never
        makes a formula, so a cell starting with = + - @ stays the text it was.
        """
        masked = not (unmasked and user.can_reveal and purpose.strip())
        mask_at = [position for position, column in enumerate(self.columns) if column.sensitive] if masked else []
        handle = tempfile.NamedTemporaryFile(prefix="ledger-", suffix=".xlsx", delete=False)
        handle.close()
        workbook = xlsxwriter.Workbook(handle.name, {"constant_memory": True, "strings_to_numbers": False,
                                                     "strings_to_formulas": False, "strings_to_urls": False})
        sheet = workbook.add_worksheet(re.sub(r"[\\/*?:\[\]]", "", self.title)[:31] or "Sheet1")
        for index, column in enumerate(([Column("序号", width=7)] if self.serial else []) + self.columns):
            sheet.set_column(index, index, column.width)
        sheet.freeze_panes(5, 0)  # rows 1-5 stay on screen: A6 is the first cell that scrolls
        area_name = user.area.full_name if user.area_id else ""
        sheet.write_string(0, 0, cell_text(self.title), workbook.add_format({"bold": True, "font_size": 14}))
        sheet.write_string(1, 0, cell_text(f"区划：{area_name}"))
        sheet.write_string(2, 0, cell_text(f"导出人：{user.full_name or user.username}（{user.username}）"))
        sheet.write_string(3, 0, f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + (
            "；敏感信息已脱敏" if masked else cell_text(f"；含完整身份证号和电话，用途：{purpose.strip()}，请妥善保管，用后销毁")))
        header_format = workbook.add_format({"bold": True, "align": "center"})
        for position, text in enumerate(self.header_row()):
            sheet.write_string(4, position, cell_text(text), header_format)
        writer_for = cell_writer(workbook, sheet)
        write_number = getattr(sheet, "_write_number", sheet.write_number)

        rows = 0
        serial = self.serial
        first = 1 if serial else 0
        outside = self._outside_columns(queryset, user)
        width = len(self.columns)
        for rows, values in enumerate(self._rows(queryset, extra=[name for name, _positions in outside]), start=1):
            line = rows + 4
            for position in mask_at:
                if values[position]:
                    values[position] = self.columns[position].masked(values[position])
            for (_name, positions), shown in zip(outside, values[width:], strict=True):  # another area's records (core.outside)
                if not shown:
                    for position in positions:
                        values[position] = OUTSIDE_EXPORT_TEXT
            if serial:
                write_number(line, 0, rows)
            for position in range(width):
                value = values[position]
                writer_for(value)(line, first + position, value)
            if progress is not None and rows % PROGRESS_EVERY == 0:
                progress(rows)
        workbook.close()
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return ExportResult(path=handle.name, filename=f"{self.title}_{stamp}.xlsx", rows=rows, masked=masked)

    def _outside_columns(self, queryset, user):
        """[(annotation, column positions)] for each link of the model that may lead outside the
        user's area (core.outside) and that columns read through; the queryset is annotated with
        whether the linked record is visible (one subquery, no rows loaded)."""
        found = []
        for field in outside_links(self.model):
            positions = [i for i, column in enumerate(self.columns)
                         if any(str(path).split("__")[0] == field.name for path in (self.sources(column) or [column.field]))]
            if positions:
                found.append((f"_visible_{field.name}", positions, field))
        self._outside_annotations = {  # an empty link hides nothing
            name: ExpressionWrapper(Q(**{f"{field.attname}__isnull": True})
                                    | Q(Exists(scope(field.related_model, user).filter(pk=OuterRef(field.attname)))),
                                    output_field=models.BooleanField())
            for name, _positions, field in found}
        return [(name, positions) for name, positions, _field in found]

    def _rows(self, queryset, extra=()):
        """Each record's cells, in column order, unmasked, then the `extra` annotations
        (_outside_columns).  When every column says what database paths it is written from, one
        values_list() query feeds them all (no model instances: most of an export's time otherwise);
        else records are loaded with select_related."""
        if extra:
            queryset = queryset.annotate(**{name: self._outside_annotations[name] for name in extra})
        sources = [self.sources(column) for column in self.columns]
        if any(paths is None for paths in sources):
            queryset = queryset.select_related(*self.select_related) if self.select_related else queryset
            for obj in queryset.iterator(chunk_size=2000):
                yield [self.cell_value(obj, column) for column in self.columns] + [getattr(obj, name) for name in extra]
            return
        paths = list(dict.fromkeys(path for column_paths in sources for path in column_paths))
        getters = [self._getter(column, [paths.index(path) for path in column_paths])
                   for column, column_paths in zip(self.columns, sources, strict=True)]
        tail = len(paths)
        for record in queryset.values_list(*paths, *extra).iterator(chunk_size=2000):
            yield [get(record) for get in getters] + list(record[tail:])

    def _getter(self, column, positions):
        """callable(values_list row) -> the column's cell."""
        if column.export:
            export = column.export
            return lambda record: export(*[record[p] for p in positions])
        formatted = self._formatter(column)
        if formatted is None:
            return operator.itemgetter(positions[0])  # written as stored
        position = positions[0]
        return lambda record: formatted(record[position])
