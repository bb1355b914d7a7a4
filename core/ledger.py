"""Excel ledgers (台账): one declaration drives export and import (DESIGN.md mechanism 5).

A ledger is a list of `Column`s::

    station_ledger = Ledger(
        model=ServiceStation, title="服务站台账", form_class=ServiceStationForm, key=("name", "area"),
        columns=[Column("名称", "name", required=True), Column("联系电话", "phone", kind="phone"), ...],
    )

Export streams the rows of a scoped queryset through openpyxl's write-only
mode (constant memory) under a header block (title, area, who exported it and
when), masks sensitive columns for roles that may not see them, and writes any
text starting with = + - @ as a text cell, never as a formula.

Import reads an uploaded .xlsx in read-only mode after refusing oversize
files, zip bombs and XML with a DTD (entity bombs, external entities), picks
the sheet with the best header, finds the header row under title rows and
merged cells, matches header variants, parses forgiving input (full-width
digits, Excel date serials, text dates), validates every row through the
model's form, and only if every row is good writes them all in one
transaction.  Otherwise nothing is written and the user gets an error
workbook with each bad cell marked and the reason in Chinese.

`key` names the field (or fields) that identify an existing record, so a file
that was exported and imported back changes nothing, and edited rows update
their record when the user asks for it.
"""

import codecs
import datetime
import decimal
import io
import logging
import operator
import re
import tempfile
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core import choices, idnumber
from core.fields import is_sensitive, unique_field_sets

logger = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@")
HEADER_SCAN_ROWS = 20  # the header must be among the first 20 non-blank rows
HEADER_SCAN_COLUMNS = 200
HEADER_DEPTH = 3  # rows a header may span (vertically merged cells, group titles)
EXCEL_EPOCH = datetime.date(1899, 12, 30)
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "不", "没有"}

# Zip members bigger than this must not inflate more than BOMB_RATIO times.
BOMB_ENTRY_BYTES = 10 * 1024 * 1024
BOMB_RATIO = 200
XML_PART_SUFFIXES = (".xml", ".rels", ".vml")
XML_HEAD_BYTES = 64 * 1024  # the root element of every part starts well within this
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Where a worksheet's rows and cells say they stand (<row r="100000000">): read from the sheet's
# XML before openpyxl, which walks every row of a gap one by one.
ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
WIDE_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{2,3})\d+\"")  # columns AA and beyond
EXTENT_CHUNK = 1024 * 1024
ROW_SLACK = 1000  # rows a sheet may hold beyond LEDGER_MAX_ROWS: title, header, blank and footer lines

# A row whose first filled cell starts with one of these is a ledger's footer (totals, signatures,
# notes), not a record: 合计, 制表人：张三, 填报日期：2026年11月30日, 注：…
FOOTER_WORDS = ("合计", "总计", "小计", "共计", "制表", "填表", "填报", "审核", "审批", "负责人", "单位负责人", "经办人",
                "统计人", "报送", "盖章", "注:", "说明:", "备注:")


# Every ledger ends with the record's primary key, so a clerk's own export (ID numbers masked)
# imports back matched row by row; a new record leaves it empty.
RECORD_KEY_HEADER = "系统编号"
RECORD_KEY_FIELD = "_record_key"


class LedgerError(Exception):
    """The file as a whole cannot be read: the message says why, in Chinese."""


# ---------------------------------------------------------------------- parsing helpers


def normalize_header(text):
    """A header as compared: half-width, no spaces, asterisks or colons, no trailing note in brackets."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[\s*＊:：]", "", text)
    return re.sub(r"[（(].*?[)）]$", "", text) or text


def normalize_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def is_footer(row):
    """Whether a sheet row is a footer line (合计, 制表人, 审核人, 填报日期, 注：…) rather than a record."""
    first = next((value for value in row if not is_blank(value)), None)
    if not isinstance(first, str):
        return False
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", first))
    return text.startswith(FOOTER_WORDS)


def parse_date(value):
    """A date from a date cell, an Excel serial number or text such as 2023-1-5, 2023/01/05, 2023年1月5日, 20230105."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466 and not (19000101 <= value <= 21001231):
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        value = str(int(value))
    text = normalize_text(value)
    if re.fullmatch(r"\d{1,5}", text):  # a serial number stored as text
        return parse_date(int(text))
    text = re.sub(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2})?$", "", text)  # a time of day after the date
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?", text)
    if not match:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})?", text)
    if not match:
        raise ValidationError(_("日期格式无法识别：%(v)s（示例：2023-05-01）") % {"v": text})
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(_("日期不存在：%(v)s") % {"v": text}) from None


def parse_int(value):
    text = normalize_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("应为整数：%(v)s") % {"v": text}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(_("应为整数：%(v)s") % {"v": text})
    return int(number)


