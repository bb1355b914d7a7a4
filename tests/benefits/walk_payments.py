"""The permission walk's records of the other 优抚 payments: a line on a draft 关爱宜居 roll (a household
paid for its renovation), so that its edit form saves unchanged."""

from decimal import Decimal

from benefits.models_payments import PaymentKind, PaymentRoll, RollLine
from tests import autofactory
from veterans.models import Veteran


def _roll(tree, users, **extra):
    return autofactory.make(PaymentRoll, tree["village11"], kind=PaymentKind.HOME, name="2025年关爱宜居", year=2025, **extra)


def _line(tree, users):
    veteran = autofactory.make(Veteran, tree["village11"])
    return autofactory.make(RollLine, tree["village11"], roll=_roll(tree, users), veteran=veteran,
                            amount=Decimal("8000.00"), content="卫生间适老化改造")


OBJECT_MAKERS = {"benefits.paymentroll": _roll, "benefits.rollline": _line}
