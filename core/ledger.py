"""Excel ledgers (台账): one declaration drives export and import (DESIGN.md mechanism 5).

A ledger is a list of `Column`s::

    station_ledger = Ledger(
        model=ServiceStation, title="服务站台账", form_class=ServiceStationForm, key="name",
        columns=[Column("名称", "name", required=True), Column("联系电话", "phone", kind="phone"), ...],
    )

Export streams the rows of a scoped queryset through openpyxl's write-only
mode (constant memory) under a header block, masks sensitive columns for
roles that may not see them, and writes any text starting with = + - @ as
text, never as a formula.

Import reads an uploaded .xlsx in read-only mode after refusing oversize
files, zip bombs and XML bombs (defusedxml), finds the header row under title
rows and merged cells, matches header variants, parses forgiving input
(full-width digits, Excel date serials, text dates), validates every row
through the model's form, and only if every row is good writes them all in
one transaction.  Otherwise nothing is written and the user gets an error
workbook with each bad cell marked and the reason in Chinese.
"""

import datetime
import decimal
import io
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import idnumber

FORMULA_START = ("=", "+", "-", "@")
HEADER_SCAN_ROWS = 20
EXCEL_EPOCH = datetime.date(1899, 12, 30)
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "不", "没有"}


class LedgerError(Exception):
    """The file as a whole cannot be read: the message says why, in Chinese."""


def normalize_header(text):
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[\s*＊:：]", "", text)
    return re.sub(r"[（(].*?[)）]$", "", text) or text


def normalize_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


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
    if number != number.to_integral_value():
        raise ValidationError(_("应为整数：%(v)s") % {"v": text})
    return int(number)


def parse_decimal(value):
    text = normalize_text(value).replace(",", "").removesuffix("元")
    if not text:
        return None
    try:
        return decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError(_("应为数字：%(v)s") % {"v": text}) from None


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