def parse_decimal(value):
    text = normalize_text(value).replace(",", "").removesuffix("元")
    if not text:
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("应为数字：%(v)s") % {"v": text}) from None
    if not number.is_finite():
        raise ValidationError(_("应为数字：%(v)s") % {"v": text})
    return number


def parse_bool(value):
    if isinstance(value, bool):
        return value
    text = normalize_text(value).lower()
    if not text:
        return False
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError(_("应填“是”或“否”：%(v)s") % {"v": text})


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


def value_at(obj, path):
    """The value at a database path ("card__status") of a record; None past a missing relation."""
    for part in path.replace("__", ".").split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def human_size(size):
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB".replace(".0 ", " ")
    return f"{max(size, 1) / 1024:.0f} KB"


def model_field_at(model, path):
    """The model field a column's path ("area.parent.name" or "area__parent__name") ends at, or None
    for a property or method."""
    model_field = None
    for part in path.replace("__", ".").split("."):
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = model_field.related_model
    return model_field


# ---------------------------------------------------------------------- declarations and results


@dataclass(eq=False)  # compared and hashed by identity: columns are dict keys
class Column:
    """One ledger column.

    `field` is the model field (or a dotted path, for export only).  `kind`
    picks the parser and formatter: text, int, decimal, date, bool, choice,
    id_number, phone, area.  `export`/`parse` override them; `aliases` are
    other headers the same column goes by in bureaus' own files.

    What export writes: the value at `source` (a database path such as
    "card__status", or a tuple of them), else at `field`, with choice labels,
    是/否 and `empty` for nothing; or `export(*values at source)`.  Columns
    declared so are read with one values_list() query and no model instances;
    an `export` without `source` is called with the record (slower: the
    ledger then loads records).  A column whose field or source is sensitive
    (ID number, phone) is masked on export for roles that may not see it; a
    column computed by `export` from anything else must say `sensitive=True`
    itself.
    """

    header: str
    field: str = None
    kind: str = "text"
    aliases: tuple = ()
    required: bool = False
    export: object = None  # callable(obj) -> cell value
    parse: object = None  # callable(value, context) -> python value
    width: int = 14
    sensitive: bool = False
    mask: object = None  # callable(value) -> masked text; from the model field when it has one
    source: object = None  # database path(s) export reads (see above)
    empty: object = None  # what export writes when the value is None

    def headers(self):
        return {normalize_header(self.header), *(normalize_header(a) for a in self.aliases)}

    def masked(self, value):
        if self.mask:
            return self.mask(value)
        return idnumber.mask_phone(value) if self.kind == "phone" else idnumber.mask_id(value)


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


@dataclass
class CellError:
    row: int  # row number in the uploaded sheet
    column: str  # header, or "" for the whole row
    message: str


@dataclass
class ImportOutcome:
    ok: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    file_error: str = ""
    error_file: str = ""  # token for core:import_errors download
    sheet: str = ""  # title of the sheet that was read
    footer_rows: int = 0  # footer lines passed over (合计, 制表人, 填报日期…)

    @property
    def error_rows(self):
        return len({e.row for e in self.errors})


@dataclass
class Masked:
    """A masked value (138****5678) read back from a masked export: it stands for the stored value."""

    text: str


@dataclass
class SheetData:
    """The sheet chosen for import: its header and the rows under it."""

    title: str
    rows: list  # [(row number, [values])]: rows with something in a recognised column
    mapping: dict  # position -> Column
    labels: list  # header text per position, merged cells filled in
    header_row: int = 1  # the header's (last) row number in the sheet
    footer_rows: int = 0  # footer lines passed over (合计, 制表人, 填报日期…)


class ImportContext:
    """What parsers may need: the user, and caches that live for one import."""

    def __init__(self, user):
        self.user = user
        self._areas = None
        self.choices = {}  # (model, value) -> the record a form's ModelChoiceField found, for every row
        self.checked_unique = ()  # fields whose uniqueness the ledger has checked for all rows at once

    def areas(self):
        from core.models import Area

        if self._areas is None:
            by_code, by_name = {}, {}
            for code, name, parent_name in Area.objects.visible_to(self.user).values_list("code", "name", "parent__name"):
                by_code[code] = code
                by_name.setdefault(name, []).append(code)
                if parent_name:
                    by_name.setdefault(f"{parent_name}{name}", []).append(code)
                    by_name.setdefault(f"{parent_name}/{name}", []).append(code)
            self._areas = (by_code, by_name)
        return self._areas

    def resolve_area(self, value):
        text = normalize_text(value).replace(" ", "")
        if not text:
            return None
        by_code, by_name = self.areas()
        if text in by_code:
            return text
        codes = by_name.get(text, [])
        if len(codes) == 1:
            return codes[0]
        if len(codes) > 1:
            raise ValidationError(_("区划名称“%(v)s”不唯一，请写作“镇街/村居”或填写区划代码。") % {"v": text})
        raise ValidationError(_("区划“%(v)s”不存在或不在您的管辖范围内。") % {"v": text})


