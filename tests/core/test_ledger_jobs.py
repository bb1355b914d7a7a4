"""Big ledger exports and imports as background jobs (core.ledgerjobs, LedgerJob): the threshold, the
progress, the file for its owner only, the same scope and masking as the synchronous export, an import
all or nothing with its error workbook, and a missing broker."""

import io
import os

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import ledgerjobs
from core.ledgerjobs import job_request
from core.models import AccessLog, LedgerJob, LedgerJobStatus
from core.tasks import run_ledger_job_task
from tests.celery_worker import run_tasks_eagerly
from tests.factories import VeteranFactory
from tests.reports.test_runs import CLOSED_PORT_BROKER
from tests.veterans.helpers import XLSX_TYPE, downloaded, id_number, sheet_rows
from tests.veterans.test_ledger_veterans import HEADER, column, replace_rows, upload
from veterans.models import Veteran

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    """Files under tmp_path; the jobs' task runs in-process, as on the embedded default, even where CI
    configures a broker."""
    settings.MEDIA_ROOT = tmp_path
    run_tasks_eagerly(settings, monkeypatch)


@pytest.fixture
def people(tree):
    made = [VeteranFactory(area=tree["village11"], name=f"一镇{n}", phone=f"1381234567{n}") for n in range(3)]
    made.append(VeteranFactory(area=tree["village21"], name="二镇人", phone="13900001111"))
    return made


def synchronous_rows(client, **params):
    response = client.get(reverse("veterans:veteran_export"), params)
    assert response["Content-Type"] == XLSX_TYPE
    return sheet_rows(downloaded(response))


def job_rows(client, job):
    response = client.get(reverse("core:ledgerjob_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    return sheet_rows(downloaded(response))


def without_time(rows):
    return [row for index, row in enumerate(rows) if index != 3]  # row 4: 导出时间, to the minute


def test_an_export_above_the_threshold_is_a_job_with_progress_and_the_same_rows(people, users, client_for, settings,
                                                                                 django_capture_on_commit_callbacks):
    below = synchronous_rows(client_for(users["clerk"]))  # three rows: under the default threshold
    settings.LEDGER_ASYNC_EXPORT_ROWS = 2
    client = client_for(users["clerk"])  # township 1: three of the four, masked
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("veterans:veteran_export"))
    job = LedgerJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.total, job.user, job.unmasked) == ("export", "pending", 3, users["clerk"], False)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "排队中" in page and reverse("core:ledgerjob_progress", args=[job.pk]) in page and "every 1s" in page
    assert client.get(reverse("core:ledgerjob_download", args=[job.pk])).status_code == 404  # not done yet

    for callback in callbacks:  # the queued task, run as the worker would
        callback()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    fragment = client.get(reverse("core:ledgerjob_progress", args=[job.pk])).content.decode()
    assert "已完成" in fragment and "every 1s" not in fragment and "3 / 3" in fragment
    assert reverse("core:ledgerjob_download", args=[job.pk]) in fragment
    exports = AccessLog.objects.filter(kind="export").count()
    rows = job_rows(client, job)
    assert without_time(rows) == without_time(below)  # same scope, masking, header block and order
    assert sorted(row[1] for row in rows[5:]) == ["一镇0", "一镇1", "一镇2"]
    assert rows[5][HEADER.index("联系电话")] == "138****5670"
    log = AccessLog.objects.filter(kind="export").latest("id")
    assert AccessLog.objects.filter(kind="export").count() == exports + 1
    assert (log.user, log.detail["rows"], log.detail["masked"], log.detail["job"]) == (users["clerk"], 3, True, job.pk)


def test_progress_is_written_while_the_export_runs(people, users, monkeypatch):
    monkeypatch.setattr("core.ledger.exporting.PROGRESS_EVERY", 1)
    calls = []
    real = ledgerjobs.set_progress

    def watching(job, done, total=None):
        calls.append((done, total))
        real(job, done, total)
        calls.append(LedgerJob.objects.values_list("done", "total").get(pk=job.pk))

    monkeypatch.setattr(ledgerjobs, "set_progress", watching)
    job = LedgerJob.objects.create(kind="export", ledger="veterans.veteran", title="退役军人台账", user=users["staff"])
    run_ledger_job_task(job.pk)
    assert calls == [(0, 4), (0, 4), (1, None), (1, 4), (2, None), (2, 4), (3, None), (3, 4), (4, None), (4, 4)]
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 4, 4)


def test_an_unmasked_job_keeps_the_filters_and_the_purpose(people, users, client_for, settings,
                                                           django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    params = {"q": "一镇", "full": "1", "purpose": "核对全县名册"}
    below = synchronous_rows(client, **params)
    settings.LEDGER_ASYNC_EXPORT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("veterans:veteran_export"), params)
    job = LedgerJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.total, job.unmasked, job.purpose) == ("done", 3, True, "核对全县名册")
    rows = job_rows(client, job)
    assert without_time(rows) == without_time(below)
    assert "用途：核对全县名册" in rows[3][0]
    assert rows[5][HEADER.index("联系电话")].startswith("1381234567")  # whole
    assert AccessLog.objects.filter(kind="export").latest("id").detail["purpose"] == "核对全县名册"


