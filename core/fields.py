"""Model fields that know they hold sensitive values, so every page, table and
export masks them without being told; ID numbers and phones are also encrypted at
rest, with keyed indexes beside them for exact and tail lookups (core/crypto.py)."""

import functools
import re
import unicodedata

from django.core.exceptions import FieldError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In, StartsWith
from django.utils.translation import gettext_lazy as _

from core import crypto, idnumber
from core.formfields import IDNumberFormField, PhoneFormField


class SensitiveMixin:
    sensitive = True

    @staticmethod
    def mask(value):
        raise NotImplementedError


STORED_MAX_LENGTH = 100  # v1:<key id up to 16>:<base64 of 12 + 20 + 16 bytes>


class EncryptedMixin:
    """A CharField whose column holds `v1:<key id>:<ciphertext>` (core/crypto.py) and whose Python
    value is plain.  `plain_max_length` is what a user may type; the column is wider.

    Declare `EncryptedIndexField(of=<name>)` (and `kind="tails"` for tail searches) beside it:
    `exact`/`in` then look the index up, `endswith` of 4 or 6 characters the tails; without an
    index only a blank can be looked up.  Any other lookup is refused."""

    encrypted = True
    plain_max_length = 20

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", STORED_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(self.plain_max_length))

    @staticmethod
    def normalise(value):
        return str(value)

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value)

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):  # an expression (bulk_update's CASE): its values are encrypted inside it
            return value
        value = self.get_prep_value(value)
        return crypto.encrypt(self.normalise(value)) if value else value

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", self.plain_max_length)
        return super().formfield(**kwargs)

    def index_field(self, kind="index"):
        """The index column of this field on its model (None when none is declared)."""
        for field in self.model._meta.concrete_fields:
            if isinstance(field, EncryptedIndexField) and field.of == self.name and field.kind == kind:
                return field
        return None

    def get_lookup(self, lookup_name):
        if lookup_name in ENCRYPTED_LOOKUPS:
            return ENCRYPTED_LOOKUPS[lookup_name]
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # FieldError: contains, startswith, gt... find nothing in a ciphertext

    def get_transform(self, lookup_name):
        return None


class EncryptedIndexField(models.CharField):
    """The keyed index of an encrypted field (`kind="index"`: the whole value; `"tails"`: its last
    4 and 6 characters), kept from the field's plain value on every save and bulk insert."""

    def __init__(self, *args, of="", kind="index", **kwargs):
        self.of, self.kind = of, kind
        kwargs.setdefault("max_length", crypto.INDEX_HEX if kind == "index" else crypto.TAIL_HEX * 2)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        if not kwargs.get("unique"):
            kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"], kwargs["kind"], kwargs["db_index"] = self.of, self.kind, self.db_index  # False said, not defaulted
        for key, default in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, not default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def value_for(self, plain):
        source = self.model._meta.get_field(self.of)
        plain = source.normalise(plain) if plain else ""
        return crypto.blind_index(plain) if self.kind == "index" else crypto.tails_index(plain)

    def pre_save(self, model_instance, add):
        value = self.value_for(getattr(model_instance, self.of))
        setattr(model_instance, self.attname, value)
        return value


def refresh_indexes(instance):
    """Set an instance's index columns from its plain values (before a bulk_update)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, EncryptedIndexField):
            field.pre_save(instance, False)


def _index_col(lookup, kind="index"):
    field = lookup.lhs.target
    index = field.index_field(kind)
    if index is None:
        raise FieldError(f"{field.model.__name__}.{field.name} is encrypted and has no {kind} column to look up")
    return Col(lookup.lhs.alias, index), index


class EncryptedExact(Exact):
    """`field=value` on an encrypted field: its index equals the value's index ("" is compared as it is)."""

    def as_sql(self, compiler, connection):
        if not isinstance(self.lhs, Col):  # a plain value checked in Python's stead (a constraint's condition)
            return super().as_sql(compiler, connection)
        if hasattr(self.rhs, "resolve_expression"):
            raise FieldError("an encrypted field is compared with a plain value only")
        if self.rhs in (None, ""):
            return compiler.compile(Exact(Col(self.lhs.alias, self.lhs.target, models.CharField()), ""))
        col, index = _index_col(self)
        return compiler.compile(Exact(col, index.value_for(self.rhs)))


