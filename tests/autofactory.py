"""One record of any model, made from its field declarations: the permission walk's objects.

`make(model, area)` fills every editable field that has no default and is not optional with a value of
its kind (a valid ID number for an IDNumberField, a phone for a PhoneField, the first choice of a
choice field, a date, a number), makes the parent records it needs inside the same area, and fills the
sensitive fields even when optional, so that the walk can look for them unmasked in every page.  A field
that declares `example(n)` (a bank account) is filled with it; an optional field the model's own clean()
asks for (a disability grade for the first category, 残疾军人) is filled as well.  A new
app's models are walked with no entry of their own; tests.walk.OBJECT_MAKERS holds the few exceptions.
"""

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from core.fields import IDNumberField, PhoneField, is_sensitive
from core.models import Area
from tests.factories import make_id_number

_serial = itertools.count(1)

DAY = datetime.date(2025, 5, 1)


def sample(field, area):
    n = next(_serial)
    if hasattr(field, "example"):
        return field.example(n)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, IDNumberField):
        return make_id_number(born=datetime.date(1960 + n % 30, 1 + n % 12, 1 + n % 28), sequence=n)
    if isinstance(field, PhoneField):
        return f"139{n:08d}"
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2025, 5, 1, 9, 0, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return DAY
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.CharField, models.TextField)):
        return f"测试{n}"[: field.max_length or 20]
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.FileField):  # a stored name: the walk opens pages, never the file
        return f"walk/{n}.pdf"
    raise TypeError(f"no sample value for {field!r}")


def needs_value(field):
    if field.primary_key or field.auto_created:
        return False
    if not field.editable:  # set by a service, not a form: only a required link must be made here
        return field.many_to_one and not field.null
    if is_sensitive(field):
        return True
    return not (field.has_default() or field.null or field.blank)


def fill(model, area, values, fields):
    for field in fields:
        if field.name in values:
            continue
        if field.is_relation:
            related = field.related_model
            values[field.name] = area if related is Area else make(related, area)
        else:
            values[field.name] = sample(field, area)


def asked_for(model, values):
    """The optional fields left empty that the model's clean() says must be filled."""
    try:
        model(**values).clean()
    except ValidationError as exc:
        names = set(getattr(exc, "error_dict", {}))
        return [f for f in model._meta.concrete_fields if f.name in names and f.name not in values and f.editable]
    return []


def make(model, area, **overrides):
    values = dict(overrides)
    fill(model, area, values, [f for f in model._meta.concrete_fields if needs_value(f)])
    fill(model, area, values, asked_for(model, values))
    return model._default_manager.create(**values)
