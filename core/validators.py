import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require characters from at least `min_classes` of: upper, lower, digit, symbol."""

    CLASSES = (r"[A-Z]", r"[a-z]", r"[0-9]", r"[^A-Za-z0-9]")

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.CLASSES if re.search(pattern, password or ""))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中至少%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中至少%(n)d类。") % {"n": self.min_classes}


def not_in_future(value):
    """A date a clerk records must have happened: not later than today."""
    if value and value > datetime.date.today():
        raise ValidationError(_("日期不能晚于今天。"), code="future")
