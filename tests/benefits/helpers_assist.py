"""Records of 帮扶援助与经费 for the tests: a fund, a veteran in village 1 of township 1, an application."""

import datetime
from decimal import Decimal

from benefits.models import AssistanceApplication, Fund
from core.roles import Role
from tests.factories import UserFactory, VeteranFactory

TODAY = datetime.date.today()


def fund(tree, amount="10000.00", **extra):
    values = {"kind": "hardship", "source": "county", "year": TODAY.year, "amount": Decimal(amount),
              "allocated_on": TODAY.replace(month=1, day=1), "document": "云财社〔2025〕3号", "area": tree["county"]}
    values.update(extra)
    return Fund.objects.create(**values)


def application(tree, user, **extra):
    veteran = extra.pop("veteran", None) or VeteranFactory(area=tree["village11"])
    values = {"veteran": veteran, "kind": "hardship", "cause": "illness", "hardship_on": TODAY - datetime.timedelta(days=30),
              "applied_on": TODAY, "hardship": "患重病住院，家庭收入微薄", "amount_requested": Decimal("5000.00"),
              "filed_by": user}
    values.update(extra)
    return AssistanceApplication.objects.create(**values)


def reviewer(tree):
    """A second clerk of township 1: the township's reviewer (not the one who filed)."""
    return UserFactory(username="reviewer", role=Role.CLERK, area=tree["township1"])


def pension_fund(batch, amount="1000000.00"):
    """The year's 优抚对象抚恤补助 of the batch's county (made once a year), ample unless told."""
    found = Fund.objects.filter(kind="pension", year=batch.year, area_id=batch.area_id).first()
    return found or Fund.objects.create(kind="pension", source="central", year=batch.year, amount=Decimal(amount),
                                        allocated_on=datetime.date(batch.year, 1, 5), document="财社〔测试〕1号",
                                        area_id=batch.area_id)
