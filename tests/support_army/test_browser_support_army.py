"""In Chromium: a clerk records a visit and adds several recipients at once; staff take a supporting
shop through 审核 → 实地核查 → 批准 (第一批), after the approval without inspection is refused."""

import re

import pytest
from django.urls import reverse

from core.roles import Role
from support_army.models import SupportShop, Visit
from tests.browser import log_in
from tests.factories import UserFactory, VeteranFactory, area_tree

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/browser-support-army-visit.png"
SHOP_SCREENSHOT = "/tmp/browser-support-army-shop.png"


def test_a_visit_reaches_several_recipients_and_a_shop_is_approved(transactional_db, live_server, page):
    tree = area_tree()
    UserFactory(username="clerk1", full_name="叶志强", role=Role.CLERK, area=tree["township1"])
    UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=tree["county"])
    for name, village in (("张三", "village11"), ("李四", "village11"), ("曾国强", "village12")):
        VeteranFactory(name=name, area=tree[village])

    log_in(page, live_server, "clerk1")
    page.goto(f"{live_server.url}{reverse('support_army:visit_add')}")
    page.fill("#id_date", "2025-01-25")
    page.select_option("#id_occasion", value="spring")
    page.fill("#id_leader_name", "王建国")
    page.fill("#id_leader_post", "镇党委书记")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/support_army/visit/\d+/$"))
    page.get_by_role("link", name="批量添加慰问对象").click()
    page.fill("#id_people", "张三\n李四\n曾国强")
    page.fill("#id_cash", "500")
    page.fill("#id_goods", "大米、食用油")
    page.fill("#id_goods_value", "200")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/support_army/visit/\d+/$"))
    assert "慰问对象 3 人次" in page.locator("main").inner_text().replace("\xa0", " ")
    assert "慰问金 1500.00 元" in page.locator("main").inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert Visit.objects.get().recipients.count() == 3

    shop = SupportShop.objects.create(area=tree["township1"], name="老兵饭店", licence_number="92330727MA12345678",
                                      address="府前路1号", applied_on="2025-04-01", discounts="凭优待证就餐九折")
    page.context.clear_cookies()
    log_in(page, live_server, "staff1")
    page.goto(f"{live_server.url}{shop.get_absolute_url()}")
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="批准（定批次）").click()
    page.fill("#id_batch", "1")
    page.fill("#id_approved_on", "2025-08-05")
    page.get_by_role("button", name="确认").click()
    assert "未经实地核查，不能批准。" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{shop.get_absolute_url()}")
    page.get_by_role("link", name="登记实地核查").click()
    page.fill("#id_inspected_on", "2025-07-10")
    page.fill("#id_inspector", "县双拥办 陈海燕")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(f"{live_server.url}{shop.get_absolute_url()}")
    page.get_by_role("link", name="批准（定批次）").click()
    page.fill("#id_batch", "1")
    page.fill("#id_approved_on", "2025-08-05")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(f"{live_server.url}{shop.get_absolute_url()}")
    assert "已批准" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{reverse('support_army:supportshop_list')}?status=approved")
    rows = page.locator("#object-table tbody tr")
    assert rows.count() == 1 and "凭优待证就餐九折" in rows.first.inner_text() and "第一批" in rows.first.inner_text()
    page.screenshot(path=SHOP_SCREENSHOT, full_page=True)
    shop.refresh_from_db()
    assert (shop.status, shop.batch) == ("approved", 1)
