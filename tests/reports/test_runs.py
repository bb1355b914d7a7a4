"""Summary runs: 报表 → 工作总结, the Celery task behind 生成, the command and the beat drafts."""

import datetime
import io
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from reports.models import RunStatus, SummaryRun
from reports.tasks import generate_summary_task, scheduled_summaries_task
from tests.factories import area_tree
from tests.reports.dataset import build_dataset

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused
YEAR = datetime.date.today().year - 1  # the last whole year: always among the page's choices


@pytest.fixture
def recent(tree):
    """The dataset of tests.reports.dataset for last year (the page offers the last eight years)."""
    return build_dataset(tree, YEAR)


def post_summary(client, area, kind="annual", year=YEAR, **text):
    """生成, with the empty parts 二 and 三 confirmed (tests.reports.test_summary_page: the warning before it)."""
    data = {"kind": kind, "year": year, "area": area.code, "opening": "", "problems": "", "plans": "", "allow_empty": "on"}
    data.update(text)
    return client.post(reverse("reports:summary"), data)


def docx_texts(field):
    with field.open("rb") as handle:
        return [p.text for p in Document(io.BytesIO(handle.read())).paragraphs]


def annex(field):
    with field.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    return {row[1]: list(row[2:]) for row in sheet.iter_rows(min_row=4, values_only=True)}