# ---------------------------------------------------------------------- the ledger


class Ledger:
    """The columns of one model's Excel ledger, and export and import driven by them.

    `key` is a field name or a tuple of field names identifying an existing
    record (e.g. "code", or ("name", "area") for stations, which have no
    natural key).  Every ledger of a model with an integer primary key also
    ends with a 系统编号 column (`record_key`): export writes the record's key,
    and an imported row that carries one is that record (its masked cells
    unchanged), whatever its other cells say.  A row with neither is a new
    record.  Override `row_data` to combine columns into form fields.
    """

    def __init__(self, *, model, title, columns, form_class=None, key=None, select_related=(), serial=True, record_key=True):
        self.model = model
        columns = list(columns)
        if record_key and isinstance(model._meta.pk, models.AutoField):
            columns.append(Column(RECORD_KEY_HEADER, RECORD_KEY_FIELD, kind="int", source="pk", width=10,
                                  aliases=("记录编号", "系统ID")))
        self.has_record_key = any(column.field == RECORD_KEY_FIELD for column in columns)
        self._labels = {}  # choice labels by model field, filled on first use
        self._choice_values = {}  # {normalized value or label: stored value} by model field, for import
        self._cell_plans = {}  # id(column) -> (source paths, formatter), for cell_value
        self.title = title
        self.columns = list(columns)
        self.form_class = form_class
        self.key = key
        self.key_fields = (key,) if isinstance(key, str) else tuple(key or ())
        self.select_related = select_related
        self.serial = serial
        self._by_header = {}  # normalised header or alias -> column; the first declared wins
        for column in self.columns:
            for header in column.headers():
                self._by_header.setdefault(header, column)
            path = column.source if isinstance(column.source, str) else column.field
            model_field = model_field_at(model, path) if path else None
            if model_field is not None and is_sensitive(model_field):
                column.sensitive = True
                column.mask = column.mask or model_field.mask

    @property
    def has_sensitive(self):
        """Whether any column is masked on a masked export (so an unmasked one means something)."""
        return any(column.sensitive for column in self.columns)

    # ------------------------------------------------------------------ export
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

    def export(self, queryset, *, user, unmasked=False, purpose=""):
        """Write the queryset's rows to a temporary .xlsx; constant memory whatever the row count.

        Sensitive columns are masked unless `unmasked` is asked for by a role that may reveal,
        with a stated `purpose` (written into the header block).  Rows 1-4 are the title, the
        user's area, who exported and when (and whether masked); row 5 is the header, frozen so
        it stays on screen.
        """
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        masked = not (unmasked and user.can_reveal and purpose.strip())
        mask_at = [position for position, column in enumerate(self.columns) if column.sensitive] if masked else []
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(re.sub(r"[\\/*?:\[\]]", "", self.title)[:31])
        for index, column in enumerate(([Column("序号", width=7)] if self.serial else []) + self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A6"
        title = text_cell(sheet, self.title)
        title.font = Font(bold=True, size=14)
        area_name = user.area.full_name if user.area_id else ""
        sheet.append([title])
        sheet.append([text_cell(sheet, f"区划：{area_name}")])
        sheet.append([text_cell(sheet, f"导出人：{user.full_name or user.username}（{user.username}）")])
        sheet.append([text_cell(sheet, f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + (
            "；敏感信息已脱敏" if masked else f"；含完整身份证号和电话，用途：{purpose.strip()}，请妥善保管，用后销毁"))])
        header_cells = []
        for text in self.header_row():
            cell = text_cell(sheet, text)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            header_cells.append(cell)
        sheet.append(header_cells)

        rows = 0
        serial = self.serial
        for rows, values in enumerate(self._rows(queryset), start=1):
            for position in mask_at:
                if values[position]:
                    values[position] = self.columns[position].masked(values[position])
            for position, value in enumerate(values):  # text Excel would take for a formula, characters XML cannot hold
                if isinstance(value, str):
                    if value.startswith(FORMULA_START) or ILLEGAL_XML_CHARS.search(value):
                        values[position] = export_cell(sheet, value)
                elif isinstance(value, Promise):
                    values[position] = export_cell(sheet, value)
            sheet.append([rows, *values] if serial else values)
        handle = tempfile.NamedTemporaryFile(prefix="ledger-", suffix=".xlsx", delete=False)
        handle.close()
        workbook.save(handle.name)
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return ExportResult(path=handle.name, filename=f"{self.title}_{stamp}.xlsx", rows=rows, masked=masked)

    def _rows(self, queryset):
        """Each record's cells, in column order, unmasked.  When every column says what database
        paths it is written from, one values_list() query feeds them all (no model instances:
        most of an export's time otherwise); else records are loaded with select_related."""
        sources = [self.sources(column) for column in self.columns]
        if any(paths is None for paths in sources):
            queryset = queryset.select_related(*self.select_related) if self.select_related else queryset
            for obj in queryset.iterator(chunk_size=2000):
                yield [self.cell_value(obj, column) for column in self.columns]
            return
        paths = list(dict.fromkeys(path for column_paths in sources for path in column_paths))
        getters = [self._getter(column, [paths.index(path) for path in column_paths])
                   for column, column_paths in zip(self.columns, sources, strict=True)]
        for record in queryset.values_list(*paths).iterator(chunk_size=2000):
            yield [get(record) for get in getters]

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

    # ------------------------------------------------------------------ import
    def import_file(self, upload, *, user, update=False, queryset=None):
        """Validate every row, then write all or nothing.  Returns an ImportOutcome.

        `upload` is any readable binary file (an UploadedFile, an open file,
        BytesIO).  `queryset` is what the user may change; by default the
        model's `visible_to(user)`.
        """
        if self.form_class is None:
            raise ImproperlyConfigured(f"ledger {self.title} has no form_class and cannot import")
        outcome = ImportOutcome()
        try:
            sheet = self._read_sheet(self._checked_archive(upload))
        except LedgerError as exc:
            outcome.file_error = str(exc)
            return outcome
        outcome.sheet = sheet.title
        outcome.footer_rows = sheet.footer_rows

        data_rows = sheet.rows
        outcome.total_rows = len(data_rows)
        if not data_rows:
            outcome.file_error = _("表格中没有数据行。")
            return outcome

        if queryset is None:
            manager = self.model._default_manager
            queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        context = ImportContext(user)
        valid = self._validate(data_rows, sheet.mapping, context, update, queryset, outcome)
        if outcome.errors:
            outcome.error_file = self._write_error_workbook(sheet, data_rows, outcome.errors, user)
            return outcome
        self._write(valid, outcome, user)
        outcome.ok = True
        return outcome

    # -- reading the file
    def _checked_archive(self, upload):
        """The upload's bytes, once they are known to be a sane .xlsx package: not too big, not
        another kind of file, no member that inflates suspiciously, no XML part with a DTD."""
        limit = settings.LEDGER_MAX_UPLOAD_BYTES
        upload.seek(0)
        data = upload.read(limit + 1)
        upload.seek(0)
        if len(data) > limit:
            size = max(getattr(upload, "size", None) or 0, len(data))
            raise LedgerError(_("文件过大（%(size)s），上限为%(limit)s。") % {
                "size": human_size(size), "limit": human_size(limit)})
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise LedgerError(_("文件设置了打开密码，请在Excel中取消密码后再导入。"))
            raise LedgerError(_("这是旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx格式后再导入。"))
        if data.startswith(b"%PDF"):
            raise LedgerError(_("这是PDF文件，不是Excel表格，请上传.xlsx文件。"))
        if not data.startswith(b"PK"):
            raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
            raise LedgerError(_("文件已损坏或不完整，请在Excel中重新保存后上传。")) from None
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise LedgerError(_("这是Word文件，不是Excel表格，请上传.xlsx文件。"))
            raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
        # zipfile never inflates a member beyond its declared size (a lie fails the CRC check),
        # so the declared sizes bound what reading the file can cost.
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > BOMB_ENTRY_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
                raise LedgerError(_("文件压缩比异常（疑似压缩炸弹），已拒绝。"))
        if total > settings.LEDGER_MAX_UNCOMPRESSED_BYTES:
            raise LedgerError(_("文件解压后过大（疑似压缩炸弹），已拒绝。"))
        try:
            for info in infos:
                if info.filename.lower().endswith(XML_PART_SUFFIXES):
                    with archive.open(info) as member:
                        if declares_dtd(member.read(XML_HEAD_BYTES)):
                            raise LedgerError(_("文件含有不安全的XML内容（DTD/实体声明），已拒绝。"))
            for info in infos:
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    with archive.open(info) as member:
                        check_sheet_extent(member, info.filename)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise LedgerError(_("文件已损坏或不完整，请在Excel中重新保存后上传。")) from None
        return data

    def _read_sheet(self, data):
        """The sheet whose header matches the ledger best, read in full (blank rows left out)."""
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                best = None
                for worksheet in workbook.worksheets:  # chart sheets are not among them
                    worksheet.reset_dimensions()  # a wrong <dimension> would pad every row to it
                    head = list(self._iter_rows(worksheet, HEADER_SCAN_COLUMNS, limit=HEADER_SCAN_ROWS))
                    index, mapping, labels = self._locate_header(head)
                    if best is None or len(mapping) > len(best[1]):
                        best = (worksheet, mapping, head[index][0] if head else 0, labels)
                if best is None or not best[1]:
                    expected = "、".join(c.header for c in self.columns)
                    raise LedgerError(_("未找到表头。表头应包含：%(cols)s。") % {"cols": expected})
                worksheet, mapping, header_number, labels = best
                missing = [c.header for c in self.columns if c.required and c not in mapping.values()]
                if missing:
                    raise LedgerError(_("表头缺少必填列：%(cols)s。") % {"cols": "、".join(missing)})
                rows, footers = [], 0
                for number, row in self._iter_rows(worksheet, len(labels)):
                    if number <= header_number or all(is_blank(row[position]) for position in mapping):
                        continue  # the header block, or nothing in a recognised column (e.g. only 序号)
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
        return SheetData(title=worksheet.title, rows=rows, mapping=mapping, labels=labels, header_row=header_number,
                         footer_rows=footers)

    @staticmethod
    def _iter_rows(worksheet, width, *, limit=None):
        """(row number, values) of the non-blank rows, at most `limit` of them, `width` cells each."""
        count = 0
        for number, row in enumerate(worksheet.iter_rows(max_col=max(width, 1), values_only=True), start=1):
            if all(is_blank(value) for value in row):
                continue
            row = list(row)
            yield number, row + [None] * (width - len(row))
            count += 1
            if count == limit:
                return

    @staticmethod
    def _read_failure(exc):
        """The message for an exception openpyxl raised; it wraps the real cause in a ValueError."""
        from defusedxml import DefusedXmlException

        seen, depth = exc, 0
        while seen is not None and depth < 10:
            depth += 1
            if isinstance(seen, DefusedXmlException):
                return _("文件含有不安全的XML内容（DTD/实体声明），已拒绝。")
            if isinstance(seen, (zipfile.BadZipFile, zlib.error, EOFError)):
                return _("文件已损坏或不完整，请在Excel中重新保存后上传。")
            seen = seen.__cause__ or seen.__context__
        logger.warning("ledger import: unreadable workbook", exc_info=exc)
        return _("无法读取该Excel文件，请确认文件未损坏且为.xlsx格式。")

    # -- the header
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

    # -- cells and rows
    def parse_cell(self, column, value, context):
        """The python value of one cell, or ValidationError with the reason in Chinese."""
        if column.parse:
            return column.parse(value, context)
        kind = column.kind
        if kind == "date":
            return parse_date(value)
        if kind == "int":
            return parse_int(value)
        if kind == "decimal":
            return parse_decimal(value)
        if kind == "bool":
            return parse_bool(value)
        if kind == "id_number":
            text = normalize_text(value)
            return idnumber.clean_id_number(text) if text else ""
        if kind == "phone":
            return idnumber.clean_phone(value)
        if kind == "area":
            return context.resolve_area(value)
        if kind == "choice":
            return self._parse_choice(column, value)
        return normalize_text(value)

    def _parse_choice(self, column, value):
        text = normalize_text(value)
        if not text:
            return ""
        model_field = self.model._meta.get_field(column.field)
        words = self._choice_values.get(model_field)
        if words is None:  # stored values, labels, label parts and declared synonyms (core.choices), normalized
            words = self._choice_values[model_field] = choices.table(model_field.flatchoices)
        found = words.get(choices.normalize(text))
        if found is not None:
            return found
        options = "、".join(str(label) for _stored, label in model_field.flatchoices)
        raise ValidationError(_("“%(v)s”不是可选值，可选：%(opts)s") % {"v": text, "opts": options})

    def row_data(self, parsed, context):
        """Form data for one row; override to combine columns (e.g. township + village into area)."""
        data = {}
        for column, value in parsed.items():
            if column.field and "." not in column.field:
                data[column.field] = value
        return data

    # -- validation
    def _validate(self, data_rows, mapping, context, update, queryset, outcome):
        """Every row through its parsers and the model's form; the bound forms of the rows to write.

        Errors go to outcome.errors; rows that match a record and change
        nothing are counted in outcome.unchanged.
        """
        rows = []
        for row_number, row in data_rows:
            parsed, row_errors = self._parse_row(row_number, row, mapping, context)
            data = None
            if not row_errors:
                try:
                    data = self.row_data(parsed, context)
                except ValidationError as exc:  # e.g. columns that together name an unknown area
                    row_errors.append(CellError(row_number, getattr(exc, "header", ""), "；".join(exc.messages)))
            rows.append((row_number, parsed, row_errors, data))

        pks = [data.get(RECORD_KEY_FIELD) for _n, _p, _e, data in rows if data is not None]
        existing = self._existing([self._key_of(data) for _n, _p, _e, data in rows if data is not None])
        visible = self._visible_pks(queryset, [obj.pk for matches in existing.values() for obj in matches])
        by_pk = self._by_record_key(queryset, [pk for pk in pks if pk is not None])
        seen_keys, seen_pks = {}, {}
        form = None  # one form validates every row (CaseForm.rebind)
        seen_unique = {}  # (fields, values) -> the row that has them: uniqueness among the file's rows
        valid = []  # (instance as the form built it, new?) of each row to write
        for row_number, parsed, row_errors, data in rows:
            if row_errors:
                outcome.errors.extend(row_errors)
                continue
            key_header = self._key_header(parsed)
            pk = data.pop(RECORD_KEY_FIELD, None)
            instance = None
            if pk is not None:  # 系统编号: the row is that record, whatever else it says; masked cells keep its values
                instance, error = self._match_record_key(pk, by_pk, seen_pks, row_number, data, existing)
                if error is not None:
                    outcome.errors.append(CellError(row_number, error[0] or key_header, error[1]))
                    continue
                self._resolve_masked(data, parsed, instance)
            key = self._key_of(data)
            if key is not None:
                if key in seen_keys:
                    outcome.errors.append(CellError(row_number, key_header, _("与第%(n)d行重复。") % {"n": seen_keys[key]}))
                    continue
                seen_keys[key] = row_number
                if pk is None:  # matched by its natural key
                    matches = existing.get(key, [])
                    if len(matches) > 1:
                        message = _("系统中有%(n)d条记录与此行匹配，无法确定是哪一条，请在系统中核实。") % {"n": len(matches)}
                        outcome.errors.append(CellError(row_number, key_header, message))
                        continue
                    instance = matches[0] if matches else None
                    if instance is not None and instance.pk not in visible:
                        outcome.errors.append(CellError(row_number, key_header, _("该记录已在其他地区登记，请联系上级部门核实。")))
                        continue
            if pk is None:
                masked_errors = self._resolve_masked(data, parsed, instance, row_number)
                if masked_errors:
                    outcome.errors.extend(masked_errors)
                    continue
            form_data = self._form_data(data, instance if instance is not None else self.model())
            # A row's key has been compared with the stored records (existing) and with the other rows
            # (seen_keys): its form need not look it up again.
            context.checked_unique = self.key_fields if key is not None else ()
            if form is None:
                form = self.form_class(data=form_data, instance=instance, user=context.user, import_context=context)
            else:
                form.rebind(form_data, instance)
            if not form.is_valid():
                for name, errors in form.errors.items():
                    column = self._column_for(name, parsed)
                    label = "" if column else (f"{form.fields[name].label}：" if name in form.fields else "")
                    outcome.errors.append(CellError(row_number, column.header if column else "", label + "；".join(errors)))
                continue
            if instance is not None:
                if not form.has_changed():
                    outcome.unchanged += 1
                    continue
                if not update:
                    outcome.errors.append(CellError(row_number, key_header,
                                                    _("该记录已存在且内容不同；如需更新，请勾选“更新已有记录”。")))
                    continue
            clash = self._unique_clash(form.instance, row_number, seen_unique)
            if clash is not None:
                names, first_row = clash
                column = self._column_for(names[-1], parsed) or self._column_for(names[0], parsed)
                labels = "、".join(str(self.model._meta.get_field(name).verbose_name) for name in names)
                outcome.errors.append(CellError(row_number, column.header if column else "",
                                                _("%(fields)s与第%(n)d行重复。") % {"fields": labels, "n": first_row}))
                continue
            valid.append((form.instance, instance is None))
        return valid

    def _unique_clash(self, instance, row_number, seen):
        """(fields, earlier row) when an earlier row of the file has the same values of a unique field
        set: each row passes the database's check alone, and the insert of both would fail."""
        for names in unique_field_sets(self.model):
            values = tuple(getattr(instance, self.model._meta.get_field(name).attname) for name in names)
            if any(value in (None, "") for value in values):
                continue
            first = seen.setdefault((names, values), row_number)
            if first != row_number:
                return names, first
        return None

    def _parse_row(self, row_number, row, mapping, context):
        parsed, errors = {}, []
        for position, column in mapping.items():
            value = row[position] if position < len(row) else None
            if column.sensitive and isinstance(value, str) and "*" in value:
                parsed[column] = Masked(normalize_text(value))
                continue
            try:
                parsed[column] = self.parse_cell(column, value, context)
            except ValidationError as exc:
                errors.append(CellError(row_number, column.header, "；".join(exc.messages)))
                continue
            if column.required and parsed[column] in (None, ""):
                errors.append(CellError(row_number, column.header, _("必填项为空。")))
        return parsed, errors

    def _resolve_masked(self, data, parsed, instance, row_number=None):
        """A cell still masked (138****5678, from a masked export) stands for what the matched record
        stores: unchanged.  Without a matched record it is an error (a new record needs the value)."""
        errors = []
        for name, value in list(data.items()):
            if not isinstance(value, Masked):
                continue
            if instance is not None:
                data[name] = self.model._meta.get_field(name).value_from_object(instance)
            else:
                column = self._column_for(name, parsed)
                errors.append(CellError(row_number, column.header, _("此格是脱敏后的内容（含*），新记录不能导入，请填写完整信息。")))
        return errors

    def _by_record_key(self, queryset, pks):
        """{pk: record} of the rows' 系统编号 that name records the user may change."""
        found = {}
        pks = list(dict.fromkeys(pks))
        for start in range(0, len(pks), 2000):
            visible = queryset.filter(pk__in=pks[start:start + 2000]).values("pk")  # the scope, as a subquery
            found.update((obj.pk, obj) for obj in self.model._base_manager.filter(pk__in=visible))
        return found

    def _match_record_key(self, pk, by_pk, seen_pks, row_number, data, existing):
        """(record, None) for a row's 系统编号, or (None, (header, message)).  A number outside the
        user's area reads as one that does not exist: an import must not tell which numbers are taken."""
        header = RECORD_KEY_HEADER
        if pk in seen_pks:
            return None, (header, _("与第%(n)d行重复。") % {"n": seen_pks[pk]})
        seen_pks[pk] = row_number
        instance = by_pk.get(pk)
        if instance is None:
            return None, (header, _("系统编号%(pk)s不存在或不在您的管辖范围内；新记录请将此格留空。") % {"pk": pk})
        key = self._key_of(data)
        if key is not None and any(other.pk != pk for other in existing.get(key, [])):
            return None, ("", _("此行的%(key)s与系统中另一条记录相同，请核对。") % {
                "key": "、".join(str(self.model._meta.get_field(n).verbose_name) for n in self.key_fields)})
        return instance, None

    def _column_for(self, name, parsed):
        """The column a form field's value came from: the filled one when several columns feed it."""
        columns = [c for c in parsed if c.field == name]
        filled = [c for c in columns if parsed[c] not in (None, "")]
        return (filled or columns or [None])[-1]

    def _key_header(self, parsed):
        for name in self.key_fields:
            column = self._column_for(name, parsed)
            if column is not None:
                return column.header
        return ""

    def _key_of(self, data):
        """The row's key as stored in the database (a tuple), or None when any part of it is empty."""
        if not self.key_fields:
            return None
        parts = []
        for name in self.key_fields:
            value = data.get(name)
            if isinstance(value, models.Model):
                value = value.pk
            if value in (None, "") or isinstance(value, Masked):
                return None
            try:
                parts.append(self.model._meta.get_field(name).to_python(value))
            except ValidationError:
                return None  # the form says what is wrong with it
        return tuple(parts)

    def _existing(self, keys):
        """{key: [records]} for the keys that match stored records (any area; visibility is checked apart)."""
        keys = list(dict.fromkeys(k for k in keys if k is not None))
        if not keys:
            return {}
        attnames = [self.model._meta.get_field(name).attname for name in self.key_fields]
        wanted = set(keys)
        found = {}
        manager = self.model._base_manager
        for start in range(0, len(keys), 1000):
            chunk = keys[start:start + 1000]
            lookups = {f"{attname}__in": {k[i] for k in chunk} for i, attname in enumerate(attnames)}
            for obj in manager.filter(**lookups):
                key = tuple(getattr(obj, attname) for attname in attnames)
                if key in wanted:
                    found.setdefault(key, []).append(obj)
        return found

    @staticmethod
    def _visible_pks(queryset, pks):
        visible = set()
        for start in range(0, len(pks), 2000):
            visible.update(queryset.filter(pk__in=pks[start:start + 2000]).values_list("pk", flat=True))
        return visible

    def _form_data(self, data, base):
        """Form data for a row: the row's values over `base`'s.

        `base` is the matched record, so columns the ledger does not carry keep
        what is stored; or, for a new record, an unsaved instance, so absent
        columns and empty cells take the model's defaults, as the form's
        initial values do on the page.
        """
        from django.forms.models import model_to_dict

        merged = model_to_dict(base, fields=list(self.form_class.base_fields))
        for name, value in data.items():
            if base._state.adding and value in (None, ""):
                continue
            merged[name] = value
        result = {}
        for name, value in merged.items():
            if value is None:
                value = ""
            if isinstance(value, bool):
                value = "on" if value else ""
            elif isinstance(value, models.Model):
                value = value.pk
            result[name] = value
        return result

    # -- writing
    def _write(self, valid, outcome, user):
        """Write the validated rows: `valid` holds each row's instance as its form built it (ledger
        forms have no many-to-many fields, so that is all a form's save() would write)."""
        from simple_history.utils import bulk_create_with_history

        reason = "台账导入"
        has_history = hasattr(self.model, "history")
        with transaction.atomic():
            new_objects = []
            for instance, new in valid:
                if new:
                    new_objects.append(instance)
                else:
                    instance._change_reason = reason
                    instance._history_user = user
                    instance.save()
                    outcome.updated += 1
            if new_objects:
                if has_history:
                    bulk_create_with_history(new_objects, self.model, batch_size=1000, default_user=user,
                                             default_change_reason=reason)
                else:
                    self.model._default_manager.bulk_create(new_objects, batch_size=1000)
                outcome.created = len(new_objects)
                from core.signals import records_changed

                transaction.on_commit(lambda: records_changed.send(sender=self.model))

    def _write_error_workbook(self, sheet, data_rows, errors, user):
        """The uploaded rows with each bad cell filled red and commented, and a reason column.
        Returns the token for core:import_errors (the file is in error_folder())."""
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


def check_sheet_extent(member, name):
    """Refuse a worksheet whose rows or cells stand beyond the import's limits, from its XML alone.

    openpyxl walks a gap between rows one row at a time: one cell at row 100,000,000 of a 5 KB
    file kept a request at full CPU for twenty minutes, and blank rows never reached the row limit.
    Every row's and wide cell's own reference is read here, in one pass over the inflated part (its
    size is already bounded), before any parser sees the sheet.  The declared <dimension> is no
    guide: some programs write A1:XFD1048576 for a sheet of ten rows (and openpyxl is told to
    ignore it, reset_dimensions)."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    max_rows = settings.LEDGER_MAX_ROWS + ROW_SLACK
    max_columns = settings.LEDGER_MAX_COLUMNS
    sheet = re.sub(r"\D", "", name.rsplit("/", 1)[-1]) or "1"
    last_row, last_column = 0, 0
    tail = b""
    while True:
        chunk = member.read(EXTENT_CHUNK)
        if not chunk:
            break
        text = tail + chunk
        for match in ROW_REF.finditer(text):
            last_row = max(last_row, int(match[1]))
        for match in WIDE_CELL_REF.finditer(text):
            last_column = max(last_column, column_index_from_string(match[1].decode()))
        if last_row > max_rows:
            raise LedgerError(_("第%(sheet)s张工作表在第%(row)d行（或更远）还有内容，超过一次导入的上限（%(limit)d行）：若确有这么多行，"
                                "请拆分文件；若是远处的空白格式或隐藏内容，请在Excel中删除多余的行后再导入。") % {
                "sheet": sheet, "row": last_row, "limit": settings.LEDGER_MAX_ROWS})
        if last_column > max_columns:
            raise LedgerError(_("第%(sheet)s张工作表在第%(col)s列还有内容，超过上限（%(limit)d列）。请在Excel中删除多余的列后再导入。") % {
                "sheet": sheet, "col": get_column_letter(min(last_column, 16384)), "limit": max_columns})
        tail = text[-256:]


def declares_dtd(head):
    """Whether an XML part's prolog (in `head`, its first bytes) declares a DTD.

    No part of an .xlsx package has one, and a DTD is how entity-expansion
    bombs and external entities get in, so such a file is refused before any
    parser sees it (openpyxl's parsers refuse them too: this does not depend
    on them).  A part whose root element does not start within `head` is
    treated the same: its prolog is not what Excel writes.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    elif head[:2] == b"<\x00":
        text = head.decode("utf-16-le", errors="ignore")
    elif head[:2] == b"\x00<":
        text = head.decode("utf-16-be", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    root = re.search(r"<[^?!]", text)
    if root is None:
        return len(head) >= XML_HEAD_BYTES
    prolog = text[:root.start()]
    return "<!DOCTYPE" in prolog or "<!ENTITY" in prolog


def error_folder():
    folder = Path(settings.MEDIA_ROOT) / "import_errors"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def by_name(model, label):
    """A column parser naming a record of `model` by its unique name among those the user can see:
    `Column("服务站", "station", parse=by_name(ServiceStation, "服务站"))`."""

    def parse(value, context):
        name = normalize_text(value)
        if not name:
            return None
        cache = context.__dict__.setdefault(f"names:{model._meta.label_lower}", {})
        if not cache:
            for pk, record_name in model.objects.visible_to(context.user).values_list("pk", "name"):
                cache.setdefault(record_name, []).append(pk)
            cache.setdefault(None, [])  # marks the cache filled even when the user sees none
        pks = cache.get(name, [])
        if len(pks) != 1:
            raise ValidationError(_("%(label)s“%(name)s”%(why)s。") % {
                "label": label, "name": name, "why": _("不唯一") if pks else _("不存在或不在您的管辖范围内")})
        return pks[0]

    return parse
