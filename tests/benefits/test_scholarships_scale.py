"""The scale generator adds each county's scholarship standards and some seventeen applications a year,
encrypted as the application writes them, their amounts the standards'."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from benefits.models import ScholarshipApplication, ScholarshipStandard, standard_for

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_scale_generator_adds_standards_and_applications(db):
    call_command("generate_scale", veterans=3000, today=D(2026, 10, 15), jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    standards = ScholarshipStandard.objects.filter(area__code__startswith="36")
    counties = standards.values("area").distinct().count()
    assert counties and standards.count() == counties * 6 * 2  # six levels, last year and this
    applications = ScholarshipApplication.objects.filter(area__code__startswith="36")
    assert 17 * counties <= applications.count() <= 34 * counties
    assert not applications.filter(applied_on__gt=D(2026, 10, 15)).exists()
    assert not applications.filter(status="paid").exists()  # paid only by a batch, which the scale data holds none of
    for application in applications.order_by("id")[:20]:
        assert application.amount == standard_for(application.area_id, application.level, application.school_year).amount
        assert ScholarshipApplication.objects.filter(id_number=application.id_number).exists()  # its index was written
    waiting = applications.filter(status="submitted").first()
    assert waiting is None or waiting.due_on == waiting.applied_on + datetime.timedelta(days=10)
