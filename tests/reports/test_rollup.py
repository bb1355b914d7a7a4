"""The dashboards' roll-ups (reports.dashboard, "Roll-ups"): a change reaches the tile at the job's next run,
the job runs every ten minutes at most, the page reads its cells in a few queries whatever the data, a county
leader's figures are their county's, and every figure is the one computed directly."""

import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from core import services
from core.demo import COUNTY
from core.models import Area
from core.signals import records_changed
from reports import checks, dashboard, tasks
from reports.models import FigureRollup, RollupMark
from support_army.models import Visit, VisitRecipient
from tests.factories import VeteranFactory, area_tree
from tests.reports.test_dashboard import ROLLED_UP_QUERIES, TODAY, FrozenDate, home, panel, tiles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_dashboard(monkeypatch):
    monkeypatch.setattr(dashboard, "datetime", SimpleNamespace(date=FrozenDate))
    cache.clear()
    yield
    cache.clear()


def without_time(data):
    return {key: value for key, value in data.items() if key != "computed_at"}


def assert_rolled_up_equals_direct(codes, days):
    for code in codes:
        area = Area.objects.get(code=code)
        for day in days:
            direct = dashboard.compute_dashboard(area, day)
            dashboard.rollup_compute(area, day)
            rolled = dashboard.rolled_up_dashboard(area, day)
            assert without_time(rolled) == without_time(direct), (code, day)


def test_every_figure_rolled_up_is_the_one_computed_directly(data, tree):
    area_tree(county_code="330728", county_name="邻溪县")
    VeteranFactory(area=Area.objects.get(code="330728001001"), name="邻县人", registered_on=datetime.date(2025, 1, 31))
    # 31 January: the year so far is January itself (the tile's cell and the trend's month are one cell)
    days = (TODAY, datetime.date(2025, 12, 31), datetime.date(2025, 1, 31), datetime.date(2025, 1, 1),
            datetime.date(2024, 2, 29))
    assert_rolled_up_equals_direct(("330727", "3307", "33"), days)


def test_the_demo_county_equals_its_direct_figures():
    call_command("load_demo", force=True, stdout=StringIO())
    assert_rolled_up_equals_direct((COUNTY[0], COUNTY[0][:4], COUNTY[0][:2]),
                                   (datetime.date(2025, 6, 30), datetime.date(2025, 12, 31)))
    assert tiles(dashboard.compute_dashboard(Area.objects.get(code=COUNTY[0]), datetime.date(2025, 12, 31)))["退役军人"][0] != "0名"


def test_a_small_province_equals_its_direct_figures():
    call_command("generate_scale", veterans=2000, today=datetime.date(2026, 1, 15), jobs=0,
                 stdout=SimpleNamespace(write=lambda *a: None))
    province = Area.objects.get(code="36")
    city = Area.objects.filter(parent=province).order_by("code").first()
    assert_rolled_up_equals_direct(("36", city.code), (datetime.date(2026, 1, 15), datetime.date(2025, 12, 31)))
    direct = dashboard.compute_dashboard(province, datetime.date(2026, 1, 15))
    assert tiles(direct)["退役军人"][0] != "0名"  # the figures compared are not all empty


def test_a_new_veteran_reaches_the_tile_at_the_next_run(data, users, client_for):
    leader = client_for(users["leader"])
    first = panel(home(leader))
    assert tiles(first)["新增登记退役军人"] == ("2名", "较去年减少2名")
    VeteranFactory(area=data["veterans"][0].area, name="新来人", registered_on=datetime.date(2025, 5, 1))
    assert RollupMark.objects.filter(code=data["veterans"][0].area_id).exists()
    assert tiles(panel(home(leader)))["新增登记退役军人"] == ("2名", "较去年减少2名")  # until the job runs
    renewed = dashboard.rollup_refresh(today=TODAY)
    assert renewed == ["33", "3307", "330727"]  # its county, city and province; nothing else
    after = panel(home(leader))
    assert tiles(after)["新增登记退役军人"] == ("3名", "较去年减少1名")
    assert after["trends"][0]["data"][4] == 1  # May
    assert not RollupMark.objects.exists()
    assert dashboard.rollup_refresh(today=TODAY) == []  # nothing changed since: nothing recomputed


