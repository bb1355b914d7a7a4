"""The scale generator adds martyrs, memorial facilities, inspections and commemorations to every county
of the generated province (honors/scale.py)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Count

from core.models import Area, AreaLevel
from honors.models import Commemoration, FacilityInspection, Martyr, MemorialFacility

pytestmark = pytest.mark.django_db
D = datetime.date
HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def test_the_scale_generator_adds_martyrs_facilities_inspections_and_events_per_county(db):
    today = D(2026, 1, 15)
    call_command("generate_scale", veterans=3000, today=today, jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    counties = Area.objects.filter(code__startswith="36", level=AreaLevel.COUNTY).count()
    assert counties == 100
    facilities = MemorialFacility.objects.filter(area__code__startswith="36")
    assert facilities.filter(name__endswith="烈士陵园").count() == counties  # one cemetery each
    by_county = {}
    for area, n in facilities.values_list("area_id").annotate(n=Count("id")):
        by_county[area[:6]] = by_county.get(area[:6], 0) + n
    assert len(by_county) == counties and all(5 <= n <= 8 for n in by_county.values())
    martyrs = Martyr.objects.filter(area__code__startswith="36")
    assert 30 * counties <= martyrs.count() <= 60 * counties
    assert martyrs.filter(area__level=AreaLevel.VILLAGE).count() == martyrs.count()
    assert martyrs.filter(status="confirmed").count() > martyrs.count() * 0.8
    assert not martyrs.filter(status="confirmed", confirmed_on__isnull=True).exists()
    assert not martyrs.filter(confirmed_on__gt=today).exists()
    sample = list(martyrs.order_by("id")[:200])
    assert all(HAN.match(m.name) for m in sample)
    assert all(m.name_pinyin and m.name_initials for m in sample)  # found by pinyin like an entered one
    first = sample[0]
    assert first in Martyr.objects.filter(name_initials=first.name_initials)
    buried = martyrs.filter(facility__isnull=False).select_related("facility")[:200]
    assert all(m.facility.area_id[:6] == m.area_id[:6] for m in buried)  # in the county's own facilities
    inspections = FacilityInspection.objects.filter(facility__area__code__startswith="36")
    # each year's quarters up to the day (2025: four, 2026: none yet; the graves each March)
    assert inspections.filter(date__year=2025).count() >= counties * (4 * 3 + 2)
    assert not inspections.filter(date__gt=today).exists()
    events = Commemoration.objects.filter(area__code__startswith="36")
    assert events.filter(kind="martyrs_day", date=D(2025, 9, 30)).count() == counties
    assert events.filter(kind="qingming", date__year=2025).count() >= counties * 4
    assert not events.filter(date__gt=today).exists()
    assert all("烈士" in t for t in events.values_list("title", flat=True))
    assert all(HAN.match(n[:4]) for n in facilities.values_list("name", flat=True)[:100])
