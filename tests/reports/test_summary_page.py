"""The summary page before 生成 (empty parts 二 and 三 pointed out, the signing shown) and the run record's
times and progress as a clerk reads them."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from reports.models import RunStatus, SummaryRun
from tests.reports.dataset import build_dataset

YEAR = datetime.date.today().year - 1
WARNING = 'id="empty-parts"'


@pytest.fixture
def recent(tree):
    return build_dataset(tree, YEAR)


def page(client, area, kind="annual"):
    return client.get(reverse("reports:summary"), {"kind": kind, "year": YEAR, "area": area.code}).content.decode()


def post(client, area, **fields):
    data = {"kind": "annual", "year": YEAR, "area": area.code, "opening": "", "problems": "", "plans": ""} | fields
    return client.post(reverse("reports:summary"), data)


def warning(html):
    match = re.search(r'<div class="alert alert-warning" id="empty-parts"[^>]*>(.*?)</div>\s*\{?', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(0)) if match else ""


def test_empty_parts_are_pointed_out_before_generating(recent, tree, users, client_for):
    """No earlier summary to start from: both parts are empty, and the page says so, in Chinese."""
    html = page(client_for(users["staff"]), tree["county"])
    text = warning(html)
    assert f"以下部分尚未填写：二、存在问题、三、{YEAR + 1}年工作计划。" in text
    assert "（待填写）" in text and "仍然生成" in text
    half = warning(page(client_for(users["staff"]), tree["county"], kind="half"))
    assert "以下部分尚未填写：二、存在问题、三、下半年工作计划。" in half


def test_no_warning_when_both_parts_have_text(recent, tree, users, client_for):
    SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], problems="人员不足。", plans="补齐人员。")
    assert WARNING not in page(client_for(users["staff"]), tree["county"])
    SummaryRun.objects.filter(area=tree["county"]).update(plans="  \n ")  # blank lines are no text
    assert "以下部分尚未填写：三、" in warning(page(client_for(users["staff"]), tree["county"]))


def test_generating_with_an_empty_part_asks_first(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, tree["county"], problems="服务站人员不足。")
    assert response.status_code == 200 and callbacks == []
    assert not SummaryRun.objects.exists()
    html = response.content.decode()
    assert f"以下部分尚未填写：三、{YEAR + 1}年工作计划。" in warning(html)
    assert "存在未填写的部分，请填写后再生成，或勾选“仍然生成”。" in html
    assert "服务站人员不足。" in html  # what was typed stays

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, tree["county"], problems="服务站人员不足。", allow_empty="on")
    run = SummaryRun.objects.get()
    assert response["Location"] == run.get_absolute_url() and run.status == RunStatus.DONE
    with run.docx.open("rb") as handle:
        texts = [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]
    assert texts[-5:-2] == [f"三、{YEAR + 1}年工作计划", "（待填写）", ""]  # marked, then the signing

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, tree["county"], problems="服务站人员不足。", plans="补齐人员。")
    assert response.status_code == 302  # nothing empty: no question


def test_the_page_shows_the_signing(recent, tree, users, client_for):
    html = page(client_for(users["staff"]), tree["township1"])
    block = re.search(r'<div id="signature".*?</div>', html, re.S).group(0)
    today = timezone.localdate()
    lines = re.findall(r'<p class="text-end mb-0" style="padding-right: ([0-9.]+)em">([^<]+)</p>', block)
    date_width = 3 + len(f"{today.year}{today.month}{today.day}") / 2  # 年月日, half-width digits
    assert lines == [("2", "第1镇退役军人服务站"),
                     (f"{2 + 9.5 - date_width - 2:g}", f"{today.year}年{today.month}月{today.day}日")]


def test_the_run_record_in_local_time_and_percent(tree, users, client_for, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    finished = datetime.datetime(2026, 1, 2, 6, 5, tzinfo=datetime.UTC)  # 14:05 in Beijing
    run = SummaryRun.objects.create(kind="annual", year=2025, area=tree["county"], status=RunStatus.DONE, progress=100,
                                    finished_at=finished, requested_by=users["staff"])
    client = client_for(users["staff"])
    detail = client.get(run.get_absolute_url()).content.decode()
    fields = dict(re.findall(r'<dt class="col-sm-3">([^<]+)</dt>\s*<dd class="col-sm-9"[^>]*>([^<]*)', detail))
    assert fields["完成时间"].strip() == "2026年1月2日 14:05"
    assert fields["进度"].strip() == "100%"
    assert "06:05" not in detail and "+00:00" not in detail
    listing = client.get(reverse("reports:summaryrun_list")).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*云溪县2025年年度工作总结.*?</tr>", listing, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert "2026年1月2日 14:05" in cells and "100%" in cells
    assert "100" not in [cell for cell in cells]  # the bare number is gone


def test_the_form_page_names_the_last_run_in_local_time(recent, tree, users, client_for, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], status=RunStatus.DONE, progress=100,
                              finished_at=datetime.datetime(2026, 12, 2, 6, 5, tzinfo=datetime.UTC), problems="问题。",
                              plans="打算。")
    assert "上次生成：已完成（2026年12月2日 14:05）" in page(client_for(users["staff"]), tree["county"])
