"""Resident ID numbers (公民身份号码, GB 11643) and phone numbers: checking and masking."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83", "91",
}


def normalize(value):
    """Full-width to half-width, spaces removed, a lowercase x made X."""
    value = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"\s+", "", value).upper()


# GB 11643-1999 §8.2 (ISO 7064 MOD 11-2): the weight of position i (1..17, left to right) is
# 2**(18-i) mod 11; the check digit is the one whose value makes the weighted sum of all 18
# positions 1 mod 11, which the standard tabulates by the remainder of the first 17's sum.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_BY_REMAINDER = "10X98765432"  # remainder 0 -> "1", 1 -> "0", 2 -> "X", ... 10 -> "2"


def check_digit(prefix17):
    """The check digit of an ID number's first 17 digits (GB 11643)."""
    if len(prefix17) != 17 or not prefix17.isdigit():
        raise ValueError("the first 17 characters of an ID number are digits")
    total = sum(int(digit) * weight for digit, weight in zip(prefix17, WEIGHTS, strict=True))
    return CHECK_BY_REMAINDER[total % 11]


def has_valid_check_digit(number):
    """Whether an 18-character number's last character is the check digit of its first 17."""
    number = normalize(number)
    return len(number) == 18 and number[:17].isdigit() and check_digit(number[:17]) == number[17]


def clean_id_number(value, *, today=None):
    """Return the normalised 18-character ID number or raise ValidationError in Chinese."""
    number = normalize(value)
    if not number:
        raise ValidationError(_("请填写公民身份号码。"), code="required")
    if len(number) == 15 and number.isdigit():
        raise ValidationError(_("这是15位旧身份证号码，请填写18位公民身份号码。"), code="old_format")
    if len(number) != 18:
        raise ValidationError(_("公民身份号码应为18位，当前为%(n)d位。") % {"n": len(number)}, code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("公民身份号码前17位应为数字，最后一位为数字或X。"), code="format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("公民身份号码前两位不是有效的省级代码。"), code="region")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("公民身份号码中的出生日期无效。"), code="birth_date") from None
    if born > (today or datetime.date.today()) or born.year < 1880:
        raise ValidationError(_("公民身份号码中的出生日期无效。"), code="birth_date")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(_("公民身份号码校验位错误，请核对。"), code="checksum")
    return number


def birth_date(number):
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex(number):
    """'M' or 'F' from the 17th digit."""
    return "M" if int(number[16]) % 2 else "F"


def age_on(number, day):
    born = birth_date(number)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def mask_id(value):
    """4403**********1234: first four and last four kept."""
    value = str(value or "")
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def clean_phone(value):
    phone = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(value or "")))
    if not phone:
        return ""
    if not re.fullmatch(r"(\+?86)?1[3-9]\d{9}|0\d{2,3}\d{7,8}|\d{7,8}", phone):
        raise ValidationError(_("联系电话格式不正确：应为11位手机号或固定电话。"), code="phone")
    return phone.removeprefix("+86")


def mask_phone(value):
    """138****5678: first three and last four kept."""
    value = str(value or "")
    if len(value) <= 7:
        return "*" * max(len(value) - 4, 0) + value[-4:] if len(value) > 4 else "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


ID_SHAPED = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
PHONE_SHAPED = re.compile(r"(?<!\d)(?:\+?86)?(1[3-9]\d{9})(?!\d)")
ACCOUNT_SHAPED = re.compile(r"(?<![0-9A-Za-z*])(\d{16,19})(?![0-9A-Za-z*])")  # a bank card (12-digit area codes stay)


def mask_text(value):
    """Text with every ID-number-shaped (18 or 15 digits), bank-card-shaped (16 to 19 digits) and
    mobile-shaped run masked: for what is written to logs, where a typed search term or user name
    must not keep a full number."""
    text = ID_SHAPED.sub(lambda m: mask_id(m[1].upper()), str(value))
    text = ACCOUNT_SHAPED.sub(lambda m: m[1][:4] + "*" * (len(m[1]) - 8) + m[1][-4:], text)
    return PHONE_SHAPED.sub(lambda m: mask_phone(m[1]), text)


def mask_values(value):
    """mask_text over every string inside a JSON-like value (dicts, lists, strings)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {mask_values(k) if isinstance(k, str) else k: mask_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_values(v) for v in value]
    return value
