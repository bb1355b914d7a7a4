"""The bank account a beneficiary is paid into: a sensitive value, masked like ID numbers and phones
in every page, table and export (core.fields.SensitiveMixin), checked for its length and digits, and
encrypted at rest like them (core.fields.EncryptedMixin, issue 11): the column holds only
`v1:<key id>:<ciphertext>`, Python sees the digits."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.fields import EncryptedMixin, SensitiveMixin

SEPARATORS = re.compile(r"[\s\-]+")


def normalize_account(value):
    """Digits as written on a bank card, grouped by spaces or hyphens: the digits alone."""
    return SEPARATORS.sub("", str(value)) if value else value


def validate_account(value):
    if not value:
        return
    if not value.isdigit() or not 12 <= len(value) <= 19:
        raise ValidationError(_("银行账号应为12至19位数字。"), code="bank_account")


def mask_account(value):
    """6222 0212 3456 7890 123 -> 6222***********0123: the bank's first four and the last four digits."""
    if not value:
        return value
    value = str(value)
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


class BankAccountFormField(forms.CharField):
    def to_python(self, value):
        return normalize_account(super().to_python(value))


class BankAccountField(EncryptedMixin, SensitiveMixin, models.CharField):
    description = gettext_lazy("银行账号")
    plain_max_length = 19

    @staticmethod
    def normalise(value):
        return normalize_account(value)

    @staticmethod
    def mask(value):
        return mask_account(value)

    @staticmethod
    def whole_value(value):
        """A whole account number typed in a search box (groups of digits allowed), or None."""
        value = normalize_account(str(value).strip())
        return value if value and value.isdigit() and 12 <= len(value) <= 19 else None

    @staticmethod
    def example(n):
        """A valid account number (tests.autofactory makes records with it)."""
        return f"6222{n:015d}"

    def to_python(self, value):
        return normalize_account(super().to_python(value))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_account(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", BankAccountFormField)
        kwargs.setdefault("max_length", 40)  # a number written in groups is longer than its digits
        field = super().formfield(**kwargs)
        field.validators = [validate_account]
        return field
