"""End to end in Debian's Chromium, driven by Playwright against pytest-django's live server.

CI installs the `chromium` package; a machine without /usr/bin/chromium fails
these tests (they are never skipped).  Playwright's own browser download is
not used.
"""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from core.roles import Role
from tests.factories import PASSWORD, UserFactory, area_tree

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOT = Path("/tmp/browser-servicestation-list.png")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium). "
            "The browser tests use it and never download a browser of their own.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in this thread; Django's ORM,
    # used by the test to set up its data, refuses to run inside one unless told it
    # is safe (it is: the loop only waits on the browser).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


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
    list_url = reverse("core:servicestation_list")
    page.locator(f'main a[href="{list_url}"]').first.click()
    page.wait_for_url(f"{live_server.url}{list_url}")

    # Add a station.
    page.get_by_role("link", name="新增服务站").click()
    page.wait_for_url(f"{live_server.url}{reverse('core:servicestation_add')}")
    page.fill("#id_name", name)
    assert page.input_value("#id_area") == str(tree["township1"].pk)  # the clerk's own township by default
    page.select_option("#id_area", value=str(village.pk))
    page.fill("#id_head", "李卫国")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_staff_count", "2")
    page.get_by_role("button", name="保存", exact=True).click()

    # The detail page of the new station.
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/core/servicestation/\d+/$"))
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
