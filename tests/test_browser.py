"""End to end in Debian's Chromium, driven by Playwright against pytest-django's live server.

CI installs the `chromium` package; a machine without /usr/bin/chromium fails
these tests (they are never skipped).  Playwright's own browser download is
not used.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from core.roles import Role
from tests.browser import log_in
from tests.factories import PASSWORD, UserFactory, area_tree

SCREENSHOT = Path("/tmp/browser-servicestation-list.png")

pytestmark = pytest.mark.browser


def test_clerk_adds_a_station_and_finds_it(transactional_db, live_server, page):
    tree = area_tree()
    UserFactory(username="clerk1", full_name="张文书", role=Role.CLERK, area=tree["township1"])
    village = tree["village12"]
    name = "第1镇2村退役军人服务站"

    # Log in.
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", "clerk1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{reverse('home')}")
    assert "您好，张文书" in page.locator("main h1").inner_text()

    # From the home page to the stations list.
    list_url = reverse("stations:servicestation_list")
    page.locator(f'main a[href="{list_url}"]').first.click()
    page.wait_for_url(f"{live_server.url}{list_url}")

    # Add a station.
    page.get_by_role("link", name="新增服务站").click()
    page.wait_for_url(f"{live_server.url}{reverse('stations:servicestation_add')}")
    page.fill("#id_name", name)
    assert page.input_value("#id_area") == str(tree["township1"].pk)  # the clerk's own township by default
    page.select_option("#id_area", value=str(village.pk))
    page.fill("#id_head", "李卫国")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_staff_count", "2")
    page.get_by_role("button", name="保存", exact=True).click()

    # The detail page of the new station.
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/stations/servicestation/\d+/$"))
    assert page.locator("main h1").inner_text() == name
    assert village.name in page.locator("#field-area").inner_text()
    assert "139****5678" in page.locator("#field-phone").inner_text()  # masked for a clerk

    # Back to the list, and find it with the search box.
    page.goto(f"{live_server.url}{list_url}")
    page.fill("#filter-form [name=q]", "2村退役")
    page.locator("#filter-form").get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    rows = page.locator("#object-table tbody tr")
    assert rows.count() == 1
    assert name in rows.first.inner_text()
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_edit_saved_unchanged_keeps_every_date(transactional_db, live_server, page):
    """Every registered edit form with a date field, opened and saved as it is: no date is lost
    (a date rendered as 2019/08/01 shows blank in <input type=date>, and saving erased it)."""
    from django import forms as django_forms
    from django.core.exceptions import ValidationError

    from core.registry import registry
    from tests.core.test_dates import DAY
    from tests.walk import make_object

    tree = area_tree()
    users = {"staff": UserFactory(username="staff1", role=Role.STAFF, area=tree["county"]),
             "clerk": UserFactory(username="clerk2", role=Role.CLERK, area=tree["township1"])}
    log_in(page, live_server, "staff1")
    checked = []
    for vs in sorted(registry.all(), key=lambda vs: vs.model._meta.label_lower):
        if vs.form_class is None or not vs.has_action("edit") or Role.STAFF not in vs.write_roles:
            continue
        dates = [n for n, f in vs.form_class.base_fields.items() if isinstance(f, django_forms.DateField)]
        if not dates:
            continue
        obj = make_object(vs, tree, users)
        model = type(obj)
        # Every date filled: the record's own where it has one (they fit its rules), else its latest
        # (an end date may not come before a start), else DAY.
        # A date the record's own rules forbid in its state (帮扶日期 with no hardship ticked) stays empty.
        latest = max((getattr(obj, n) for n in dates if getattr(obj, n)), default=DAY)
        empty = [n for n in dates if not getattr(obj, n)]
        for name in empty:
            setattr(obj, name, latest)
        try:
            obj.clean()
        except ValidationError as exc:
            named = set(getattr(exc, "error_dict", {})) & set(empty)
            for name in named or empty:  # a date that asks for another field (迁入日期 → 迁入设施) names that field
                if not vs.form_class.base_fields[name].required:
                    setattr(obj, name, None)
        model._base_manager.filter(pk=obj.pk).update(**{n: getattr(obj, n) for n in dates})
        obj = model._base_manager.get(pk=obj.pk)
        page.goto(f"{live_server.url}{reverse(vs.url_name('edit'), args=[obj.pk])}")
        for name in dates:
            shown = getattr(obj, name).isoformat() if getattr(obj, name) else ""
            assert page.input_value(f"[name={name}]") == shown, (vs.model._meta.label_lower, name)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}{reverse(vs.url_name('detail'), args=[obj.pk])}", page.locator("main form").inner_text()
        stored = model._base_manager.get(pk=obj.pk)
        for name in dates:
            assert getattr(stored, name) == getattr(obj, name), (vs.model._meta.label_lower, name, getattr(stored, name))
        checked.append(vs.model._meta.label_lower)
    assert "veterans.veteran" in checked and len(checked) >= 8, checked


def test_new_veteran_saves_with_the_default_registration_date(transactional_db, live_server, page):
    """登记日期 defaults to today; the first save of a new veteran failed because the box showed it blank."""
    import datetime

    from veterans.models import Veteran

    tree = area_tree()
    UserFactory(username="clerk3", role=Role.CLERK, area=tree["township1"])
    log_in(page, live_server, "clerk3")
    page.goto(f"{live_server.url}{reverse('veterans:veteran_add')}")
    assert page.input_value("#id_registered_on") == datetime.date.today().isoformat()
    page.fill("#id_name", "王建军")
    page.fill("#id_id_number", "11010519491231002X")  # GB 11643's specimen
    page.select_option("#id_area", value=str(tree["village11"].pk))
    page.select_option("#id_discharge_category", index=1)
    page.fill("#id_enlistment_date", "1968-03-01")
    page.fill("#id_discharge_date", "1972-12-01")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/veterans/veteran/\d+/$"))
    veteran = Veteran.objects.get(id_number="11010519491231002X")
    assert veteran.registered_on == datetime.date.today()
    assert veteran.enlistment_date == datetime.date(1968, 3, 1) and veteran.discharge_date == datetime.date(1972, 12, 1)
    page.goto(f"{live_server.url}{reverse('veterans:veteran_add')}")
    page.fill("#id_name", "李四")
    page.fill("#id_id_number", "110105194912310021")
    page.get_by_role("button", name="保存", exact=True).click()
    assert "校验位错误" in page.locator("main form").inner_text()
    page.screenshot(path="/tmp/browser-veteran-wrong-digit.png", full_page=True)


def test_clerk_chooses_a_veteran_by_typing(transactional_db, live_server, page):
    from tests.factories import VeteranFactory
    from veterans.models import FamilyMember

    tree = area_tree()
    UserFactory(username="clerk4", role=Role.CLERK, area=tree["township1"])
    for n in range(40):
        VeteranFactory(name=f"赵{n:02d}", area=tree["village11"])
    chosen = VeteranFactory(name="王建军", area=tree["village12"])
    log_in(page, live_server, "clerk4")

    page.goto(f"{live_server.url}{reverse('veterans:familymember_add')}")
    assert page.locator("select[name=veteran]").count() == 0
    page.locator("#id_veteran").press_sequentially("王建", delay=50)
    option = page.locator("#id_veteran-options option")
    option.first.wait_for(state="attached")
    text = option.first.get_attribute("value")
    assert text == f"王建军 · {chosen.id_number[:4]}**********{chosen.id_number[-4:]} · 1镇2村"
    page.fill("#id_veteran", text)  # what picking the suggestion does
    assert page.input_value("#id_veteran_value") == str(chosen.pk)
    page.fill("#id_name", "刘芳")
    page.select_option("#id_relationship", value="spouse")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/veterans/familymember/\d+/$"))
    assert FamilyMember.objects.get(name="刘芳").veteran_id == chosen.pk

    # Reopened for editing, the box shows the chosen veteran and saving keeps it.
    member = FamilyMember.objects.get(name="刘芳")
    page.goto(f"{live_server.url}{reverse('veterans:familymember_edit', args=[member.pk])}")
    assert page.input_value("#id_veteran") == text and page.input_value("#id_veteran_value") == str(chosen.pk)
    page.screenshot(path="/tmp/browser-family-veteran-search.png", full_page=True)
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"{live_server.url}{reverse('veterans:familymember_detail', args=[member.pk])}")
    assert FamilyMember.objects.get(pk=member.pk).veteran_id == chosen.pk


def test_leaders_trend_leaves_the_unfinished_month_out_of_the_line(transactional_db, live_server, page):
    """The current month is drawn as a point labelled 至今, not as the line's fall to nearly zero."""
    import datetime

    from tests.factories import VeteranFactory

    tree = area_tree()
    UserFactory(username="leader1", role=Role.LEADER, area=tree["county"])
    today = datetime.date.today()
    for day in (1, 2):
        VeteranFactory(area=tree["village11"], registered_on=today.replace(day=day))
    log_in(page, live_server, "leader1")
    page.wait_for_function("() => window.echarts && echarts.getInstanceByDom(document.getElementById('chart-trend'))")
    option = page.evaluate("""() => {
        const o = echarts.getInstanceByDom(document.getElementById('chart-trend')).getOption();
        return {months: o.xAxis[0].data, series: o.series.map(s => ({type: s.type, name: s.name, data: s.data}))};
    }""")
    assert len(option["months"]) == today.month
    last_day = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    if today == last_day:
        assert option["months"][-1] == f"{today.month}月" and {s["type"] for s in option["series"]} == {"line"}
        return
    assert option["months"][-1] == f"{today.month}月（本月至今）"
    lines = [s for s in option["series"] if s["type"] == "line"]
    points = [s for s in option["series"] if s["type"] == "scatter"]
    assert lines and len(points) == len(lines)
    assert all(s["data"][-1] == "-" for s in lines)
    registered = next(s for s in points if s["name"] == "新增登记退役军人")
    assert registered["data"][-1] == 2 and all(v == "-" for v in registered["data"][:-1])
    page.screenshot(path="/tmp/browser-dashboard.png", full_page=True)
