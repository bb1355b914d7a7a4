"""A ledger's columns and the forgiving parsers behind them.

`Column` is what an app's ledgers.py declares; the helpers here turn what a
clerk typed into a cell (full-width digits, Excel date serials, text dates,
是/否) into python values, and find the model field a column stands on.
"""

import datetime
import decimal
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core import idnumber
from core.fields import IDNumberField, PhoneField
from core.models import Area

EXCEL_EPOCH = datetime.date(1899, 12, 30)
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "无", "n", "no", "false", "0", "×", "不", "没有"}

# Every ledger ends with the record's primary key, so a clerk's own export (ID numbers masked)
# imports back matched row by row; a new record leaves it empty.
RECORD_KEY_HEADER = "系统编号"
RECORD_KEY_FIELD = "_record_key"


# ---------------------------------------------------------------------- parsing helpers


def normalize_header(text):
    """A header as compared: half-width, no spaces, asterisks or colons, no trailing note in brackets."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[\s*＊:：]", "", text)
    return re.sub(r"[（(].*?[)）]$", "", text) or text


def normalize_text(value):
    """A cell as text to match or parse (numbers, codes, choices, names of records): full-width
    characters folded (NFKC: ０１２ -> 012, （ -> ()."""
    return unicodedata.normalize("NFKC", plain_text(value)).strip()


def plain_text(value):
    """A cell as text to store: as the clerk wrote it, Chinese punctuation (，（）：) kept; only the
    whitespace around it dropped, and a number Excel keeps as 12.0 written 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


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


def value_at(obj, path):
    """The value at a database path ("card__status") of a record; None past a missing relation."""
    for part in path.replace("__", ".").split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


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


def by_name(model, label):
    """A column parser naming a record of `model` by its unique name among those the user can see:
    `Column("站点", "station", parse=by_name(ServiceStation, "服务站"))`.  A column on a foreign key
    gets one (labelled with the field's verbose_name) unless it declares its own parser."""

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


# ---------------------------------------------------------------------- the declaration


def field_kind(model_field):
    """The kind of a column on `model_field` unless the column says otherwise."""
    if isinstance(model_field, IDNumberField):
        return "id_number"
    if isinstance(model_field, PhoneField):
        return "phone"
    if model_field.choices:
        return "choice"
    if model_field.many_to_one or model_field.one_to_one:
        return "area" if model_field.related_model is Area else "foreign_key"
    if isinstance(model_field, models.BooleanField):
        return "bool"
    if isinstance(model_field, models.DateTimeField):
        return "text"  # the form parses a date with its time
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.IntegerField):
        return "int"
    if isinstance(model_field, (models.DecimalField, models.FloatField)):
        return "decimal"
    return "text"


def field_required(model_field):
    """Whether an import needs a value for `model_field`: it is neither blank=True, nor has a default
    (an empty cell of a new record takes it), nor a checkbox (an empty cell is 否)."""
    return not (model_field.blank or model_field.has_default() or isinstance(model_field, models.BooleanField))


@dataclass(eq=False)  # compared and hashed by identity: columns are dict keys
class Column:
    """One ledger column.

    `field` is the model field (or a dotted path, for export only).  `kind`
    picks the parser: text, int, decimal, date, bool, choice, id_number,
    phone, area, foreign_key.  `export`/`parse` override the formatter and
    parser; `aliases` are other headers the same column goes by in bureaus'
    own files.

    What a declaration leaves out is taken from the model when the ledger is
    built (`bind`): `header` is the verbose_name of `field` (or of `source`,
    for a column with no field); for a field the ledger's form imports,
    `kind` follows the field's type (choices, ID number, phone, foreign key,
    boolean, date, integer, decimal, else text) and `required` is true when
    the field is neither blank=True nor has a default nor is a boolean, and
    no other column feeds it (of 所属区划 and 区划代码, either will do).  A
    column the form does not take is text and never required: its cell is
    not imported.  So `Column(field="discharge_date")` is all a date column
    needs; only aliases and what differs from the model are written out.

    A foreign key to an area is read by code or name (kind "area") and
    exported as the code; any other foreign key (kind "foreign_key") is read
    by the unique name of a record the user can see (`by_name`) and exported
    as that name.

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

    header: str = None  # None: the model field's verbose_name
    field: str = None
    kind: str = None  # None: from the model field (text when the column is not imported)
    aliases: tuple = ()
    required: bool = None  # None: from the model field (see above)
    export: object = None  # callable(obj) -> cell value
    parse: object = None  # callable(value, context) -> python value
    width: int = 14
    sensitive: bool = False
    mask: object = None  # callable(value) -> masked text; from the model field when it has one
    source: object = None  # database path(s) export reads (see above)
    empty: object = None  # what export writes when the value is None

    def bind(self, model, *, imported, alone=True):
        """Fill in what the declaration left to `model`'s field: header, kind and required, and for
        a foreign key how it is read and exported.  `imported`: the ledger's form takes the field;
        `alone`: no other column of the ledger feeds it.  Returns the column."""
        model_field = model_field_at(model, self.field) if self.field else None
        if self.header is None:
            named = model_field or (model_field_at(model, self.source) if isinstance(self.source, str) else None)
            if named is None:
                raise ImproperlyConfigured(f"a column of the {model.__name__} ledger ({self.field or self.source!r}) "
                                           f"has no model field to take its header from: declare its header")
            self.header = str(named.verbose_name)
        imported = imported and model_field is not None
        if self.kind is None:
            self.kind = field_kind(model_field) if imported else "text"
        if self.required is None:
            self.required = imported and alone and field_required(model_field)
        if imported and model_field.is_relation and self.kind in ("area", "foreign_key"):
            self._bind_relation(model_field)
        return self

    def _bind_relation(self, model_field):
        exported_as_stored = self.source is None and self.export is None
        if self.kind == "area":
            if exported_as_stored:
                self.source = model_field.attname
            return
        related = model_field.related_model
        try:
            related._meta.get_field("name")
        except FieldDoesNotExist:
            if self.parse is None:
                raise ImproperlyConfigured(f"column {self.header}: {related.__name__} has no name to find a record "
                                           f"by; declare parse= and source=") from None
            return
        if self.parse is None:
            self.parse = by_name(related, str(model_field.verbose_name))
        if exported_as_stored:
            self.source = f"{self.field}__name"

    def headers(self):
        return {normalize_header(self.header), *(normalize_header(a) for a in self.aliases)}

    def masked(self, value):
        if self.mask:
            return self.mask(value)
        return idnumber.mask_phone(value) if self.kind == "phone" else idnumber.mask_id(value)
