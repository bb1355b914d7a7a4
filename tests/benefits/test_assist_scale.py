"""The scale generator adds funds, assistance applications and 社保接续 in proportion to the veterans."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from benefits.models import AssistanceApplication, Fund, InsuranceContinuation

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_scale_generator_adds_funds_applications_and_continuations(db):
    call_command("generate_scale", veterans=3000, today=D(2026, 1, 15), jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    funds = Fund.objects.filter(area__code__startswith="36")
    assert funds.exists() and not funds.filter(allocated_on__gt=D(2026, 1, 15)).exists()
    applications = AssistanceApplication.objects.filter(area__code__startswith="36")
    assert 5 <= applications.count() <= 40  # about one veteran in two hundred
    assert not applications.filter(applied_on__gt=D(2026, 1, 15)).exists()
    assert not applications.filter(late_override=True).exists()
    waiting = applications.filter(status="submitted").first()
    assert waiting is None or waiting.due_on == waiting.applied_on + datetime.timedelta(days=10)
    assert 150 <= InsuranceContinuation.objects.filter(area__code__startswith="36").count() <= 450
