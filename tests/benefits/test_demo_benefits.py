"""The demo 优抚 of 云溪县 (benefits/demo.py): loaded twice with the veterans, checked once."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from benefits.data import standards
from benefits.models import KEY_CATEGORIES, Category, Entitlement, SubsidyStandard
from core.indicators import Period, compute, compute_with_last_year
from core.models import Area
from reports.compose import compose
from tests.demo_runs import load_demo_twice
from veterans.models import Veteran

pytestmark = pytest.mark.django_db


def snapshot():
    return (Entitlement.objects.count(), Entitlement.history.count(), SubsidyStandard.objects.count(),
            SubsidyStandard.history.count())


def test_demo_benefits(monkeypatch):
    load_demo_twice(monkeypatch, ["veterans", "benefits"], snapshot, "优抚对象资格：")

    today = timezone.localdate()
    veterans = Veteran.objects.count()
    entitlements = list(Entitlement.objects.select_related("veteran", "family_member"))
    own = {e.veteran_id for e in entitlements if e.family_member_id is None}
    assert 0.06 <= len(own) / veterans <= 0.09, (len(own), veterans)
    categories = Counter(e.category for e in entitlements)
    for category in (Category.DISABLED_SOLDIER, Category.WAR_VETERAN, Category.RURAL_60, Category.MARTYR_FAMILY):
        assert categories[category] >= 3, categories
    for e in entitlements:  # every row is one the pages would accept, its dates consistent
        e.full_clean(exclude=["area", "pays_from", "status", "ended_on", "end_reason"])
        assert e.approved_on <= today and e.pays_from.day == 1 and e.pays_from > e.approved_on
        assert e.area_id == e.veteran.area_id
        if e.family_member_id is None and e.veteran.death_date:
            assert (e.status, e.ended_on, e.end_reason) == ("ended", e.veteran.death_date, "death")
        if e.status == "ended":
            assert e.ended_on >= e.approved_on
    assert sum(e.end_reason == "death" for e in entitlements) >= 3

    # a year of new approvals in each year of the window
    last_year = Period.year(today.year - 1)
    this, before = compute_with_last_year("benefits.approved", "330727", last_year)
    assert 8 <= before and 8 <= this and abs(this - before) / before <= 0.6, (this, before)
    key = compute("benefits.key_beneficiaries", "330727", last_year)
    assert key == len({(e.veteran_id, e.family_member_id) for e in entitlements if e.category in KEY_CATEGORIES
                       and e.approved_on <= last_year.end and (e.ended_on is None or e.ended_on > last_year.end)})

    # the sourced standards, and nothing more
    assert SubsidyStandard.objects.count() == len(standards.rows()) == 8
    first_grade = SubsidyStandard.objects.get(category="disabled_soldier", disability_grade=1,
                                              effective_from=standards.FROM_2024)
    assert str(first_grade.annual_amount) == "123246.20"
    with pytest.raises(ValidationError, match="执行期重叠"):
        SubsidyStandard(area=first_grade.area, category="disabled_soldier", disability_grade=1, disability_cause="war",
                        national_amount=1, effective_from=today).full_clean()

    draft = compose("year", today.year - 1, Area.objects.get(code="330727"))
    (paragraphs,) = [p for title, p in draft.sections if "落实优抚政策" in title]
    assert f"全县共有各类重点优抚对象{key}名" in paragraphs[0]
    assert "新增优抚对象" in paragraphs[1]
    holders = Counter((e.veteran_id, e.family_member_id) for e in entitlements)
    assert any(n > 1 for n in holders.values())  # some hold two (双重身份), for the page's flags
