"""In Chromium: a township clerk registers a collective visit, the bureau's staff accept, answer and close
it, and the leader's dashboard shows the resolution rate change once the roll-ups are renewed."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from core.roles import Role
from reports.dashboard import rollup_refresh
from tests.browser import log_in
from tests.factories import UserFactory, area_tree

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp")


def tile(page, label):
    """The value under a dashboard tile's label."""
    box = page.locator("div", has=page.locator("div.small.text-muted", has_text=re.compile(f"^{label}$"))).last
    return box.locator("div.fs-4").inner_text()


def switch_to(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)


def test_clerk_registers_a_collective_visit_and_staff_close_it(transactional_db, live_server, page):
    tree = area_tree()
    UserFactory(username="clerk1", full_name="叶志强", role=Role.CLERK, area=tree["township1"])
    UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=tree["county"])
    UserFactory(username="leader1", full_name="王建国", role=Role.LEADER, area=tree["county"])
    today = datetime.date.today().isoformat()

    # The leader's dashboard before: no petition, no rate.
    log_in(page, live_server, "leader1")
    assert tile(page, "信访化解率") == "—"

    # The clerk registers eight veterans who came together.
    switch_to(page, live_server, "clerk1")
    page.goto(f"{live_server.url}{reverse('petitions:petition_list')}")
    page.get_by_role("link", name="新增信访事项").click()
    page.wait_for_url(f"{live_server.url}{reverse('petitions:petition_add')}")
    page.fill("#id_received_on", today)
    page.select_option("#id_channel", label="来访")
    page.select_option("#id_area", value=tree["village11"].pk)
    page.fill("#id_people", "8")
    page.select_option("#id_category", label="安置")
    page.fill("#id_matter", "八名退役士兵要求落实安置待遇。")
    page.fill("#id_petitioner_name", "周大勇")
    page.fill("#id_petitioner_phone", "13905790002")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/petitions/petition/\d+/$"))
    detail_url = page.url
    body = page.locator("main").inner_text()
    assert "集体访" in body and "周**" in body and "周大勇" not in body and "已登记" in body
    page.goto(f"{live_server.url}{reverse('petitions:petition_list')}")
    assert page.locator("td", has_text="剩15天").count() == 1  # 15 days to decide whether to accept

    # The bureau's staff accept, answer and close it.
    switch_to(page, live_server, "staff1")
    page.goto(detail_url)
    for action, fields in (("受理", {}), ("答复", {"#id_answer": "已协调安置就业科落实安置待遇，书面答复信访人。"}),
                           ("办结", {"#id_outcome": "resolved"})):
        page.get_by_role("link", name=action, exact=True).click()
        for selector, value in fields.items():
            if selector == "#id_outcome":
                page.select_option(selector, value=value)
            else:
                page.fill(selector, value)
        page.get_by_role("button", name="确认").click()
        page.wait_for_url(detail_url)
        assert f"已完成：{action}" in page.locator("body").inner_text()
    body = page.locator("main").inner_text()
    assert "已办结" in body and "已登记 → 已受理" in body and "已答复 → 已办结" in body and "陈海燕" in body
    page.screenshot(path=str(SCREENSHOTS / "browser-petition-detail.png"), full_page=True)

    # The leader's dashboard after the roll-ups' next run (reports.dashboard, beat): resolved over received.
    assert rollup_refresh() == [tree["province"].code, tree["city"].code, tree["county"].code]
    switch_to(page, live_server, "leader1")
    assert tile(page, "信访化解率") == "100%"
    assert tile(page, "超期未办信访") == "0件"
    page.screenshot(path=str(SCREENSHOTS / "browser-petition-dashboard.png"), full_page=True)
