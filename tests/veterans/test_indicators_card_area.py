"""Cards and archives carry a copy of their veteran's area (veterans.models.VeteranAreaField), which the
card and archive figures count by: the copy must follow the veteran wherever the veteran goes."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from core.indicators import Period, compute
from tests.factories import VeteranFactory
from veterans import services
from veterans.models import PreferentialCard, Veteran, VeteranArchive

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2025)


def areas_of(veteran):
    card = PreferentialCard.objects.get(veteran=veteran)
    archive = VeteranArchive.objects.get(veteran=veteran)
    return card.area_id, archive.area_id


@pytest.fixture
def veteran(tree):
    vet = VeteranFactory(area=tree["village11"], name="随迁人", registered_on=D(2024, 1, 1))
    PreferentialCard.objects.create(veteran=vet, applied_on=D(2025, 1, 1), issued_on=D(2025, 2, 1), status="issued")
    VeteranArchive.objects.create(veteran=vet, received_on=D(2025, 1, 5))
    return vet


def test_created_with_the_veterans_area(veteran, tree):
    assert areas_of(veteran) == (tree["village11"].code, tree["village11"].code)
    # given only the veteran's id, the area is looked up
    other = VeteranFactory(area=tree["village22"], name="另一人")
    card = PreferentialCard(veteran_id=other.pk, applied_on=D(2025, 1, 1))
    card.save()
    assert card.area_id == tree["village22"].code


def test_bulk_created_with_the_veterans_area(tree):
    """bulk_create (the demo data, imports) skips save() but not the field's pre_save."""
    people = [VeteranFactory(area=tree[f"village{t}{v}"], name=f"批量{t}{v}") for t in (1, 2) for v in (1, 2)]
    PreferentialCard.objects.bulk_create([PreferentialCard(veteran=p, applied_on=D(2025, 1, 1)) for p in people])
    VeteranArchive.objects.bulk_create([VeteranArchive(veteran_id=p.pk, received_on=D(2025, 1, 1)) for p in people])
    for person in people:
        assert areas_of(person) == (person.area_id, person.area_id)


def test_a_move_takes_card_and_archive_along(veteran, tree, users):
    assert compute("veterans.cards_issued", "330727001", YEAR) == 1
    services.veteran_move(veteran=veteran, user=users["staff"], to_area=tree["village21"], moved_on=D(2025, 3, 1))
    assert areas_of(veteran) == (tree["village21"].code, tree["village21"].code)
    assert compute("veterans.cards_issued", "330727001", YEAR) == 0
    assert compute("veterans.cards_issued", "330727002", YEAR) == 1
    assert compute("veterans.archives_received", "330727002", YEAR) == 1
    assert list(PreferentialCard.objects.inside("330727002")) == [PreferentialCard.objects.get(veteran=veteran)]
    assert not PreferentialCard.objects.inside("330727001").exists()
    assert not VeteranArchive.objects.inside("330727001").exists()


def test_an_edit_of_the_area_and_a_fresh_instance(veteran, tree):
    fresh = Veteran.objects.get(pk=veteran.pk)
    fresh.area = tree["village12"]
    fresh.save()
    assert areas_of(veteran) == (tree["village12"].code, tree["village12"].code)
    fresh.name = "改名人"  # a save that keeps the area changes nothing else
    fresh.save()
    assert areas_of(veteran) == (tree["village12"].code, tree["village12"].code)


def test_later_writes_of_the_card_keep_the_new_area(veteran, tree, users):
    card = PreferentialCard.objects.select_related("veteran").get(veteran=veteran)
    services.veteran_move(veteran=Veteran.objects.get(pk=veteran.pk), user=users["staff"], to_area=tree["village22"],
                          moved_on=D(2025, 3, 1))
    card = PreferentialCard.objects.get(pk=card.pk)
    card.workflow.apply(card, "activate", user=users["staff"])
    card.refresh_from_db()
    assert (card.status, card.area_id) == ("activated", tree["village22"].code)
    services.veteran_record_death(veteran=Veteran.objects.get(pk=veteran.pk), user=users["staff"], death_date=D(2025, 4, 1))
    assert PreferentialCard.objects.get(pk=card.pk).area_id == tree["village22"].code


def test_moving_out_of_the_system_keeps_the_area(veteran, tree, users):
    services.veteran_move_out(veteran=veteran, user=users["staff"], destination="上海市", moved_on=D(2025, 3, 1))
    assert areas_of(veteran) == (tree["village11"].code, tree["village11"].code)


def test_the_migration_fills_the_areas(veteran, tree):
    migration = importlib.import_module("veterans.migrations.0005_card_archive_area")
    history = PreferentialCard.history.model
    history.objects.update(area=None)
    migration.fill_areas(None, SimpleNamespace(connection=connection))
    assert set(history.objects.values_list("area_id", flat=True)) == {tree["village11"].code}
    assert areas_of(veteran) == (tree["village11"].code, tree["village11"].code)


def test_the_scale_generator_writes_the_veterans_area(db):
    call_command("generate_scale", veterans=300, today=D(2026, 1, 15), jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    cards = PreferentialCard.objects.filter(veteran__area__code__startswith="36")
    archives = VeteranArchive.objects.filter(veteran__area__code__startswith="36")
    assert cards.count() > 200 and archives.count() > 150
    for records in (cards, archives):
        assert not records.exclude(area_id=F("veteran__area_id")).exists()