def media_files():
    return sorted(p.name for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_generate_makes_one_run_with_both_files(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_summary(client, tree["county"], problems="服务站人员不足。\n档案数字化滞后。", plans="推进优待证激活。")
        assert SummaryRun.objects.get().status == RunStatus.PENDING  # queued: the task runs once the request commits
    assert len(callbacks) == 1
    run = SummaryRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert (run.kind, run.year, run.area, run.requested_by) == ("annual", YEAR, tree["county"], users["staff"])
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.error == ""
    assert run.finished_at is not None
    stem = f"summaries/330727-{YEAR}-annual"
    assert (run.docx.name, run.xlsx.name) == (f"{stem}.docx", f"{stem}.xlsx")
    assert media_files() == [f"330727-{YEAR}-annual.docx", f"330727-{YEAR}-annual.xlsx"]
    texts = docx_texts(run.docx)
    assert texts[0] == f"云溪县退役军人事务局{YEAR}年工作总结和{YEAR + 1}年工作计划"
    assert texts[-8:-3] == ["二、存在问题", "服务站人员不足。", "档案数字化滞后。", f"三、{YEAR + 1}年工作计划", "推进优待证激活。"]
    today = timezone.localdate()
    assert texts[-3:] == ["", "云溪县退役军人事务局", f"{today.year}年{today.month}月{today.day}日"]  # 落款
    assert annex(run.xlsx)["退役军人"] == ["名", 7, 5, 2]

    detail = client.get(run.get_absolute_url())
    assert "已完成" in detail.content.decode()
    download = client.get(reverse("reports:summary_download", args=[run.pk, "docx"]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs[0].text == texts[0]
    assert client.get(reverse("reports:summary_download", args=[run.pk, "xlsx"])).status_code == 200
    assert client.get(reverse("reports:summary_download", args=[run.pk, "pdf"])).status_code == 404
    progress = client.get(reverse("reports:summary_progress", args=[run.pk])).content.decode()
    assert "下载 Word" in progress and "hx-get" not in progress  # finished: the page stops polling


def test_generating_again_replaces_the_files(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        post_summary(client, tree["county"], problems="第一稿问题。")
    first = SummaryRun.objects.get()
    old_docx, old_xlsx = first.docx.path, first.xlsx.path
    with django_capture_on_commit_callbacks(execute=True):
        response = post_summary(client, tree["county"], problems="第二稿问题。")
    assert SummaryRun.objects.count() == 1
    run = SummaryRun.objects.get()
    assert response["Location"] == run.get_absolute_url() == first.get_absolute_url()
    assert run.status == RunStatus.DONE
    assert (run.docx.path, run.xlsx.path) == (old_docx, old_xlsx)  # overwritten in place, nothing left behind
    assert media_files() == [f"330727-{YEAR}-annual.docx", f"330727-{YEAR}-annual.xlsx"]
    texts = docx_texts(run.docx)
    assert "第二稿问题。" in texts and "第一稿问题。" not in texts


def test_task_is_idempotent_and_acks_late(recent, tree):
    assert generate_summary_task.acks_late is True
    assert scheduled_summaries_task.acks_late is True
    run = SummaryRun.objects.create(kind="half", year=YEAR, area=tree["township1"], problems="问题。")
    generate_summary_task.delay(run.pk)
    generate_summary_task.delay(run.pk)
    run.refresh_from_db()
    assert SummaryRun.objects.count() == 1
    assert run.status == RunStatus.DONE
    assert media_files() == [f"330727001-{YEAR}-half.docx", f"330727001-{YEAR}-half.xlsx"]


def test_failure_is_recorded_on_the_run(recent, tree, users, client_for, settings, monkeypatch,
                                        django_capture_on_commit_callbacks):
    settings.CELERY_TASK_EAGER_PROPAGATES = False  # as on a worker: the failure stays with the task

    def broken(*args, **kwargs):
        raise RuntimeError("字体文件缺失")

    monkeypatch.setattr("reports.services.render_docx", broken)
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_summary(client, tree["county"])
    run = SummaryRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.FAILED
    assert run.error == "RuntimeError: 字体文件缺失"
    assert not run.docx and not run.xlsx
    assert media_files() == []
    page = client.get(run.get_absolute_url()).content.decode()
    assert "生成失败" in page and "字体文件缺失" in page


@pytest.mark.parametrize("broker", ["closed_port", "silent_server"])
def test_broker_down_says_so_and_changes_nothing(broker, recent, tree, users, client_for, settings, request,
                                                 django_capture_on_commit_callbacks):
    """Refused (nothing listens) or hung (accepts, never answers): the page's own check, with its default
    timeout (CELERY_BROKER_CONNECTION_TIMEOUT), says so in 3 s or less; the drill prints the seconds."""
    from config.celery import app

    broker_url = CLOSED_PORT_BROKER if broker == "closed_port" else f"redis://127.0.0.1:{request.getfixturevalue(broker)}/0"
    existing = SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], status=RunStatus.DONE,
                                         progress=100, problems="原有问题。", requested_by=users["leader"])
    before = model_to_dict(existing) | {"updated_at": existing.updated_at}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = broker_url
    assert app.conf.broker_url == broker_url  # the app reads the overridden settings
    client = client_for(users["staff"])
    for kind in ("annual", "half"):  # refreshing an existing run, making a new one
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = post_summary(client, tree["county"], kind=kind, problems="新的问题。",
                                    csrfmiddlewaretoken="not-for-the-address")
        elapsed = time.monotonic() - started
        print(f"\nBENCH broker_down {broker} {kind}: the page said the queue is down in {elapsed:.2f} s"
              f" (timeout {settings.CELERY_BROKER_CONNECTION_TIMEOUT} s)")
        assert elapsed <= 3, f"the page took {elapsed:.2f}s to say the queue is down ({broker})"
        assert callbacks == []
        assert response.status_code == 200  # the same page, with what the user typed
        page = response.content.decode()
        assert "任务队列暂时无法连接" in page
        assert "新的问题。" in page and "not-for-the-address" not in page.split("csrfmiddlewaretoken", 1)[0]
    assert list(SummaryRun.objects.all()) == [existing]
    existing.refresh_from_db()
    assert model_to_dict(existing) | {"updated_at": existing.updated_at} == before


def test_queue_lost_after_commit_fails_the_run(recent, tree, users, client_for, settings, monkeypatch,
                                               django_capture_on_commit_callbacks):
    """The broker answered the check but the task could not be sent after the commit: the run must not stay pending."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"

    def unsendable(*args, **kwargs):
        raise ConnectionError("broker went away")

    monkeypatch.setattr(generate_summary_task, "delay", unsendable)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_summary(client_for(users["staff"]), tree["county"])
    run = SummaryRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.FAILED
    assert "任务队列暂时无法连接" in run.error


def test_run_in_progress_is_not_queued_twice(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    pending = SummaryRun.objects.create(kind="annual", year=YEAR, area=tree["county"], status=RunStatus.RUNNING,
                                        progress=40, problems="生成中的问题。")
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_summary(client, tree["county"], problems="新的问题。")
    assert callbacks == []
    assert response.status_code == 200 and "该工作总结正在生成，请稍候。" in response.content.decode()
    assert "新的问题。" in response.content.decode()  # what was typed is still on the page
    pending.refresh_from_db()
    assert (pending.status, pending.progress, pending.problems) == (RunStatus.RUNNING, 40, "生成中的问题。")


def test_clerk_generates_only_for_own_area(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    clerk = client_for(users["clerk"])  # township 1
    for area in (tree["township2"], tree["county"]):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = post_summary(clerk, area)
        assert response.status_code == 400
        assert "请检查所选的类型、年度和区划" in response.content.decode()
        assert callbacks == []
        page = clerk.get(reverse("reports:summary"), {"kind": "annual", "year": YEAR, "area": area.code}).content.decode()
        assert "所选区划不存在或不在您的管辖范围内" in page
        assert 'id="part-one"' not in page
    assert not SummaryRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_summary(clerk, tree["township1"])
    run = SummaryRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert run.area == tree["township1"] and run.status == RunStatus.DONE


def test_township_summary_leaves_other_townships_out(recent, tree, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["leader"])
    page = client.get(reverse("reports:summary"), {"kind": "annual", "year": YEAR, "area": tree["township1"].code})
    assert f"截至{YEAR}年12月底，全镇登记在册退役军人5名，较去年增加1名；" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        post_summary(client, tree["township1"])
    run = SummaryRun.objects.get()
    figures = annex(run.xlsx)
    assert figures["退役军人"] == ["名", 5, 4, 1]  # the county has 7: township 2's v7 and v8 are not counted
    assert figures["发放优待证"] == ["张", 2, 2, 0]  # v7's card (township 2) is not counted
    assert figures["接收档案"] == ["份", 2, 1, 1]
    assert docx_texts(run.docx)[0] == f"第1镇退役军人服务站{YEAR}年工作总结和{YEAR + 1}年工作计划"


def test_roles_without_summaries_are_refused(tree, users, client_for):
    for role in ("auditor", "admin"):
        client = client_for(users[role])
        assert client.get(reverse("reports:summary")).status_code == 403
        assert post_summary(client, tree["county"]).status_code == 403
    assert not SummaryRun.objects.exists()


def test_previous_summary_prefills_problems_and_plans(recent, tree, users, client_for):
    county = tree["county"]
    SummaryRun.objects.create(kind="half", year=YEAR - 1, area=county, problems="前年半年问题。", plans="前年半年打算。")
    SummaryRun.objects.create(kind="annual", year=YEAR - 1, area=county, problems="上年全年问题。", plans="上年全年打算。")
    SummaryRun.objects.create(kind="annual", year=YEAR - 1, area=tree["township1"], problems="第1镇的问题。")
    client = client_for(users["staff"])

    page = client.get(reverse("reports:summary"), {"kind": "half", "year": YEAR, "area": county.code}).content.decode()
    assert "上年全年问题。" in page and "上年全年打算。" in page  # the latest earlier summary: last year's annual one
    assert "前年半年问题。" not in page and "第1镇的问题。" not in page
    assert f"云溪县退役军人事务局{YEAR}年上半年工作总结和下半年工作计划" in page
    assert f"截至{YEAR}年6月底，全县登记在册退役军人6名，较去年增加2名；" in page

    SummaryRun.objects.create(kind="half", year=YEAR, area=county, problems="今年半年问题。", plans="今年半年打算。")
    page = client.get(reverse("reports:summary"), {"kind": "annual", "year": YEAR, "area": county.code}).content.decode()
    assert "今年半年问题。" in page and "今年半年打算。" in page
    assert "上年全年问题。" not in page


def test_generate_summary_command_writes_both_files(recent, tree, tmp_path):
    SummaryRun.objects.create(kind="half", year=YEAR, area=tree["county"], problems="半年问题。", plans="半年打算。")
    out = tmp_path / "out"
    stdout = io.StringIO()
    call_command("generate_summary", "--kind", "annual", "--year", str(YEAR), "--area", "330727", "--out", str(out),
                 stdout=stdout)
    title = f"云溪县退役军人事务局{YEAR}年工作总结和{YEAR + 1}年工作计划"
    docx, xlsx = out / f"{title}.docx", out / f"{title}（统计附表）.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted([docx.name, xlsx.name])
    assert str(docx) in stdout.getvalue()
    texts = [p.text for p in Document(docx).paragraphs]
    assert texts[0] == title
    assert "半年问题。" in texts and "半年打算。" in texts  # parts 二 and 三 from the half-year summary
    rows = {row[1]: list(row[2:]) for row in load_workbook(xlsx).active.iter_rows(min_row=4, values_only=True)}
    assert rows["退役军人"] == ["名", 7, 5, 2]
    run = SummaryRun.objects.get(kind="annual")
    assert run.status == RunStatus.DONE and run.requested_by is None
    with pytest.raises(CommandError, match="区划代码不存在"):
        call_command("generate_summary", "--kind", "half", "--year", str(YEAR), "--area", "999999", "--out", str(out))


def test_beat_drafts_every_county(recent, tree, users, monkeypatch):
    other = area_tree(county_code="330728", county_name="邻溪县")["county"]
    last_year = datetime.date.today().year - 1
    SummaryRun.objects.create(kind="half", year=last_year, area=other, problems="邻县半年问题。", plans="邻县半年打算。")
    kept = SummaryRun.objects.create(kind="annual", year=last_year, area=tree["county"], status=RunStatus.DONE,
                                     problems="领导改过的问题。", requested_by=users["leader"])
    scheduled_summaries_task.delay("annual")
    annual = SummaryRun.objects.filter(kind="annual", year=last_year)
    assert sorted(annual.values_list("area_id", flat=True)) == ["330727", "330728"]  # counties only
    kept.refresh_from_db()
    assert (kept.status, kept.problems, kept.docx.name) == (RunStatus.DONE, "领导改过的问题。", "")  # left alone
    drafted = annual.get(area=other)
    assert drafted.status == RunStatus.DONE and drafted.requested_by is None
    assert (drafted.problems, drafted.plans) == ("邻县半年问题。", "邻县半年打算。")
    assert docx_texts(drafted.docx)[0] == f"邻溪县退役军人事务局{last_year}年工作总结和{last_year + 1}年工作计划"

    scheduled_summaries_task.delay("half")
    half = SummaryRun.objects.filter(kind="half", year=datetime.date.today().year)
    assert sorted(half.values_list("area_id", flat=True)) == ["330727", "330728"]
    assert set(half.values_list("status", flat=True)) == {RunStatus.DONE}


def test_beat_schedule():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    half, annual = schedule["half-year-summaries"], schedule["annual-summaries"]
    assert half["task"] == annual["task"] == "reports.tasks.scheduled_summaries_task"
    assert (half["args"], annual["args"]) == (("half",), ("annual",))
    assert half["schedule"].month_of_year == {7} and half["schedule"].day_of_month == {1}
    assert annual["schedule"].month_of_year == {1} and annual["schedule"].day_of_month == {1}
    from config.celery import app

    app.loader.import_default_modules()
    assert "reports.tasks.scheduled_summaries_task" in app.tasks


def test_a_link_naming_only_kind_and_year_shows_the_users_own_area(recent, tree, users, client_for):
    response = client_for(users["staff"]).get(reverse("reports:summary"), {"kind": "annual", "year": YEAR})
    body = response.content.decode()
    assert response.status_code == 200 and "这个字段是必填项" not in body
    assert response.context["choice"].cleaned_data["area"] == tree["county"]
    assert response.context["draft"].title.startswith("云溪县退役军人事务局")
