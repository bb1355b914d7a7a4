"""The demo veterans of 云溪县 (veterans/demo.py): loaded twice by `load_demo`, checked once.

Loading 3,000 veterans takes a few seconds, so one test loads twice and checks everything.
Only the core data and the veterans hook run: other apps' demo hooks have their own tests.
"""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from core import demo as core_demo
from core import idnumber
from core.indicators import Period, compute_with_last_year
from core.models import Area, AreaLevel
from veterans import demo as veterans_demo
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PreferentialCard,
    Relationship,
    Veteran,
    VeteranArchive,
    VeteranMove,
    VeteranStatus,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)

pytestmark = pytest.mark.django_db

MODELS = [Veteran, FamilyMember, PreferentialCard, VeteranArchive, AnnualCheck, VeteranMove, VolunteerTeam, VolunteerMember,
          VolunteerActivity]
SHARES = {  # discharge category: (expected share, tolerance), in percent
    "self_employed": (62, 5), "arranged": (6, 2.5), "transferred": (5, 2.5), "self_career": (2, 1.5),
    "monthly_pension": (1, 1), "retired": (3, 2), "demobilised": (18, 4), "supported": (3, 2),
}


def snapshot():
    """Row counts of every demo model and its history, and the latest update time of each."""
    snap = {}
    for model in MODELS:
        snap[model._meta.label] = model.objects.count()
        if hasattr(model, "history"):
            snap[f"{model._meta.label} history"] = model.history.count()
        if any(f.name == "updated_at" for f in model._meta.fields):
            snap[f"{model._meta.label} updated"] = model.objects.aggregate(m=Max("updated_at"))["m"]
    return snap


def load():
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, apps=["veterans"])  # pytest-django runs with DEBUG off
    return out.getvalue()


