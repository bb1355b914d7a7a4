"""honors.0002: the plaque date that lived on the veteran becomes the household's 光荣牌 record, once;
its reverse removes only what it made."""

import datetime
import importlib

import pytest
from django.apps import apps

from honors.models import HonourPlaque
from tests.factories import VeteranFactory
from veterans.models import Veteran, VeteranStatus

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("honors.migrations.0002_plaques_from_veterans")


def test_plaque_dates_become_one_household_record_each_and_the_reverse_removes_only_those(tree):
    alive = VeteranFactory(area=tree["village11"], name="周大勇")
    dead = VeteranFactory(area=tree["village21"], name="吴国华")
    VeteranFactory(area=tree["village12"], name="郑平")  # no plaque date: no record
    Veteran.objects.filter(pk=alive.pk).update(plaque_hung_on=datetime.date(2019, 7, 30))
    Veteran.objects.filter(pk=dead.pk).update(plaque_hung_on=datetime.date(2018, 12, 1), status=VeteranStatus.DECEASED)
    entered = HonourPlaque.objects.create(household="王家", area=tree["village12"], categories="serving",
                                          hung_on=datetime.date(2024, 8, 1))

    MIGRATION.plaques_from_veterans(apps, None)
    MIGRATION.plaques_from_veterans(apps, None)  # run twice: still one a veteran

    made = {(p.veteran_id, p.household, p.area_id, p.hung_on, p.status)
            for p in HonourPlaque.objects.exclude(pk=entered.pk)}
    assert made == {(alive.pk, "周大勇", tree["village11"].pk, datetime.date(2019, 7, 30), "hung"),
                    (dead.pk, "吴国华", tree["village21"].pk, datetime.date(2018, 12, 1), "retired")}
    MIGRATION.remove_migrated(apps, None)
    assert list(HonourPlaque.objects.all()) == [entered]
