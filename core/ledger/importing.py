"""Import: every row parsed and validated through the model's form before anything is written,
then all rows written in one transaction, or none and an error workbook back to the user.

A row is matched to a stored record by its 系统编号 (the record's key, written by export) or else
by the ledger's natural `key`; a matched row that changes nothing is counted as unchanged.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core import choices, idnumber, services
from core.fields import unique_field_sets
from core.ledger.columns import RECORD_KEY_FIELD, RECORD_KEY_HEADER, normalize_text, parse_bool, parse_date, parse_decimal, parse_int, plain_text
from core.ledger.errors import CellError, LedgerError, write_error_workbook
from core.ledger.safety import checked_archive
from core.models import Area

PROGRESS_EVERY = 500  # rows between two progress reports of an import

# A row naming a record of another area: it exists, nothing more is said (a person who moved here: 迁入申请).
ELSEWHERE = _("该记录已在其他地区登记（人员迁入请提交“迁入申请”）。")


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


class ImportContext:
    """What parsers may need: the user, and caches that live for one import."""

    def __init__(self, user):
        self.user = user
        self._areas = None
        self.choices = {}  # (model, value) -> the record a form's ModelChoiceField found, for every row
        self.checked_unique = ()  # fields whose uniqueness the ledger has checked for all rows at once

    def areas(self):
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


class LedgerImport:
    """The import half of `Ledger`: reads its model, form_class, key_fields and columns."""

    def import_file(self, upload, *, user, update=False, queryset=None, progress=None):
        """Validate every row, then write all or nothing.  Returns an ImportOutcome.

        `upload` is any readable binary file (an UploadedFile, an open file,
        BytesIO).  `queryset` is what the user may change; by default the
        model's `visible_to(user)`.  `progress(rows validated, rows)` is called every
        PROGRESS_EVERY rows (a background import's job row).
        """
        if self.form_class is None:
            raise ImproperlyConfigured(f"ledger {self.title} has no form_class and cannot import")
        outcome = ImportOutcome()
        try:
            sheet = self._read_sheet(checked_archive(upload))
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
            queryset = services.scope(self.model, user)
        context = ImportContext(user)
        valid = self._validate(data_rows, sheet.mapping, context, update, queryset, outcome, progress)
        if outcome.errors:
            outcome.error_file = write_error_workbook(sheet, data_rows, outcome.errors, user)
            return outcome
        try:
            self._write(valid, outcome, user)
        except ValidationError as exc:  # the write path refused the rows (a record outside the area): none written
            outcome.created = outcome.updated = 0
            outcome.file_error = "；".join(exc.messages)
            return outcome
        outcome.ok = True
        return outcome

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
        return plain_text(value)

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
    def _validate(self, data_rows, mapping, context, update, queryset, outcome, progress=None):
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
        for done, (row_number, parsed, row_errors, data) in enumerate(rows, start=1):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(rows))
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
                        outcome.errors.append(CellError(row_number, key_header, ELSEWHERE))
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
            if form is None or not hasattr(form, "rebind"):  # a case form is rebound; another is made anew a row
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
        """Write the validated rows, all in one transaction, through the write path (core.services):
        the model's declared services and the checks that every row stays in the user's area.

        `valid` holds (instance as its form built it, new?) for each row (ledger forms have no
        many-to-many fields, so that is all a form's save() would write); `outcome` counts what
        was created and updated."""
        new = [instance for instance, is_new in valid if is_new]
        changed = [instance for instance, is_new in valid if not is_new]
        with transaction.atomic():
            services.records_bulk_update(model=self.model, instances=changed, user=user)
            services.records_bulk_create(model=self.model, instances=new, user=user)
        outcome.updated, outcome.created = len(changed), len(new)