def test_a_visit_of_another_app_reaches_its_tile(data, users, client_for):
    """A 双拥 visit's recipient (its area through the visit) marks the visit's county."""
    leader = client_for(users["leader"])
    assert tiles(panel(home(leader)))["走访慰问对象"] == ("0人次", "去年同期无数据")
    visit = Visit.objects.create(area=data["veterans"][0].area, date=datetime.date(2025, 2, 1), occasion="spring",
                                 leader_name="王建国", leader_post="局长")
    RollupMark.objects.all().delete()
    services.record_create(model=VisitRecipient, data={"visit": visit, "kind": "veteran", "veteran": data["veterans"][0]},
                           user=users["staff"])
    assert list(RollupMark.objects.values_list("code", flat=True)) == [data["veterans"][0].area_id]
    dashboard.rollup_refresh(today=TODAY)
    assert tiles(panel(home(leader)))["走访慰问对象"] == ("1人次", "去年同期无数据")


def test_the_page_says_when_its_figures_were_computed(data, users, client_for):
    dashboard.rollup_refresh(today=TODAY)
    computed = FigureRollup.objects.filter(dashboard="330727").first().computed_at
    page = home(client_for(users["leader"])).content.decode()
    assert f"数据更新于 {computed.astimezone(datetime.timezone(datetime.timedelta(hours=8))):%H:%M}" in page


def test_a_bulk_write_and_a_new_day_renew_every_dashboard(data, tree):
    area_tree(county_code="330728", county_name="邻溪县")
    everyone = ["33", "3307", "330727", "330728"]
    assert dashboard.rollup_refresh(today=TODAY) == everyone  # first run: none had cells for the day
    assert dashboard.rollup_refresh(today=TODAY) == []
    records_changed.send(sender=None)
    assert dashboard.rollup_refresh(today=TODAY) == everyone
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert dashboard.rollup_refresh(today=tomorrow) == everyone
    assert set(FigureRollup.objects.values_list("day", flat=True)) == {tomorrow}


def test_a_change_committed_while_the_job_runs_waits_for_the_next_run(data, tree, monkeypatch):
    """The job deletes the marks it read, not the ones written after: none is lost between two runs."""
    real = dashboard.dashboard_figures
    written = []

    def figures_and_a_change(area, today, children):
        if not written:
            written.append(RollupMark.objects.create(code="330727002001"))
        return real(area, today, children)

    dashboard.rollup_refresh(today=TODAY)
    VeteranFactory(area=tree["village11"], name="新来人", registered_on=datetime.date(2025, 5, 1))
    monkeypatch.setattr(dashboard, "dashboard_figures", figures_and_a_change)
    dashboard.rollup_refresh(today=TODAY)
    assert list(RollupMark.objects.values_list("code", flat=True)) == ["330727002001"]
    monkeypatch.setattr(dashboard, "dashboard_figures", real)
    assert dashboard.rollup_refresh(today=TODAY) == ["33", "3307", "330727"]


def test_a_change_rolled_back_leaves_no_mark(data, tree):
    RollupMark.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        VeteranFactory(area=tree["village11"], name="未保存")
        raise RuntimeError("refused")
    assert not RollupMark.objects.exists()


def test_the_job_runs_at_least_every_ten_minutes():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "reports.tasks.rollup_refresh_task"]
    assert len(entries) == 1 and float(entries[0]["schedule"]) == settings.ROLLUP_INTERVAL_SECONDS <= 600
    assert checks.rollup_errors() == []
    with override_settings(ROLLUP_INTERVAL_SECONDS=900):
        assert [e.id for e in checks.rollup_errors()] == [checks.ROLLUP_INTERVAL_ID]
    with override_settings(CELERY_BEAT_SCHEDULE={}):
        assert [e.id for e in checks.rollup_errors()] == [checks.ROLLUP_INTERVAL_ID]


