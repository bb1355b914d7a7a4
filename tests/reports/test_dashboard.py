"""The leadership dashboard on a leader's home page (reports.dashboard.home_panel)."""

import datetime
import json
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import dataversion
from core.models import Area
from reports import dashboard
from tests.factories import VeteranFactory, area_tree

TODAY = datetime.date(2025, 6, 30)  # the figures of the first half of 2025 against the first half of 2024
# Measured on the home page of the county leader.  Computed: one per tile (this year and last in one query; 10
# tiles from veterans, stations, placement, petitions and 双拥), one per trend (every month in one query; 2), one
# per breakdown (every child area in one query; 2) and 1 for the child areas, 2 for the area's full name, and 8 for
# the page itself (session, user, areas, session save).  From the cache: the 8 alone.  An app adding a tile adds one.
# A county's (or city's, or province's) dashboard is rolled up (reports.dashboard, "Roll-ups"): read from its
# cells, 1 for the cells, 1 for changes the job has not renewed in time, 1 for the child areas, 2 for the full
# name and the page's 7 (session, user, 2 for the areas, the session's save in a savepoint); on first use
# computed and stored (the cells read, the figures, their delete and insert inside a savepoint and its release).
TILES = 10
FIGURE_QUERIES = TILES + 2 + 2 + 1
UNCACHED_QUERIES = FIGURE_QUERIES + 2 + 8
CACHED_QUERIES = 8
ROLLED_UP_QUERIES = 1 + 1 + 1 + 2 + 7
FIRST_USE_QUERIES = 1 + FIGURE_QUERIES + 4 + 2 + 8


class FrozenDate:
    """Stands in for datetime.date in reports.dashboard: real dates, and today is TODAY."""

    def __new__(cls, *args):
        return datetime.date(*args)

    @staticmethod
    def today():
        return TODAY


@pytest.fixture(autouse=True)
def frozen_dashboard(monkeypatch):
    monkeypatch.setattr(dashboard, "datetime", SimpleNamespace(date=FrozenDate))
    cache.clear()
    yield
    cache.clear()


def panel(response):
    """The dashboard's data, as the page hands it to ECharts."""
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    assert match, "no dashboard on the page"
    return json.loads(match.group(1))


def tiles(data):
    return {tile["label"]: (tile["value"], tile["change"]) for tile in data["tiles"]}


def home(client, **params):
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return response


def test_leader_sees_tiles_trends_and_townships(data, users, client_for):
    response = home(client_for(users["leader"]))
    data = panel(response)
    assert data["area"] == {"code": "330727", "name": "测试省测试市云溪县"}
    assert data["year"] == 2025
    assert tiles(data) == {
        "退役军人": ("6名", "较去年增加2名"),
        "新增登记退役军人": ("2名", "较去年减少2名"),
        "发放优待证": ("2张", "与去年持平"),
        "优待证发放完成率": ("66.67%", "较去年增长16.67个百分点"),
        "优待证激活率": ("50.00%", "与去年持平"),
        "开展志愿服务活动": ("1场", "去年同期无数据"),
        "信访化解率": ("—", "去年同期无数据"),  # no petition received: no rate
        "超期未办信访": ("0件", "去年同期无数据"),
        "返乡报到自主就业退役士兵": ("0人", "去年同期无数据"),
        "走访慰问对象": ("0人次", "去年同期无数据"),
    }
    assert len(data["tiles"]) == TILES
    assert data["months"] == ["1月", "2月", "3月", "4月", "5月", "6月"]
    assert data["trends"] == [{"name": "新增登记退役军人", "data": [0, 2, 0, 0, 0, 0]},
                              {"name": "发放优待证", "data": [0, 0, 1, 0, 1, 0]}]
    assert data["children"] == [{"code": "330727001", "name": "第1镇"}, {"code": "330727002", "name": "第2镇"}]
    assert data["breakdown"] == [{"name": "退役军人", "data": [5.0, 1.0]}, {"name": "累计发放优待证", "data": [4.0, 0.0]}]
    page = response.content.decode()
    assert "云溪县 · 2025年以来" in page
    assert "66.67%" in page and "较去年增长16.67个百分点" in page
    assert "返回上级" not in page  # at their own area there is nothing above to go back to
    assert "echarts.min.js" in page


def test_drill_down_to_a_township(data, users, client_for):
    response = home(client_for(users["leader"]), area="330727001")
    data = panel(response)
    assert data["area"]["code"] == "330727001"
    assert tiles(data)["退役军人"] == ("5名", "较去年增加2名")
    assert data["children"] == [{"code": "330727001001", "name": "1镇1村"}, {"code": "330727001002", "name": "1镇2村"}]
    assert data["breakdown"][0] == {"name": "退役军人", "data": [3.0, 2.0]}
    assert 'href="?area=330727"' in response.content.decode()  # 返回上级
    assert tiles(panel(home(client_for(users["leader"]), area="330727002")))["退役军人"] == ("1名", "与去年持平")


