"""Searching people by number: what a term of digits may find, by role, and the log of such searches.

A masked ID number (3307**********1234) or phone (138****5678) must not be rebuilt by searching:
with tail searches of 3 digits and up a village clerk rebuilt an ID number in 54 requests and a
phone in 11.  Now the whole number finds its record for every role; its last 4 characters (which
the mask shows anyway) too; its last 6 only for roles that may reveal; any other part nothing.
"""

import re

from core.audit import log_access
from core.models import AccessKind


def number_kind(value, user):
    """How a search term made of digits is searched: id, phone, tail, refused; None for a name."""
    if re.fullmatch(r"\d{17}[\dXx]", value):
        return "id"
    if re.fullmatch(r"(\+?86)?1[3-9]\d{9}|0\d{9,11}|\d{7,8}", value):
        return "phone"
    if re.fullmatch(r"\d{3}[\dXx]", value):
        return "tail"
    if re.fullmatch(r"\d{5}[\dXx]", value) and getattr(user, "can_reveal", False):
        return "tail"
    if re.fullmatch(r"\+?\d+[Xx]?", value):
        return "refused"
    return None


def log_number_search(request, model, value):
    """A search by ID number or phone goes to the access log (the term masked there)."""
    value = re.sub(r"\s+", "", value or "")
    kind = number_kind(value, request.user) if request is not None else None
    # A refused term of a few digits is typing in progress (the autocomplete asks as the user types):
    # logged from 5 characters, where it would start to tell hidden digits.
    if kind is not None and (kind != "refused" or len(value) >= 5):
        log_access(request, AccessKind.SEARCH, target=model._meta.verbose_name, detail={"q": value, "kind": kind})