@pytest.fixture
def only_veterans_hook(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def test_demo_veterans(only_veterans_hook):
    first = load()
    assert "退役军人：" in first
    before = snapshot()
    second = load()
    assert re.search(r"本次新建 0 条", second), second
    assert snapshot() == before  # nothing created, nothing saved, no history written

    today = timezone.localdate()
    start = core_demo.window_start(today)  # 1 January of the year before last
    drift = max(0, today.year - veterans_demo.REFERENCE.year)
    villages = {a.code: a for a in Area.objects.inside("330727").filter(level=AreaLevel.VILLAGE).select_related("parent")}
    assert len(villages) > 100
    veterans = list(Veteran.objects.all())
    n = len(veterans)
    assert 2800 <= n <= 3200

    # Identity: valid, unique ID numbers of the county; sex, birth date and pinyin derived as save() would.
    assert len({v.id_number for v in veterans}) == n
    for v in veterans:
        assert idnumber.clean_id_number(v.id_number) == v.id_number
        assert v.id_number.startswith("330727")
        assert v.sex == idnumber.sex(v.id_number) and v.birth_date == idnumber.birth_date(v.id_number)
        assert 22 <= v.age() <= 95 + drift
        assert v.name_initials and v.name_pinyin and 2 <= len(v.name) <= 4
        assert v.area_id in villages, v.area_id
        village = villages[v.area_id]
        assert v.address.startswith(f"云溪县{village.parent.name}{village.name}"), v.address
        assert 17 <= idnumber.age_on(v.id_number, v.enlistment_date) <= 20
        assert (v.discharge_date - v.enlistment_date).days >= 700 and v.discharge_date <= today
        assert today - datetime.timedelta(days=1825) <= v.registered_on <= today
        assert v.registered_on >= v.discharge_date
    women = sum(v.sex == "F" for v in veterans) / n
    assert 0.03 <= women <= 0.09
    assert sum(bool(v.phone) for v in veterans) / n == pytest.approx(0.9, abs=0.04)
    assert sum(v.documented for v in veterans) / n == pytest.approx(0.85, abs=0.04)
    assert sum(bool(v.plaque_hung_on) for v in veterans) / n == pytest.approx(0.7, abs=0.05)
    party = sum(v.political_status == "party" for v in veterans) / n
    assert 0.28 <= party <= 0.42
    surnames = Counter(v.name[0] for v in veterans)
    assert surnames.most_common(1)[0][0] in "王李张"
    assert all(surnames[s] for s in "曾单解")
    assert next(v for v in veterans if v.name[0] == "曾").name_pinyin.startswith("zeng")
    assert next(v for v in veterans if v.name[0] == "单").name_initials.startswith("s")

    # Discharge categories in roughly the bureau's shares; the oldest are mostly 复员.
    categories = Counter(v.discharge_category for v in veterans)
    for category, (share, tolerance) in SHARES.items():
        assert abs(categories[category] * 100 / n - share) <= tolerance, (category, categories[category])
    oldest = [v for v in veterans if v.age() >= 70]
    assert sum(v.discharge_category == "demobilised" for v in oldest) / len(oldest) > 0.6

    # Registrations in both halves of last year and in this year so far.
    halves = Counter((v.registered_on.year, v.registered_on.month > 6) for v in veterans)
    assert halves[(today.year - 1, False)] > 50 and halves[(today.year - 1, True)] > 50
    if today.timetuple().tm_yday > 45:
        assert halves[(today.year, False)] > 20

    # Deaths and moves.
    deceased = [v for v in veterans if v.status == VeteranStatus.DECEASED]
    assert 0.01 * n <= len(deceased) <= 0.02 * n
    for v in deceased:
        assert start <= v.death_date <= today and v.death_date >= v.registered_on
    moved_out = [v for v in veterans if v.status == VeteranStatus.MOVED_OUT]
    assert 5 <= len(moved_out) <= 40
    moves = list(VeteranMove.objects.select_related("veteran", "from_area", "to_area"))
    outside = [m for m in moves if m.to_area is None]
    assert {m.veteran_id for m in outside} == {v.pk for v in moved_out}
    assert all(m.to_outside and m.veteran.moved_out_to == m.to_outside for m in outside)
    within = [m for m in moves if m.to_area is not None]
    assert len(within) >= 5
    for m in within:
        assert m.veteran.area_id == m.to_area_id and m.from_area.parent_id != m.to_area.parent_id
        assert m.veteran.status == VeteranStatus.ALIVE and m.moved_on <= today

    # Cards: most veterans (some who came home in the last year have not applied yet), at every status, dates in
    # order, cancelled for the dead.
    cards = list(PreferentialCard.objects.select_related("veteran"))
    assert 0.8 <= len(cards) / n <= 0.92
    statuses = Counter(c.status for c in cards)
    assert set(statuses) == {"applied", "issued", "activated", "lost", "cancelled"}, statuses
    assert statuses["activated"] > statuses["issued"] > statuses["applied"]
    for c in cards:
        assert c.applied_on <= today
        assert c.issued_on is None or c.issued_on >= c.applied_on
        assert c.activated_on is None or c.activated_on >= c.issued_on
        assert c.reissued_on is None or (c.lost_on and c.reissued_on >= c.lost_on and c.reissue_count == 1)
        assert (c.status == "cancelled") == (c.cancelled_on is not None)
        if c.status == "cancelled":
            assert c.veteran.status == VeteranStatus.DECEASED
    assert any(c.reissue_count for c in cards)
    for field in ("applied_on", "issued_on", "activated_on"):
        years = Counter(getattr(c, field).year for c in cards if getattr(c, field))
        assert years[today.year - 1] > 100, field
        if today.timetuple().tm_yday > 60:
            assert years[today.year] > 50, field

    # Archives of recent dischargees; annual checks; families.
    archives = Counter(VeteranArchive.objects.values_list("status", flat=True))
    assert set(archives) == {"received", "reviewed", "transferred"} and 100 <= sum(archives.values()) <= 1000
    on_record_last_year = sum(
        v.registered_on.year < today.year - 1 and v.status == VeteranStatus.ALIVE for v in veterans)
    checked_last_year = AnnualCheck.objects.filter(year=today.year - 1).count()
    assert checked_last_year >= 0.8 * on_record_last_year
    family = list(FamilyMember.objects.all())
    relationships = Counter(f.relationship for f in family)
    assert relationships[Relationship.SPOUSE] > 0.5 * n and relationships[Relationship.CHILD] > 0.4 * n
    for f in family:
        assert idnumber.clean_id_number(f.id_number) == f.id_number
        assert not f.is_military_spouse or f.relationship == Relationship.SPOUSE
        assert not f.is_martyr_child or f.relationship == Relationship.CHILD
    assert 3 <= sum(f.is_military_spouse for f in family) <= 40
    assert sum(f.is_martyr_child for f in family) >= 2

    # Volunteers: teams of the county and its townships, members, activities over the last two years.
    teams = list(VolunteerTeam.objects.select_related("area"))
    assert 10 <= len(teams) <= 14
    assert {t.area.level for t in teams} == {AreaLevel.COUNTY, AreaLevel.TOWNSHIP}
    assert all(t.area_id.startswith("330727") and t.leader and t.founded_on <= today for t in teams)
    assert 350 <= VolunteerMember.objects.count() <= 450
    activities = list(VolunteerActivity.objects.all())
    assert 380 <= len(activities) <= 460
    years = Counter(a.date.year for a in activities)
    assert years[today.year - 1] > 50
    assert all(start <= a.date <= today and a.participants > 0 for a in activities)

    # A sample passes the models' own validation, as if entered through a form.
    for v in veterans[:: n // 40]:
        v.full_clean()
    for f in family[:: len(family) // 40]:
        f.full_clean()

    # Year on year: last year is a year of work like the year before (the summaries compare them), and so
    # far this year is like the same months of last year.
    last_year = Period.year(today.year - 1)
    for name in ("veterans.volunteer_activities", "veterans.volunteer_participants", "veterans.cards_issued",
                 "veterans.cards_activated", "veterans.total"):
        this, before = compute_with_last_year(name, "330727", last_year)
        assert before and abs(this - before) / before <= 0.4, (name, this, before)
    this, before = compute_with_last_year("veterans.card_activation_rate", "330727", last_year)
    assert abs(this - before) <= 10 and before >= 60, (this, before)
    this, before = compute_with_last_year("veterans.card_completion_rate", "330727", last_year)
    assert 0 <= this - before <= 20 and before >= 50, (this, before)
    if today.timetuple().tm_yday > 90:
        so_far = Period(datetime.date(today.year, 1, 1), today)
        for name in ("veterans.volunteer_activities", "veterans.cards_issued", "veterans.cards_activated"):
            this, before = compute_with_last_year(name, "330727", so_far)
            assert before and abs(this - before) / before <= 0.4, (name, this, before)
    checks = Counter(AnnualCheck.objects.values_list("year", flat=True))
    assert set(checks) <= {today.year - 2, today.year - 1, today.year}
    assert abs(checks[today.year - 1] - checks[today.year - 2]) <= 0.4 * checks[today.year - 2]