def test_area_outside_falls_back_to_own_area(data, users, client_for):
    neighbour = area_tree(county_code="330728", county_name="邻溪县")
    for number in range(3):
        VeteranFactory(area=neighbour["township1"], name=f"邻县人{number}", registered_on=datetime.date(2025, 1, 5))
    leader = client_for(users["leader"])
    for code in ("330728", "330728001", "33", "nonsense", ""):
        data = panel(home(leader, area=code))
        assert data["area"]["code"] == "330727", code
        assert tiles(data)["退役军人"] == ("6名", "较去年增加2名"), code
    township_leader = client_for(users["other_leader"])  # at township 2
    for code in ("330727", "330727001", "330728"):
        data = panel(home(township_leader, area=code))
        assert data["area"]["code"] == "330727002", code
        assert tiles(data)["退役军人"] == ("1名", "与去年持平"), code


def test_only_leaders_get_the_dashboard(data, users, client_for):
    for role in ("staff", "clerk", "auditor", "admin"):
        assert 'id="dashboard-data"' not in home(client_for(users[role])).content.decode(), role


def test_query_counts_uncached_and_cached(data, users, client_for, django_assert_max_num_queries):
    leader = client_for(users["leader"])
    with django_assert_max_num_queries(FIRST_USE_QUERIES):  # the county: rolled up on first use
        home(leader)
    cache.clear()
    with CaptureQueriesContext(connection) as rolled_up:  # then read from its cells, the Django cache empty
        home(leader)
    assert len(rolled_up) == ROLLED_UP_QUERIES, "\n".join(q["sql"][:120] for q in rolled_up)
    with django_assert_max_num_queries(UNCACHED_QUERIES):  # a township is computed on its own
        home(leader, area="330727001")
    with CaptureQueriesContext(connection) as cached:
        home(leader, area="330727001")
    assert len(cached) <= CACHED_QUERIES


def test_compute_dashboard_asks_one_query_per_figure(data, tree):
    """However many months and child areas: the count stays with the figures, not with the calendar or the map."""
    area_tree(county_code="330728", county_name="邻溪县")  # a second county: the city has two children
    for code, today in (("330727", TODAY), ("330727", datetime.date(2025, 12, 31)), ("330727", datetime.date(2025, 1, 1)),
                        ("330727001", TODAY), ("3307", TODAY), ("33", datetime.date(2025, 11, 30))):
        area = Area.objects.select_related("parent__parent").get(code=code)
        area.full_name  # noqa: B018 - the name's queries are not the figures'
        with CaptureQueriesContext(connection) as captured:
            data = dashboard.compute_dashboard(area, today)
        assert len(captured) == FIGURE_QUERIES, (code, today, [q["sql"] for q in captured])
        assert len(data["months"]) == today.month
        assert data["children"] == [{"code": c.code, "name": c.name} for c in Area.objects.filter(parent=area).order_by("code")]


def test_grouped_figures_equal_one_compute_each(data, tree):
    """The trends and the breakdown are what one compute() per month and per child area gives."""
    from core import indicators
    from core.indicators import Period

    for code in ("330727", "330727001", "3307"):
        area = Area.objects.get(code=code)
        for today in (TODAY, datetime.date(2025, 12, 31)):
            result = dashboard.compute_dashboard(area, today)
            months = dashboard.month_periods(today.year, today.month)
            assert result["trends"] == [{"name": indicators.get(name).label,
                                         "data": [indicators.compute(name, code, p) or 0 for p in months]}
                                        for name in indicators.dashboard_trends()]
            period = Period(datetime.date(today.year, 1, 1), today)
            children = Area.objects.filter(parent=area).order_by("code")
            assert result["breakdown"] == [{"name": indicators.get(name).label,
                                            "data": [float(indicators.compute(name, c.code, period) or 0) for c in children]}
                                           for name in indicators.dashboard_breakdowns()]


def test_saving_a_veteran_refreshes_the_figures(data, users, client_for):
    """A township's dashboard at once (cached under the data version); the county's at the roll-ups' next run."""
    leader = client_for(users["leader"])
    township = data["veterans"][0].area.parent.code

    def total(**params):
        return tiles(panel(home(leader, **params)))["退役军人"]

    assert total() == ("6名", "较去年增加2名")
    assert total(area=township) == ("5名", "较去年增加2名")
    assert total(area=township) == ("5名", "较去年增加2名")  # from the cache
    newcomer = VeteranFactory(area=data["veterans"][0].area, name="新来人", registered_on=datetime.date(2025, 5, 1))
    assert total(area=township) == ("6名", "较去年增加3名")
    assert total() == ("6名", "较去年增加2名")  # the county's roll-up is renewed by its job
    dashboard.rollup_refresh(today=TODAY)
    assert total() == ("7名", "较去年增加3名")
    newcomer.registered_on = datetime.date(2025, 7, 1)  # after the dashboard's day
    newcomer.save()
    assert total(area=township) == ("5名", "较去年增加2名")
    dashboard.rollup_refresh(today=TODAY)
    assert total() == ("6名", "较去年增加2名")
    newcomer.delete()
    cached_version = cache.get(dataversion.VERSION_KEY)
    home(leader, area=township)
    assert cache.get(dataversion.VERSION_KEY) == cached_version  # reading changes nothing


