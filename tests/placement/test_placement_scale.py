"""The scale generator adds placement cases, returning soldiers' registrations and employment services in
proportion to the veterans, with Chinese names (placement.scale)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import F

from core.models import Area, AreaLevel
from placement.models import EmploymentTraining, FairMode, JobFair, PlacementCase, ReturnRegistration, TrainingKind
from veterans.models import Veteran

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 1, 15)


def test_the_scale_generator_adds_placement_rows_with_chinese_names(db):
    call_command("generate_scale", veterans=3000, today=TODAY, jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    counties = Area.objects.filter(level=AreaLevel.COUNTY, code__startswith="36",
                                   children__children__level=AreaLevel.VILLAGE).distinct()
    names = {county.pk: county.name for county in counties}
    assert names
    years = (TODAY.year - 1, TODAY.year)

    fairs = JobFair.objects.filter(area__code__startswith="36")
    assert fairs.count() == len(names) * len(years) * 2  # one online and one offline fair a county a year
    expected = {f"{names[c]}{y}年退役军人专场招聘会（{FairMode(m).label}）" for c in names for y in years for m in FairMode.values}
    assert set(fairs.values_list("name", flat=True)) == expected
    assert "招聘会（线上）" in fairs.filter(mode="online").first().name

    trainings = EmploymentTraining.objects.filter(area__code__startswith="36")
    assert trainings.count() == len(names) * len(years) * 2  # 适应性培训 and 职业技能培训 a county a year
    kinds = ("adaptive", "skill")
    assert set(trainings.values_list("name", flat=True)) == {
        f"{names[c]}{y}年{TrainingKind(k).label}班" for c in names for y in years for k in kinds}
    assert not trainings.filter(completed__gt=F("enrolled")).exists()
    for name in list(fairs.values_list("name", flat=True)) + list(trainings.values_list("name", flat=True)):
        assert not any(c.isascii() and c.isalpha() for c in name), name

    transferred = Veteran.objects.filter(area__code__startswith="36", discharge_category="transferred", status="alive").count()
    self_employed = Veteran.objects.filter(area__code__startswith="36", discharge_category="self_employed",
                                           status="alive").count()
    cases = PlacementCase.objects.filter(area__code__startswith="36")
    assert transferred / 24 <= cases.count() <= transferred / 6  # about one transferred veteran in twelve
    assert set(cases.values_list("kind", flat=True)) <= {"officer", "nco"}
    assert not cases.filter(received_on__gt=TODAY).exists()
    returns = ReturnRegistration.objects.filter(area__code__startswith="36")
    assert self_employed / 50 <= returns.count() <= self_employed / 12  # about one in twenty-five
    assert set(returns.values_list("veteran__discharge_category", flat=True)) == {"self_employed"}
