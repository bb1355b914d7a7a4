"""Ledgers read back what they wrote: Chinese punctuation kept in text cells, and the administrators'
area ledger imported through the same write path."""

import pytest
from django.urls import reverse

from core.models import Area
from core.registry import registry
from tests.factories import FamilyMemberFactory, VeteranFactory
from tests.walk import ledger_file
from veterans.models import FamilyMember

pytestmark = pytest.mark.django_db


def test_text_with_chinese_punctuation_is_imported_as_written(users, tree):
    viewset = registry.for_model(FamilyMember)
    veteran = VeteranFactory(area=tree["village11"])
    note = "长期在外务工（浙江宁波），联系：村委会"
    upload = ledger_file(viewset, [FamilyMemberFactory(veteran=veteran, name="刘芳", id_number="", note=note)],
                         users["staff"])
    FamilyMember.objects.all().delete()
    outcome = viewset.ledger.import_file(upload, user=users["clerk"])
    assert outcome.ok, outcome.errors
    assert FamilyMember.objects.get().note == note  # not "长期在外务工(浙江宁波),联系:村委会"


def test_a_re_imported_export_with_punctuation_is_unchanged(users, tree):
    viewset = registry.for_model(FamilyMember)
    member = FamilyMemberFactory(veteran=VeteranFactory(area=tree["village11"]), id_number="", note="（已核实）")
    queryset = FamilyMember.objects.filter(pk=member.pk)
    result = viewset.ledger.export(queryset, user=users["staff"], unmasked=True, purpose="核对")
    outcome = viewset.ledger.import_file(result.open(), user=users["clerk"])
    assert outcome.ok and (outcome.unchanged, outcome.updated, outcome.created) == (1, 0, 0), outcome.errors


def test_the_administrator_imports_areas(users, tree, client_for):
    viewset = registry.for_model(Area)
    new = Area.objects.create(code="330727001003", name="1镇3村", level=5, parent=tree["township1"])
    upload = ledger_file(viewset, [new], users["admin"])
    new.delete()
    response = client_for(users["admin"]).post(reverse("core:area_import"), {"file": upload})
    assert response.status_code == 302, response.context and response.context["outcome"].errors
    assert Area.objects.get(code="330727001003").parent == tree["township1"]