def test_version_survives_eviction(data, users, client_for):
    """With the version key gone, the next change must not bring an older cached dashboard back."""
    leader = client_for(users["leader"])
    township = data["veterans"][0].area.parent.code  # a township's dashboard is cached under the version
    cache.clear()  # the version starts afresh with this first dashboard
    assert tiles(panel(home(leader, area=township)))["退役军人"] == ("5名", "较去年增加2名")
    VeteranFactory(area=data["veterans"][0].area, name="新来人", registered_on=datetime.date(2025, 5, 1))
    assert tiles(panel(home(leader, area=township)))["退役军人"] == ("6名", "较去年增加3名")
    cache.delete(dataversion.VERSION_KEY)  # evicted
    VeteranFactory(area=data["veterans"][0].area, name="又来人", registered_on=datetime.date(2025, 5, 2))
    assert tiles(panel(home(leader, area=township)))["退役军人"] == ("7名", "较去年增加4名")


def test_no_personal_data_on_the_dashboard(data, users, client_for):
    leader = client_for(users["leader"])
    pages = [home(leader).content.decode(), home(leader, area="330727001").content.decode(),
             home(leader, area="330727001001").content.decode()]
    for vet in data["veterans"]:
        for page in pages:
            assert vet.name not in page
            assert vet.id_number not in page
            assert vet.phone not in page


def test_a_ledger_import_invalidates_the_dashboard(users, tree, django_capture_on_commit_callbacks):
    """Imports write with bulk_create (no post_save): the ledger's records_changed signal bumps the version."""
    import io

    from django.core.cache import cache
    from openpyxl import Workbook

    from core.dataversion import VERSION_KEY
    from core.dataversion import data_version as _version
    from stations.ledgers import station_ledger

    workbook = Workbook()
    workbook.active.append(["名称", "所属区划"])
    workbook.active.append(["导入的站", tree["village11"].code])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.size = len(buffer.getvalue())
    before = _version()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = station_ledger.import_file(buffer, user=users["staff"])
    assert outcome.ok and outcome.created == 1
    assert cache.get(VERSION_KEY) != before


def test_an_uncached_dashboard_is_computed_once_for_requests_arriving_together(monkeypatch):
    """Leaders opening the same uncached dashboard at once wait for one computation."""
    import threading
    import time

    calls = []

    def slow_compute(area, today):
        calls.append(area.code)
        time.sleep(0.3)
        return {"area": {"code": area.code}}

    monkeypatch.setattr(dashboard, "compute_dashboard", slow_compute)
    cache.clear()
    area = SimpleNamespace(code="360102001")  # a township: computed, cached (a county's is rolled up)
    results = []
    threads = [threading.Thread(target=lambda: results.append(dashboard.dashboard_data(area, datetime.date(2026, 6, 30))))
               for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["360102001"]
    assert results == [{"area": {"code": "360102001"}}] * 4


def test_a_failed_computation_does_not_hold_the_others(monkeypatch):
    failing = {"left": 1}

    def flaky_compute(area, today):
        if failing["left"]:
            failing["left"] -= 1
            raise RuntimeError("database went away")
        return {"area": {"code": area.code}}

    monkeypatch.setattr(dashboard, "compute_dashboard", flaky_compute)
    cache.clear()
    area = SimpleNamespace(code="360102001")
    with pytest.raises(RuntimeError):
        dashboard.dashboard_data(area, datetime.date(2026, 6, 30))
    started = datetime.datetime.now()
    assert dashboard.dashboard_data(area, datetime.date(2026, 6, 30)) == {"area": {"code": "360102001"}}
    assert (datetime.datetime.now() - started).total_seconds() < 1  # the lock was released, nobody waits for it


def test_the_current_month_is_named_so_far_not_drawn_as_a_fall(data, tree):
    """On 15 June, June's figure covers half a month: it is 6月（本月至今）, drawn apart from the line.
    On the month's last day it is a whole month again."""
    area = tree["county"]
    mid = dashboard.compute_dashboard(area, datetime.date(2025, 6, 15))
    assert mid["months"] == ["1月", "2月", "3月", "4月", "5月", "6月（本月至今）"] and mid["partial_last"] is True
    end = dashboard.compute_dashboard(area, datetime.date(2025, 6, 30))
    assert end["months"][-1] == "6月" and end["partial_last"] is False
    first = dashboard.compute_dashboard(area, datetime.date(2025, 1, 1))
    assert first["months"] == ["1月（本月至今）"] and first["partial_last"] is True