def test_the_task_renews_the_roll_ups_one_run_at_a_time(data, monkeypatch):
    monkeypatch.setattr(tasks, "rollup_refresh", lambda: dashboard.rollup_refresh(today=TODAY))
    assert tasks.rollup_refresh_task() == ["33", "3307", "330727"]
    cache.add(tasks.ROLLUP_LOCK, 1, 60)  # a run still going
    VeteranFactory(area=data["veterans"][0].area, name="新来人", registered_on=datetime.date(2025, 5, 1))
    assert tasks.rollup_refresh_task() is None
    assert RollupMark.objects.exists()  # its change waits for the next run
    cache.delete(tasks.ROLLUP_LOCK)
    assert tasks.rollup_refresh_task() == ["33", "3307", "330727"]


def test_the_page_reads_a_few_queries_whatever_the_data(data, tree, users, client_for):
    leader = client_for(users["leader"])
    counts = []
    for extra in (0, 40):
        for number in range(extra):
            VeteranFactory(area=tree["village21"], name=f"批量{number}", registered_on=datetime.date(2025, 3, 1))
        dashboard.rollup_refresh(today=TODAY)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            data_page = panel(home(leader))
        assert not any("veterans_veteran" in q["sql"] for q in captured)  # no app's table is read
        counts.append(len(captured))
    assert counts == [ROLLED_UP_QUERIES, ROLLED_UP_QUERIES]
    assert tiles(data_page)["退役军人"] == ("46名", "较去年增加42名")


def test_a_county_leader_sees_their_county_only(data, users, client_for):
    neighbour = area_tree(county_code="330728", county_name="邻溪县")
    for number in range(3):
        VeteranFactory(area=neighbour["village11"], name=f"邻县人{number}", registered_on=datetime.date(2025, 1, 5))
    dashboard.rollup_refresh(today=TODAY)
    leader = client_for(users["leader"])
    for code in ("", "33", "3307", "330728"):  # above or beside their county: their own
        data_page = panel(home(leader, area=code))
        assert data_page["area"]["code"] == "330727"
        assert tiles(data_page)["退役军人"] == ("6名", "较去年增加2名")
    province_leader = client_for(users["leader"].__class__.objects.create(username="sheng", role="leader",
                                                                          area=Area.objects.get(code="33")))
    province = panel(home(province_leader))
    assert tiles(province)["退役军人"] == ("9名", "较去年增加5名")  # both counties
    city = panel(home(province_leader, area="3307"))
    assert city["breakdown"][0] == {"name": "退役军人", "data": [6.0, 3.0]}


def test_first_use_computes_and_stores_the_cells(data, users, client_for):
    assert not FigureRollup.objects.exists()
    home(client_for(users["leader"]))
    assert set(FigureRollup.objects.values_list("dashboard", "day").distinct()) == {("330727", TODAY)}
    response = home(client_for(users["leader"]), area="330727001")  # a township is not rolled up
    assert response.status_code == 200
    assert not FigureRollup.objects.filter(dashboard="330727001").exists()


def test_with_the_job_behind_the_page_computes_its_figures_itself(data, users, client_for):
    """No worker (or a job far behind): a change waiting past the interval and a minute is computed by the page."""
    leader = client_for(users["leader"])
    dashboard.rollup_refresh(today=TODAY)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    FigureRollup.objects.update(computed_at=an_hour_ago)
    VeteranFactory(area=data["veterans"][0].area, name="新来人", registered_on=datetime.date(2025, 5, 1))
    waited = settings.ROLLUP_INTERVAL_SECONDS + dashboard.ROLLUP_GRACE_SECONDS
    RollupMark.objects.update(at=timezone.now() - datetime.timedelta(seconds=waited - 30))
    assert tiles(panel(home(leader)))["新增登记退役军人"] == ("2名", "较去年减少2名")  # the job is still due
    RollupMark.objects.update(at=timezone.now() - datetime.timedelta(seconds=waited + 30))
    assert tiles(panel(home(leader)))["新增登记退役军人"] == ("3名", "较去年减少1名")
    stored = FigureRollup.objects.filter(dashboard="330727").first().computed_at
    assert stored > an_hour_ago
    # the job still not run: its mark is older than the cells the page stored, which are read from now on
    assert tiles(panel(home(leader)))["新增登记退役军人"] == ("3名", "较去年减少1名")
    assert set(FigureRollup.objects.filter(dashboard="330727").values_list("computed_at", flat=True)) == {stored}