class EncryptedIn(In):
    def as_sql(self, compiler, connection):
        if not isinstance(self.lhs, Col):
            return super().as_sql(compiler, connection)
        if hasattr(self.rhs, "resolve_expression"):
            raise FieldError("an encrypted field is compared with plain values only")
        col, index = _index_col(self)
        return compiler.compile(In(col, sorted({index.value_for(value) for value in self.rhs})))


class EncryptedEndsWith(StartsWith):
    """`field__endswith=tail`: 4 characters (any role may search them: the mask shows them) match
    the first half of the tails column, 6 the whole of it; any other length matches nothing."""

    lookup_name = "endswith"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        tail = self.lhs.target.normalise(self.rhs) if isinstance(self.rhs, str) else ""
        if len(tail) not in crypto.TAIL_LENGTHS:
            return "1 = 0", []
        col, _index = _index_col(self, "tails")
        if len(tail) == 4:
            return compiler.compile(StartsWith(col, crypto.tail_index(tail)))
        return compiler.compile(Exact(col, crypto.tail_index(tail[-4:]) + crypto.tail_index(tail)))


ENCRYPTED_LOOKUPS = {"exact": EncryptedExact, "in": EncryptedIn, "endswith": EncryptedEndsWith}


class IDNumberField(EncryptedMixin, SensitiveMixin, models.CharField):
    description = _("公民身份号码")
    plain_max_length = 18

    @staticmethod
    def normalise(value):
        return idnumber.normalize(value)

    @staticmethod
    def mask(value):
        return idnumber.mask_id(value)

    def to_python(self, value):
        value = super().to_python(value)
        return idnumber.normalize(value) if value else value

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value:
            idnumber.clean_id_number(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", IDNumberFormField)
        return super().formfield(**kwargs)


class PhoneField(EncryptedMixin, SensitiveMixin, models.CharField):
    description = _("电话号码")
    plain_max_length = 20

    @staticmethod
    def normalise(value):
        return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(value))).removeprefix("+86")

    @staticmethod
    def mask(value):
        return idnumber.mask_phone(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PhoneFormField)
        return super().formfield(**kwargs)


class BirthDateField(SensitiveMixin, models.DateField):
    """A birth date shown as its year (1990年) wherever ID numbers are masked.

    The ID mask shows the first 4 and last 4 characters (the sequence and the check digit); with the
    whole birth date beside it only the 5th and 6th digits were hidden, and the check digit leaves one
    or two of the hundred pairs: a page or a masked export gave the whole number away without a single
    search.  With the year alone some 365 / 11 ≈ 33 numbers stay possible, each to be tried by a
    whole-number search, which is logged and limited an hour (core/search.py)."""

    description = _("出生日期")

    @staticmethod
    def mask(value):
        return f"{value.year}年" if value else value


def is_sensitive(field):
    return isinstance(field, SensitiveMixin)


@functools.cache
def unique_field_sets(model):
    """The field sets `model` keeps unique: unique fields, unique_together, UniqueConstraints on fields."""
    meta = model._meta

    def plain(name):  # an encrypted field's index stands for the field itself
        field = meta.get_field(name)
        return field.of if isinstance(field, EncryptedIndexField) else name

    sets = [(f.name,) for f in meta.local_fields if f.unique and not f.primary_key]
    sets += [tuple(fields) for fields in meta.unique_together]
    sets += [tuple(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    return tuple(dict.fromkeys(tuple(plain(name) for name in names) for names in sets))
