"""Model fields that know they hold sensitive values, so every page, table and
export masks them without being told."""

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import idnumber
from core.formfields import IDNumberFormField, PhoneFormField


class SensitiveMixin:
    sensitive = True

    @staticmethod
    def mask(value):
        raise NotImplementedError


class IDNumberField(SensitiveMixin, models.CharField):
    description = _("公民身份号码")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

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


class PhoneField(SensitiveMixin, models.CharField):
    description = _("电话号码")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    @staticmethod
    def mask(value):
        return idnumber.mask_phone(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PhoneFormField)
        return super().formfield(**kwargs)


def is_sensitive(field):
    return isinstance(field, SensitiveMixin)


@functools.cache
def unique_field_sets(model):
    """The field sets `model` keeps unique: unique fields, unique_together, UniqueConstraints on fields."""
    meta = model._meta
    sets = [(f.name,) for f in meta.local_fields if f.unique and not f.primary_key]
    sets += [tuple(fields) for fields in meta.unique_together]
    sets += [tuple(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]
    return tuple(dict.fromkeys(sets))
