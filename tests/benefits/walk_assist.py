"""The permission walk's records of 帮扶援助与经费: a fund of a real year, a charge naming the application
that paid it."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from benefits.models import AssistanceApplication, Fund, FundCharge
from tests import autofactory


def _fund(tree, users):
    return autofactory.make(Fund, tree["village11"], year=2025, allocated_on=autofactory.DAY, amount=Decimal("50000.00"))


def _charge(tree, users):
    fund = _fund(tree, users)
    application = autofactory.make(AssistanceApplication, tree["village11"])
    return autofactory.make(FundCharge, tree["village11"], fund=fund, amount=Decimal("3000.00"),
                            content_type=ContentType.objects.get_for_model(AssistanceApplication),
                            object_id=str(application.pk))


# A charge made in another area names a fund there (made by autofactory) and the application model.
LINKS_ELSEWHERE = {"benefits.fundcharge": lambda tree: {
    "content_type": ContentType.objects.get_for_model(AssistanceApplication), "object_id": "0"}}
OBJECT_MAKERS = {"benefits.fund": _fund, "benefits.fundcharge": _charge}