@dataclass
class Column:
    """One ledger column.

    `field` is the model field (or a dotted path for export only).  `kind`
    picks the parser and formatter: text, int, decimal, date, bool, choice,
    id_number, phone, area.  `export`/`parse` override them; `aliases` are
    other headers the same column goes by in bureaus' own files.
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

    def headers(self):
        return {normalize_header(self.header), *(normalize_header(a) for a in self.aliases)}


@dataclass
class ExportResult:
    path: str
    filename: str
    rows: int
    masked: bool

    def open(self):
        handle = open(self.path, "rb")
        os.unlink(self.path)  # the open handle keeps the data until the response is sent
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

    @property
    def error_rows(self):
        return len({e.row for e in self.errors})


class ImportContext:
    """What parsers may need: the user, and caches that live for one import."""

    def __init__(self, user):
        self.user = user
        self._areas = None

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


class Ledger:
    def __init__(self, *, model, title, columns, form_class=None, key=None, select_related=(), serial=True):
        self.model = model
        self.title = title
        self.columns = list(columns)
        self.form_class = form_class
        self.key = key
        self.select_related = select_related
        self.serial = serial
        for column in self.columns:
            if column.field and "." not in column.field:
                try:
                    model_field = model._meta.get_field(column.field)
                except Exception:
                    continue
                from core.fields import is_sensitive

                column.sensitive = column.sensitive or is_sensitive(model_field)

    # ------------------------------------------------------------------ export
    def header_row(self):
        return (["序号"] if self.serial else []) + [c.header for c in self.columns]

    def cell_value(self, obj, column):
        if column.export:
            return column.export(obj)
        value = obj
        for part in column.field.split("."):
            if value is None:
                return None
            if "." not in column.field:
                model_field = obj._meta.get_field(part)
                if model_field.choices:
                    return getattr(obj, f"get_{part}_display")()
            value = getattr(value, part)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, models.Model):
            return str(value)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value

    def export(self, queryset, *, user):
        """Write the queryset's rows to a temporary .xlsx; constant memory whatever the row count."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        masked = not user.can_reveal
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.title[:31])
        headers = self.header_row()
        for index, column in enumerate(([Column("序号", width=7)] if self.serial else []) + self.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A6"
        title = WriteOnlyCell(sheet, value=self.title)
        title.font = Font(bold=True, size=14)
        area_name = user.area.full_name if user.area_id else ""
        sheet.append([title])
        sheet.append([f"区划：{area_name}"])
        sheet.append([f"导出人：{user.full_name or user.username}（{user.username}）"])
        sheet.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + ("；敏感信息已脱敏" if masked else "")])
        bold = Font(bold=True)
        header_cells = []
        for text in headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            header_cells.append(cell)
        sheet.append(header_cells)

        date_columns = set()
        rows = 0
        queryset = queryset.select_related(*self.select_related) if self.select_related else queryset
        for rows, obj in enumerate(queryset.iterator(chunk_size=2000), start=1):
            values = [rows] if self.serial else []
            for column in self.columns:
                value = self.cell_value(obj, column)
                if column.sensitive and masked and value:
                    value = idnumber.mask_phone(value) if column.kind == "phone" else idnumber.mask_id(value)
                values.append(value)
            out = []
            for position, value in enumerate(values):
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"  # text, never a formula
                    value = cell
                elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                    date_columns.add(position)
                out.append(value)
            sheet.append(out)
        handle = tempfile.NamedTemporaryFile(prefix="ledger-", suffix=".xlsx", delete=False)
        handle.close()
        workbook.save(handle.name)
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return ExportResult(path=handle.name, filename=f"{self.title}_{stamp}.xlsx", rows=rows, masked=masked)

    # ------------------------------------------------------------------ import
    def import_file(self, upload, *, user, update=False, queryset=None):
        """Validate every row, then write all or nothing.  Returns an ImportOutcome."""
        outcome = ImportOutcome()
        try:
            sheet_rows = self._read_rows(upload)
            header_index, mapping = self._find_header(sheet_rows)
        except LedgerError as exc:
            outcome.file_error = str(exc)
            return outcome

        context = ImportContext(user)
        data_rows = []
        for row_number, row in sheet_rows["rows"][header_index + 1:]:
            if all(normalize_text(v) == "" for v in row):
                continue
            data_rows.append((row_number, row))
        outcome.total_rows = len(data_rows)
        if not data_rows:
            outcome.file_error = _("表格中没有数据行。")
            return outcome
        if len(data_rows) > settings.LEDGER_MAX_ROWS:
            outcome.file_error = _("一次最多导入%(n)d行，请拆分文件。") % {"n": settings.LEDGER_MAX_ROWS}
            return outcome

        prepared = self._validate(data_rows, mapping, context, update, queryset, outcome)
        if outcome.errors:
            outcome.error_file = self._write_error_workbook(sheet_rows, header_index, mapping, outcome.errors, user)
            return outcome
        self._write(prepared, outcome)
        outcome.ok = True
        return outcome

    def _read_rows(self, upload):
        limit = settings.LEDGER_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise LedgerError(_("文件过大（%(size).1f MB），上限为%(limit)d MB。") % {
                "size": upload.size / 1048576, "limit": limit // 1048576})
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise LedgerError(_("这是旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx格式后再导入。"))
        if not head.startswith(b"PK"):
            raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
        data = upload.read()
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.file_size > 10 * 1048576 and info.compress_size and info.file_size / info.compress_size > 200:
                    raise LedgerError(_("文件压缩比异常（疑似压缩炸弹），已拒绝。"))
            if total > settings.LEDGER_MAX_UNCOMPRESSED_BYTES:
                raise LedgerError(_("文件解压后过大（疑似压缩炸弹），已拒绝。"))
            if "xl/workbook.xml" not in names:
                raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
            bad = archive.testzip()
            if bad:
                raise LedgerError(_("文件已损坏，请重新保存后上传。"))
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
            raise LedgerError(_("文件已损坏或不完整，请重新保存后上传。")) from None

        from defusedxml import DefusedXmlException
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            best = None
            for sheet in workbook.worksheets:
                rows = []
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    rows.append((number, list(row)))
                    if len(rows) > settings.LEDGER_MAX_ROWS + HEADER_SCAN_ROWS:
                        raise LedgerError(_("一次最多导入%(n)d行，请拆分文件。") % {"n": settings.LEDGER_MAX_ROWS})
                score = self._best_header(rows)[1] if rows else 0
                if best is None or score > best[0]:
                    best = (score, sheet.title, rows)
            workbook.close()
        except LedgerError:
            raise
        except DefusedXmlException:
            raise LedgerError(_("文件含有不安全的XML内容，已拒绝。")) from None
        except Exception:
            raise LedgerError(_("无法读取该Excel文件，请确认文件未损坏且为.xlsx格式。")) from None
        if best is None:
            raise LedgerError(_("文件中没有工作表。"))
        return {"sheet": best[1], "rows": best[2]}

    def _match(self, text):
        key = normalize_header(text)
        if not key:
            return None
        for column in self.columns:
            if key in column.headers():
                return column
        return None

    def _best_header(self, rows):
        best_index, best_score = 0, 0
        for index, (_number, row) in enumerate(rows[:HEADER_SCAN_ROWS]):
            score = len({id(c) for c in (self._match(v) for v in row) if c})
            if score > best_score:
                best_index, best_score = index, score
        return best_index, best_score

    def _find_header(self, sheet_rows):
        rows = sheet_rows["rows"]
        index, score = self._best_header(rows)
        if score == 0:
            raise LedgerError(_("未找到表头。表头应包含：%(cols)s。") % {"cols": "、".join(c.header for c in self.columns)})
        header = list(rows[index][1])
        above = rows[index - 1][1] if index > 0 else []
        mapping = {}
        for position, text in enumerate(header):
            column = self._match(text)
            if column is None and position < len(above):
                column = self._match(above[position])  # a header cell merged down from the row above
            if column is not None and column not in mapping.values():
                mapping[position] = column
        missing = [c.header for c in self.columns if c.required and c not in mapping.values()]
        if missing:
            raise LedgerError(_("表头缺少必填列：%(cols)s。") % {"cols": "、".join(missing)})
        return index, mapping

    def parse_cell(self, column, value, context):
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
        choices = self.model._meta.get_field(column.field).choices
        for stored, label in choices:
            if text in (str(stored), str(label)):
                return stored
        raise ValidationError(_("“%(v)s”不是可选值，可选：%(opts)s") % {"v": text, "opts": "、".join(str(label) for _s, label in choices)})

    def row_data(self, parsed, context):
        """Form data for one row; override to combine columns (e.g. township + village into area)."""
        data = {}
        for column, value in parsed.items():
            if column.field and "." not in column.field:
                data[column.field] = value
        return data

    def _validate(self, data_rows, mapping, context, update, queryset, outcome):
        form_class = self.form_class
        by_field = {c.field: c for c in mapping.values() if c.field}
        parsed_rows = []
        for row_number, row in data_rows:
            parsed, row_errors = {}, []
            for position, column in mapping.items():
                value = row[position] if position < len(row) else None
                try:
                    parsed[column] = self.parse_cell(column, value, context)
                except ValidationError as exc:
                    row_errors.append(CellError(row_number, column.header, "；".join(exc.messages)))
            for column in mapping.values():
                if column.required and column not in [c for c in parsed] and not any(e.column == column.header for e in row_errors):
                    pass
                if column.required and parsed.get(column) in (None, "") and not any(e.column == column.header for e in row_errors):
                    row_errors.append(CellError(row_number, column.header, _("必填项为空。")))
            parsed_rows.append((row_number, parsed, row_errors))

        existing = self._existing(parsed_rows)
        visible_pks = set()
        if existing and queryset is not None:
            pks = [obj.pk for obj in existing.values()]
            for start in range(0, len(pks), 2000):
                visible_pks.update(queryset.filter(pk__in=pks[start:start + 2000]).values_list("pk", flat=True))
        seen_keys = {}
        prepared = []
        for row_number, parsed, row_errors in parsed_rows:
            outcome.errors.extend(row_errors)
            if row_errors:
                continue
            data = self.row_data(parsed, context)
            instance = None
            key_value = data.get(self.key) if self.key else None
            if key_value:
                if key_value in seen_keys:
                    outcome.errors.append(CellError(row_number, by_field[self.key].header,
                                                    _("与第%(n)d行重复。") % {"n": seen_keys[key_value]}))
                    continue
                seen_keys[key_value] = row_number
                instance = existing.get(key_value)
                if instance is not None and instance.pk not in visible_pks:
                    outcome.errors.append(CellError(row_number, by_field[self.key].header,
                                                    _("该记录已在其他地区登记，请联系上级部门核实。")))
                    continue
            form = form_class(data=self._form_data(form_class, data, instance), instance=instance, user=context.user)
            if not form.is_valid():
                for name, errors in form.errors.items():
                    column = by_field.get(name)
                    header = column.header if column else ""
                    label = "" if column else (f"{form.fields[name].label}：" if name in form.fields else "")
                    outcome.errors.append(CellError(row_number, header, label + "；".join(errors)))
                continue
            if instance is not None:
                if not form.has_changed():
                    outcome.unchanged += 1
                    continue
                if not update:
                    outcome.errors.append(CellError(row_number, by_field[self.key].header,
                                                    _("该记录已存在且内容不同；如需更新，请勾选“更新已有记录”。")))
                    continue
            prepared.append(form)
        return prepared

    @staticmethod
    def _form_data(form_class, data, instance):
        """Form data for a row: the row's values over the instance's current values, so
        columns the ledger does not carry keep what is stored."""
        from django.forms.models import model_to_dict

        merged = model_to_dict(instance, fields=list(form_class.base_fields)) if instance is not None else {}
        for name, value in data.items():
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

    def _existing(self, parsed_rows):
        if not self.key:
            return {}
        keys = [parsed.get(c) for _n, parsed, errs in parsed_rows for c in parsed if c.field == self.key]
        keys = [k for k in keys if k]
        found = {}
        manager = self.model._base_manager
        for start in range(0, len(keys), 2000):
            for obj in manager.filter(**{f"{self.key}__in": keys[start:start + 2000]}):
                found[getattr(obj, self.key)] = obj
        return found

    def _write(self, forms, outcome):
        from simple_history.utils import bulk_create_with_history

        with transaction.atomic():
            new_objects = []
            for form in forms:
                if form.instance.pk is None:
                    new_objects.append(form.save(commit=False))
                else:
                    form.save()
                    outcome.updated += 1
            if new_objects:
                user = forms[0].user if forms else None
                if hasattr(self.model, "history"):
                    bulk_create_with_history(new_objects, self.model, batch_size=1000, default_user=user,
                                             default_change_reason="台账导入")
                else:
                    self.model.objects.bulk_create(new_objects, batch_size=1000)
                outcome.created = len(new_objects)

    def _write_error_workbook(self, sheet_rows, header_index, mapping, errors, user):
        """The uploaded rows with each bad cell filled red and commented, and a reason column."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment
        from openpyxl.styles import Font, PatternFill

        red = PatternFill("solid", fgColor="FFC7CE")
        by_row = {}
        for error in errors:
            by_row.setdefault(error.row, []).append(error)
        header_number, header = sheet_rows["rows"][header_index]
        positions = {column.header: position for position, column in mapping.items()}
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("导入错误")
        width = max(len(header), max(positions.values(), default=0) + 1)
        sheet.append([WriteOnlyCell(sheet, value=_("以下标红单元格有误，请按“错误说明”修改后重新导入整个文件。"))])
        bold = Font(bold=True)
        head_cells = []
        for value in list(header) + [None] * (width - len(header)) + [_("错误说明")]:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            head_cells.append(cell)
        sheet.append(head_cells)
        for row_number, row in sheet_rows["rows"][header_index + 1:]:
            if all(normalize_text(v) == "" for v in row):
                continue
            row_errors = by_row.get(row_number, [])
            bad = {positions[e.column]: e.message for e in row_errors if e.column in positions}
            cells = []
            for position in range(width):
                value = row[position] if position < len(row) else None
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"
                if position in bad:
                    cell.fill = red
                    cell.comment = Comment(bad[position], "系统")
                cells.append(cell)
            reasons = "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in row_errors)
            cells.append(WriteOnlyCell(sheet, value=f"第{row_number}行：{reasons}" if row_errors else ""))
            sheet.append(cells)
        folder = error_folder()
        token = f"{user.pk}-{uuid.uuid4().hex}"
        workbook.save(folder / f"{token}.xlsx")
        return token


def error_folder():
    folder = Path(settings.MEDIA_ROOT) / "import_errors"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