def test_the_job_is_its_owners_only(people, users, client_for, settings, django_capture_on_commit_callbacks):
    settings.LEDGER_ASYNC_EXPORT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        client_for(users["staff"]).get(reverse("veterans:veteran_export"))
    job = LedgerJob.objects.get()
    urls = [reverse(name, args=[job.pk]) for name in ("core:ledgerjob", "core:ledgerjob_progress", "core:ledgerjob_download")]
    for name, user in users.items():
        for url in urls:
            status = client_for(user).get(url).status_code
            assert status == (200 if name == "staff" else 404), (name, url, status)


def test_a_missing_broker_says_so_and_changes_nothing(people, users, client_for, settings,
                                                      django_capture_on_commit_callbacks):
    settings.LEDGER_ASYNC_EXPORT_ROWS = 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(reverse("veterans:veteran_export"), {"q": "一镇"}, follow=True)
    assert callbacks == [] and not LedgerJob.objects.exists()
    assert response.redirect_chain[-1][0] == reverse("veterans:veteran_list") + "?q=%E4%B8%80%E9%95%87"
    text = response.content.decode()
    assert "共3行，需在后台导出，但任务队列暂时无法连接" in text

    data = big_import_file(client, settings)
    settings.LEDGER_ASYNC_IMPORT_ROWS = 5
    before = Veteran.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, data)
    assert response.status_code == 503 and callbacks == []
    assert "文件较大，需在后台导入，但任务队列暂时无法连接" in response.content.decode()
    assert not LedgerJob.objects.exists() and Veteran.objects.count() == before


def big_import_file(client, settings, bad_row=None):
    """The export of the county's four veterans turned into four new ones (new ID numbers, no 系统编号);
    with `bad_row`, that data row's ID number is wrong."""
    settings.LEDGER_ASYNC_EXPORT_ROWS = 100
    data = downloaded(client.get(reverse("veterans:veteran_export"), {"full": "1", "purpose": "制作导入文件"}))

    def renumber(sheet):
        for offset, row in enumerate(range(6, sheet.max_row + 1)):
            born = sheet.cell(row, column("出生日期")).value.date()
            female = sheet.cell(row, column("性别")).value == "女"
            sheet.cell(row, column("公民身份号码")).value = id_number(born, female=female, region="330799", start=offset)
            sheet.cell(row, column("系统编号")).value = None
        if bad_row is not None:
            sheet.cell(5 + bad_row, column("公民身份号码")).value = "33072719750101123"
    return replace_rows(data, renumber)


def test_an_import_above_the_threshold_is_a_job_all_or_nothing(people, users, client_for, settings,
                                                               django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    data = big_import_file(client, settings, bad_row=3)
    settings.LEDGER_ASYNC_IMPORT_ROWS = 5  # the sheet reaches row 9: title block, header, four rows
    before = Veteran.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, data)
    job = LedgerJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.user, bool(job.source)) == ("import", "pending", users["staff"], True)
    stored = job.source.path
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == "done" and job.result["ok"] is False
    assert (job.result["total_rows"], job.result["error_rows"], job.result["created"]) == (4, 1, 0)
    assert job.result["errors"][0][:2] == [8, "公民身份号码"]
    assert Veteran.objects.count() == before  # nothing written: all or nothing
    assert not job.source and not os.path.exists(stored)  # the upload is not kept
    page = client.get(job.get_absolute_url()).content.decode()
    assert "其中1行有误，未导入任何数据" in page
    error_url = reverse("core:import_errors", args=[job.result["error_file"]])
    assert error_url in page
    book = load_workbook(io.BytesIO(downloaded(client.get(error_url))))
    assert any("公民身份号码" in str(cell.value) for row in book.worksheets[0].iter_rows() for cell in row)
    assert client_for(users["other_staff"]).get(error_url).status_code == 404
    assert AccessLog.objects.filter(kind="import").latest("id").detail["outcome"] == "rejected"

    good = big_import_file(client, settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, good)
    job = LedgerJob.objects.latest("id")
    assert job.status == "done" and job.result["ok"] is True and job.result["created"] == 4
    assert Veteran.objects.count() == before + 4
    assert "导入成功：新增4条" in client.get(job.get_absolute_url()).content.decode()


def test_a_small_import_stays_in_the_request(people, users, client_for, settings):
    client = client_for(users["staff"])
    data = big_import_file(client, settings)
    settings.LEDGER_ASYNC_IMPORT_ROWS = 2_000
    response = upload(client, data)
    assert response.status_code == 302 and response["Location"] == reverse("veterans:veteran_list")
    assert not LedgerJob.objects.exists()


def test_a_failed_job_says_why(users, monkeypatch, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    job = LedgerJob.objects.create(kind="export", ledger="veterans.veteran", title="退役军人台账", user=users["staff"])

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("veterans.ledgers.veteran_ledger.export", broken)
    with pytest.raises(RuntimeError):
        run_ledger_job_task(job.pk)
    job.refresh_from_db()
    assert job.status == LedgerJobStatus.FAILED and job.error == "RuntimeError: 磁盘已满"


def test_the_jobs_request_is_its_owners_with_the_query(users):
    job = LedgerJob(user=users["clerk"], query="q=%E5%BC%A0&area=330727001")
    request = job_request(job)
    assert request.user == users["clerk"] and request.GET.dict() == {"q": "张", "area": "330727001"}
