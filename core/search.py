"""Searching people by number: what a term of digits may find, by role, and the log of such searches.

A masked ID number (3307**********1234) or phone (138****5678) must not be rebuilt by searching:
with tail searches of 3 digits and up a village clerk rebuilt an ID number in 54 requests and a
phone in 11.  Now the whole number finds its record for every role; its last 4 or last 6 characters
only for roles that may reveal (REVEAL_ROLES); any other part nothing.

A whole number can still be guessed: the mask shows the last 4 characters, the page the birth date
and the area, which leaves the 3-digit sequence (about 500 numbers of the right sex) to try.  A role
that may not reveal therefore makes at most NUMBER_SEARCH_LIMIT_PER_HOUR whole-number searches an
hour (the access log counts them); beyond it a number finds nothing and the page says why.
"""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_access
from core.idnumber import check_digit
from core.models import AccessKind, AccessLog


def over_limit(user, *, logged=True):
    """Whether `user` (a role that may not reveal) has used up the hour's whole-number searches;
    `logged`: the search being made is already in the log (log_number_search wrote it)."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "can_reveal", False):
        return False
    since = timezone.now() - datetime.timedelta(hours=1)
    made = AccessLog.objects.filter(kind=AccessKind.SEARCH, user=user, at__gte=since,
                                    detail__kind__in=["id", "phone", "account", "limited"]).count()
    return made >= settings.NUMBER_SEARCH_LIMIT_PER_HOUR + (1 if logged else 0)


def limit_message():
    return _("您一小时内按完整证件号或电话查询已达%(n)d次，暂不能继续按号码查询，请稍后再试或按姓名查询。") % {
        "n": settings.NUMBER_SEARCH_LIMIT_PER_HOUR}


def number_kind(value, user, *, logged=True):
    """How a search term made of digits is searched: id, phone, tail, refused, limited (the hour's
    whole-number searches used up: over_limit); None for a name."""
    whole = None
    if re.fullmatch(r"\d{17}[\dXx]", value):
        whole = "id"
    elif re.fullmatch(r"(\+?86)?1[3-9]\d{9}|0\d{9,11}|\d{7,8}", value):
        whole = "phone"
    if whole:
        return "limited" if over_limit(user, logged=logged) else whole
    if re.fullmatch(r"\d{3}[\dXx]|\d{5}[\dXx]", value) and getattr(user, "can_reveal", False):
        return "tail"
    if re.fullmatch(r"\+?\d+[Xx]?", value):
        return "refused"
    return None


def log_number_search(request, model, value):
    """A search by ID number or phone goes to the access log (the term masked there)."""
    value = re.sub(r"\s+", "", value or "")
    kind = number_kind(value, request.user, logged=False) if request is not None else None
    # A refused term of a few digits is typing in progress (the autocomplete asks as the user types):
    # logged from 5 characters, where it would start to tell hidden digits.
    if kind is not None and (kind != "refused" or len(value) >= 5):
        log_access(request, AccessKind.SEARCH, target=model._meta.verbose_name, detail={"q": value, "kind": kind})
    return kind


def log_whole_search(request, model, field, value):
    """A search by another encrypted field's whole value (a bank account: `field.whole_value`) goes to
    the access log, masked, and counts toward the hour's whole-number searches; its kind, or "limited"."""
    user = getattr(request, "user", None)
    kind = "limited" if over_limit(user, logged=False) else "account"
    if request is not None:
        log_access(request, AccessKind.SEARCH, target=model._meta.verbose_name, detail={"q": field.mask(value), "kind": kind})
    return kind


def rebuild_candidates(number, shown):
    """How many ID numbers agree with what a role that may not reveal sees of `number`: its mask (the
    first 4 and last 4 characters), its county (taken as known: the record's area names it) and the
    birth date as `shown`, "date" (whole) or "year" (core.fields.BirthDateField shows only that).
    Each candidate can only be tried by a whole-number search, logged and limited an hour."""
    county, born, sequence, check = number[:6], datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14])), \
        number[14:17], number[17]
    if shown == "date":
        days = [born]
    else:
        first = datetime.date(born.year, 1, 1)
        days = [first + datetime.timedelta(n) for n in range((datetime.date(born.year + 1, 1, 1) - first).days)]
    return sum(check_digit(f"{county}{day:%Y%m%d}{sequence}") == check for day in days)
