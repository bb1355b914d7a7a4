"""Records of a sunshine-placement batch for the placement tests, made through the services."""

import datetime
import itertools
from decimal import Decimal

from core import services
from placement import services as placement_services
from placement.models import PlacementCase, SunshineBatch, SunshinePost, batch_workflow, case_workflow
from placement.rules import load_rule_set
from placement.scoring import service_months
from tests.factories import VeteranFactory, make_id_number

_sequence = itertools.count(1)  # distinct ID numbers within a test (hash() of a str differs by process)


def soldier(tree, enlisted, discharged, merits="", born=datetime.date(1988, 3, 1), name="张三", area="village11"):
    return VeteranFactory(area=tree[area], name=name, discharge_category="arranged", enlistment_date=enlisted,
                          discharge_date=discharged, merits=merits,
                          id_number=make_id_number(born=born, sequence=next(_sequence) % 900 + 1))


def batch(tree, user, **extra):
    rules = load_rule_set(tree["county"], user)
    values = {"area": tree["county"], "name": "2021年度退役士兵阳光安置", "year": 2021, "rule_set": rules} | extra
    return services.record_create(model=SunshineBatch, data=values, user=user)


def candidate(batch, veteran, user, condition="service_12", **extra):
    data = {"veteran": veteran, "year": batch.year, "kind": "soldier", "batch": batch, "condition": condition,
            "received_on": datetime.date(2021, 1, 5)} | extra
    return services.record_create(model=PlacementCase, data=data, user=user)


def item(case, user, kind, quantity, **extra):
    data = {"case": case, "kind": kind, "quantity": Decimal(str(quantity)), "evidence": "档案：士兵登记表"} | extra
    return placement_services.score_item_create(model=placement_services.ScoreItem, data=data, user=user)


def service_item(case, user):
    v = case.veteran
    return item(case, user, "service", service_months(v.enlistment_date, v.discharge_date))


def confirm(case, user, day=datetime.date(2021, 3, 1)):
    return placement_services.score_confirm(placementcase=case, user=user, confirmed_on=day, signed=True)


def post(batch, user, unit="县交通运输局", name="综合岗", count=1, destination="institution"):
    return services.record_create(model=SunshinePost, data={"batch": batch, "unit": unit, "name": name, "count": count,
                                                            "destination": destination}, user=user)


def to_choosing(batch, user, cases):
    """Review every case, run the notice (moved back 10 days so it has closed), publish, open the meeting."""
    for case in cases:
        case_workflow.apply(case, "review", user=user)
    batch_workflow.apply(batch, "start_notice", user=user)
    SunshineBatch.objects.filter(pk=batch.pk).update(notice_start=datetime.date.today() - datetime.timedelta(days=14))
    batch.refresh_from_db()
    batch_workflow.apply(batch, "publish", user=user)
    batch_workflow.apply(batch, "open_meeting", user=user)
    batch.refresh_from_db()
    return batch
