"""The permission walk's placement records, made to agree with the records they lean on: a case's category
with the veteran's way of leaving the service (a soldier the government places left as 安排工作), and an
objection with its batch's notice period (raised while the notice is up), a start-up grant's approval
date with its status (approved, so the date and an amount belong)."""

from decimal import Decimal

from placement.models import PlacementCase, PlacementKind, ScoreObjection, StartupSupport, SunshineBatch, SupportStatus
from tests import autofactory
from veterans.models import DischargeCategory, Veteran


def _placement_case(tree, users, **extra):
    veteran = autofactory.make(Veteran, tree["village11"], discharge_category=DischargeCategory.ARRANGED)
    return autofactory.make(PlacementCase, tree["village11"], veteran=veteran, kind=PlacementKind.SOLDIER, **extra)


def _objection(tree, users):
    batch = autofactory.make(SunshineBatch, tree["village11"], notice_start=autofactory.DAY)
    case = _placement_case(tree, users, batch=batch)
    return autofactory.make(ScoreObjection, tree["village11"], batch=batch, case=case, raised_on=autofactory.DAY)


def _startup_support(tree, users):
    return autofactory.make(StartupSupport, tree["village11"], status=SupportStatus.APPROVED, applied_on=autofactory.DAY,
                            approved_on=autofactory.DAY, amount=Decimal("10000.00"))


OBJECT_MAKERS = {"placement.placementcase": _placement_case, "placement.scoreobjection": _objection,
                 "placement.startupsupport": _startup_support}
