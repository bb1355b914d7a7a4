"""`manage.py load_demo`: the demo county, its stations and users, loaded idempotently."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from core import contrib, demo
from core.models import Area, AreaLevel, User
from core.roles import Role
from stations.models import ServiceStation, StationInspection, StationLevel, StationTraining

pytestmark = pytest.mark.django_db

MODELS = [
    Area,
    ServiceStation,
    StationInspection,
    StationTraining,
    User,
    ServiceStation.history.model,
    StationInspection.history.model,
    StationTraining.history.model,
]


def counts():
    return {model._meta.label: model.objects.count() for model in MODELS}


def load(**kwargs):
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, **kwargs)  # pytest-django runs with DEBUG off
    return out.getvalue()


@pytest.fixture
def loaded(db, monkeypatch):
    """The core demo data and the stations: the veterans' step (3,000 veterans) is tested in its own folder."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return load(apps=["stations"])


def test_areas_and_stations(loaded):
    county = Area.objects.get(code="330727")
    assert county.name == "云溪县" and county.level == AreaLevel.COUNTY
    assert county.full_name == "浙江省金华市云溪县"
    townships = Area.objects.filter(level=AreaLevel.TOWNSHIP, parent=county)
    villages = Area.objects.inside("330727").filter(level=AreaLevel.VILLAGE)
    assert townships.count() >= 10
    assert villages.count() >= 100
    for village in villages:
        assert len(village.code) == 12 and village.code.startswith(village.parent_id)
    for township in townships:
        names = list(township.children.values_list("name", flat=True))
        assert len(names) == len(set(names))
    levels = set(ServiceStation.objects.inside("330727").values_list("level", flat=True))
    assert levels == {StationLevel.COUNTY, StationLevel.TOWNSHIP, StationLevel.VILLAGE}
    assert ServiceStation.objects.filter(level=StationLevel.VILLAGE).count() == villages.count()
    assert ServiceStation.objects.get(level=StationLevel.COUNTY).name == "云溪县退役军人服务中心"
    assert StationInspection.objects.exists() and StationTraining.objects.exists()
    assert "云溪县" in loaded and "村/社区" in loaded


def test_station_work_is_a_year_of_work_every_year(loaded):
    """Inspections, video spot checks and trainings at the same level in each year of the demo window, so the
    summaries' year-on-year comparisons are believable; statuses follow the inspections' age."""
    from core.indicators import Period, compute_with_last_year

    today = timezone.localdate()
    last_year = Period.year(today.year - 1)
    for name in ("stations.inspections", "stations.video_checks", "stations.trainings", "stations.trained",
                 "stations.issues_found"):
        this, before = compute_with_last_year(name, "330727", last_year)
        assert before and abs(this - before) / before <= 0.4, (name, this, before)
    this, before = compute_with_last_year("stations.inspections", "330727", last_year)
    assert 80 <= before <= 200
    assert compute_with_last_year("stations.trainings", "330727", last_year) == (15, 15)
    built, built_before = compute_with_last_year("stations.built", "330727", last_year)
    assert 0 <= built - built_before <= 10 and built_before >= 110
    if today.timetuple().tm_yday > 90:
        so_far = Period(datetime.date(today.year, 1, 1), today)
        this, before = compute_with_last_year("stations.inspections", "330727", so_far)
        assert abs(this - before) / before <= 0.4, (this, before)
    inspections = list(StationInspection.objects.all())
    assert {i.date.year for i in inspections} == set(range(today.year - 2, today.year + 1)) - (
        set() if today.timetuple().tm_yday > 20 else {today.year})
    assert all(i.date <= today for i in inspections)
    old = [i for i in inspections if (today - i.date).days > 120 and i.findings]
    assert sum(i.status == "closed" for i in old) >= 0.9 * len(old)
    assert all(i.status == "closed" for i in inspections if not i.findings)
    assert all(i.status != "closed" for i in inspections if i.findings and (today - i.date).days < 30)
    assert all(s.established_on and s.established_on <= today for s in ServiceStation.objects.all())



    clerk = User.objects.get(username="demo-clerk")
    expected = {
        "demo-admin": (Role.ADMIN, "330727"),
        "demo-auditor": (Role.AUDITOR, "330727"),
        "demo-leader": (Role.LEADER, "330727"),
        "demo-staff": (Role.STAFF, "330727"),
        "demo-clerk": (Role.CLERK, clerk.area_id),
    }
    for username, (role, area) in expected.items():
        user = User.objects.get(username=username)
        assert (user.role, user.area_id) == (role, area)
        assert user.full_name and user.is_active and not user.must_change_password
    assert clerk.area.level == AreaLevel.TOWNSHIP
    village = User.objects.get(username="demo-village")
    assert village.role == Role.CLERK
    assert village.area.level == AreaLevel.VILLAGE
    assert village.area_id.startswith(clerk.area_id)


def test_second_run_changes_no_counts(loaded):
    before = counts()
    load()
    assert counts() == before


def test_demo_user_can_log_in(loaded, client):
    request = RequestFactory().post("/login/")  # django-axes wants the request
    assert client.login(request=request, username="demo-staff", password=demo.DEFAULT_PASSWORD)
    response = client.post("/login/", {"username": "demo-clerk", "password": demo.DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_password_from_environment(loaded, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Other#Pass2026")
    load()
    request = RequestFactory().post("/login/")
    assert not client.login(request=request, username="demo-leader", password=demo.DEFAULT_PASSWORD)
    assert client.login(request=RequestFactory().post("/login/"), username="demo-leader", password="Other#Pass2026")


def test_weak_password_is_refused(db, monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setenv("DEMO_PASSWORD", "demo")
    with pytest.raises(CommandError):
        load()
    assert not User.objects.exists()


def test_steps_run_after_core_data(db, monkeypatch):
    seen = []
    steps = contrib.Steps("demo")
    monkeypatch.setattr(demo, "demo_steps", steps)

    @steps.register
    def record(ctx):
        seen.append((ctx.county.code, len(ctx.townships), len(ctx.villages), sorted(ctx.users), ctx.rng.random(),
                     ctx.start))
        ctx.count("测试记录", 3)

    out = StringIO()
    call_command("load_demo", force=True, stdout=out)
    call_command("load_demo", force=True, stdout=StringIO())
    assert seen[0][0] == "330727" and seen[0][1] >= 10 and seen[0][2] >= 100
    assert "demo-village" in seen[0][3]
    assert seen[0] == seen[1]  # the step's rng is reseeded: same values every run
    assert seen[0][5] == datetime.date(timezone.localdate().year - 2, 1, 1)
    assert "测试记录：3 条" in out.getvalue()


def test_an_unknown_app_is_refused(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="没有这些应用的演示数据：nosuchapp"):
        load(apps=["nosuchapp"])
    assert not Area.objects.exists()


def test_refuses_without_debug_unless_forced(db, settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not Area.objects.exists()


def test_the_readme_names_each_demo_accounts_area(loaded):
    """The README's table of demo accounts says where each one works (it named the wrong village)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for username in ("demo-clerk", "demo-village", "demo-staff"):
        row = next(line for line in readme.splitlines() if line.startswith(f"| {username} |"))
        area_cell = row.split("|")[3].strip()
        user = User.objects.get(username=username)
        assert re.match(re.escape(user.area.name) + r"(\s|$)", area_cell), (username, area_cell, user.area.name)
        if user.area.level == AreaLevel.VILLAGE:
            assert f"in {user.area.parent.name}" in area_cell
