"""The permission walk's records of 年度确认: a campaign of a real year whose deadline falls in it, and one
checklist line of that campaign (one campaign an area and year: the line does not make a second)."""

from benefits.models import Confirmation, ConfirmationCampaign
from tests import autofactory


def _campaign(tree, users):
    village = tree["village11"]
    return (ConfirmationCampaign.objects.filter(area=village, year=autofactory.DAY.year).first()
            or autofactory.make(ConfirmationCampaign, village, year=autofactory.DAY.year, deadline=autofactory.DAY))


def _confirmation(tree, users):
    return autofactory.make(Confirmation, tree["village11"], campaign=_campaign(tree, users))


OBJECT_MAKERS = {"benefits.confirmationcampaign": _campaign, "benefits.confirmation": _confirmation}
