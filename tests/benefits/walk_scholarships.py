"""The permission walk's records of 烈士后裔助学金: an application's amount is looked up from the
standard of its level and school year, so every application the walk makes (and every form it posts
or ledger it imports again) finds the county's standard for the first level and this year."""

import datetime
from decimal import Decimal

from benefits.models_scholarships import ScholarshipApplication, ScholarshipStandard, SchoolLevel
from tests import autofactory


def county_standard(tree):
    standard, _made = ScholarshipStandard.objects.get_or_create(
        area=tree["county"], level=SchoolLevel.PRIMARY, year=datetime.date.today().year,
        defaults={"amount": Decimal("1000.00"), "document": "云退役军人〔2025〕8号"})
    return standard


def _application(tree, users):
    standard = county_standard(tree)
    return autofactory.make(ScholarshipApplication, tree["village11"], amount=standard.amount,
                            applied_on=datetime.date.today())


def _standard_elsewhere(tree):
    standard = county_standard(tree)
    return {"amount": standard.amount, "applied_on": datetime.date.today()}


OBJECT_MAKERS = {"benefits.scholarshipapplication": _application}
LINKS_ELSEWHERE = {"benefits.scholarshipapplication": _standard_elsewhere}
