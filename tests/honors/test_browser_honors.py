"""In Chromium: the bureau's staff confirm a martyr, one enters a correction from the martyr's page, a
colleague approves it, and the martyr is found by pinyin with the corrected unit."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from core import services
from core.roles import Role
from honors.models import Martyr, MartyrCorrection
from tests.browser import log_in
from tests.factories import UserFactory, area_tree

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp")


def switch_to(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)


def take_action(page, name, state):
    """Press a workflow button on the record's page; the page comes back in `state`."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    assert page.locator("h2", has_text="办理状态").inner_text() == f"办理状态：{state}"


def test_staff_confirm_a_martyr_correct_it_with_a_colleague_and_find_it_by_pinyin(transactional_db, live_server, page):
    tree = area_tree()
    staff1 = UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=tree["county"])
    UserFactory(username="staff2", full_name="刘卫东", role=Role.STAFF, area=tree["county"])
    martyr = services.record_create(model=Martyr, user=staff1, data={
        "name": "曾国强", "sex": "M", "birth_year": 1920, "area": tree["village11"], "birthplace": "云溪县城关镇",
        "unit": "新四军某部", "death_date": datetime.date(1945, 3, 1)})
    detail_url = f"{live_server.url}{martyr.get_absolute_url()}"

    # Staff verify and confirm the record from its page.
    log_in(page, live_server, "staff1")
    page.goto(detail_url)
    take_action(page, "核实", "已核实")
    take_action(page, "确认", "已确认")
    assert page.url == detail_url

    # A confirmed record changes only through a correction with its source document.
    page.goto(f"{live_server.url}{reverse('honors:martyrcorrection_add')}?martyr={martyr.pk}")
    page.select_option("#id_field", value="unit")
    page.fill("#id_new_value", "八路军某部")
    page.fill("#id_source_document", "县档案馆1945年烈士登记表")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/honors/martyrcorrection/\d+/$"))
    correction_url = page.url
    with page.expect_navigation():  # one's own correction is refused, and says why
        page.get_by_role("button", name="批准勘误", exact=True).click()
    assert "不能审核本人登记的勘误" in page.locator("body").inner_text()
    assert page.locator("h2", has_text="办理状态").inner_text() == "办理状态：待审核"
    assert Martyr.objects.get(pk=martyr.pk).unit == "新四军某部"

    # A colleague approves it; the martyr's record now reads the new unit, the old value kept.
    switch_to(page, live_server, "staff2")
    page.goto(correction_url)
    take_action(page, "批准勘误", "已批准")
    correction = MartyrCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.status) == ("新四军某部", "八路军某部", "approved")
    page.goto(detail_url)
    body = page.locator("main").inner_text()
    assert "八路军某部" in body and "新四军某部" in body  # the record, and the correction's old value in its block

    # Found by the initials of the name's pinyin.
    page.goto(f"{live_server.url}{reverse('honors:martyr_list')}")
    page.fill("input[name=q]", "zgq")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=zgq"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 1 and "曾国强" in rows.first.inner_text() and "八路军某部" in rows.first.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "browser-honors-martyrs.png"), full_page=True)
