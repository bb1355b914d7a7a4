"""One sunshine-placement batch in Chromium, from the scores to the final list: the soldiers confirm their
scores, the notice runs, the ranking and posts are published, two candidates choose in rank order at the
meeting, the 选岗确认表 prints and the final list downloads."""

import datetime
from pathlib import Path

import pytest

from core.roles import Role
from placement.models import PlacementCase, SunshineBatch, case_workflow
from tests.browser import log_in
from tests.factories import UserFactory, area_tree
from tests.placement.helpers import batch, candidate, item, post, service_item, soldier

SCREENSHOT = Path("/tmp/browser-placement-meeting.png")

pytestmark = pytest.mark.browser


def test_a_sunshine_batch_from_scores_to_the_final_list(transactional_db, live_server, page):
    tree = area_tree()
    staff = UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=tree["county"])
    b = batch(tree, staff)
    wang = candidate(b, soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="三等功1次", name="王军"),
                     staff)
    li = candidate(b, soldier(tree, datetime.date(2008, 6, 1), datetime.date(2020, 12, 1), name="李兵"), staff)
    for case in (wang, li):
        service_item(case, staff)
        case_workflow.apply(case, "review", user=staff)
    item(wang, staff, "merit3", 1)
    archive = post(b, staff, unit="县档案馆", name="档案管理", count=1)
    roads = post(b, staff, unit="县交通运输局", name="路政员", count=2)
    log_in(page, live_server, "staff1")

    # each soldier confirms the score, dated and signed
    for case, score in ((wang, "48.00"), (li, "40.00")):
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        assert page.locator("#case-score").inner_text() == score
        page.get_by_role("link", name="本人确认积分").click()
        page.check("#id_signed")
        page.get_by_role("button", name="确认").click()
        page.wait_for_url(f"{live_server.url}{case.get_absolute_url()}")
        assert "已签字确认" in page.content()

    batch_url = f"{live_server.url}{b.get_absolute_url()}"
    page.goto(batch_url)
    page.get_by_role("button", name="开始公示积分").click()
    assert "已完成：开始公示积分" in page.content()
    # publishing before the notice has closed is refused, in Chinese
    page.get_by_role("button", name="公布名单、排名和岗位").click()
    assert "公示结束后才能公布名单和排名" in page.content()
    SunshineBatch.objects.filter(pk=b.pk).update(notice_start=datetime.date.today() - datetime.timedelta(days=14))
    page.goto(batch_url)
    page.get_by_role("button", name="公布名单、排名和岗位").click()
    page.get_by_role("button", name="开始选岗会").click()
    assert "第1名 王军" in page.locator("#now-choosing").inner_text()

    # the meeting: 王 (rank 1) takes 县档案馆's one place, then 李
    for chosen in (archive, roads):
        page.get_by_role("link", name="登记选岗").click()
        page.locator("#id_post").select_option(value=str(chosen.pk))
        page.get_by_role("button", name="确认").click()
        page.wait_for_url(batch_url)
    assert "全部对象已完成选岗" in page.locator("#now-choosing").inner_text()
    assert "0/1" in page.locator("#posts").inner_text()
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.get_by_role("button", name="结束选岗").click()
    assert "已完成：结束选岗" in page.content()

    # the 选岗确认表 and the final list
    with page.expect_popup() as popup:
        page.locator("#ranking").get_by_role("link", name="选岗确认表").first.click()
    printed = popup.value
    printed.wait_for_load_state()
    assert "选岗确认表" in printed.content() and "县档案馆" in printed.locator("#confirmation").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出选岗结果名单").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert list(PlacementCase.objects.filter(batch=b).order_by("rank").values_list("veteran__name", "post__unit")) == [
        ("王军", "县档案馆"), ("李兵", "县交通运输局")]
