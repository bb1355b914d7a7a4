"""In Chromium: a village clerk files an assistance application with a scanned document (a real PNG made
here), the township's reviewer sends it back for a missing paper, the clerk amends it and adds the paper,
the township passes it and the bureau's staff approve a different amount and pay it from a fund."""

import datetime
import re
import struct
import zlib
from decimal import Decimal

import pytest

from benefits.models import ApplicationAttachment, AssistanceApplication, Fund
from core.roles import Role
from tests.browser import log_in
from tests.factories import UserFactory, VeteranFactory, area_tree

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


def png(width=40, height=30):
    """A real PNG (a grey square): the signature, IHDR, one IDAT of zlib rows, IEND."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _row in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pdf():
    """A one-page PDF with its cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def click_and_wait(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_clerk_files_township_sends_back_clerk_amends_staff_approve(transactional_db, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    tree = area_tree()
    UserFactory(username="village1", full_name="楼国庆", role=Role.CLERK, area=tree["village11"])
    UserFactory(username="town1", full_name="周建华", role=Role.CLERK, area=tree["township1"])
    UserFactory(username="staff1", full_name="陈海燕", role=Role.STAFF, area=tree["county"])
    veteran = VeteranFactory(name="王建军", area=tree["village11"])
    fund = Fund.objects.create(area=tree["county"], kind="hardship", source="county", year=TODAY.year,
                               amount=Decimal("50000.00"), allocated_on=TODAY.replace(month=1, day=1),
                               document="县财社〔2026〕3号")
    base = live_server.url

    # 1. the village clerk files the application, with the diagnosis as a PNG
    log_in(page, live_server, "village1")
    page.goto(f"{base}/benefits/assistanceapplication/add/")
    page.locator("#id_veteran").press_sequentially("王建", delay=50)
    option = page.locator("#id_veteran-options option")
    option.first.wait_for(state="attached")
    page.fill("#id_veteran", option.first.get_attribute("value"))
    assert page.input_value("#id_veteran_value") == str(veteran.pk)
    page.wait_for_timeout(800)  # the box asks for suggestions again for the text picked (there are none)
    assert page.input_value("#id_veteran_value") == str(veteran.pk)  # the pick is kept
    page.select_option("#id_kind", value="hardship")
    page.select_option("#id_cause", value="illness")
    page.fill("#id_hardship_on", (TODAY - datetime.timedelta(days=40)).isoformat())
    page.fill("#id_applied_on", TODAY.isoformat())
    page.fill("#id_hardship", "本人患肺癌住院化疗，自付医疗费用4万余元，家庭收入微薄")
    page.fill("#id_amount_requested", "10000")
    page.fill("#id_attachment_title", "诊断证明")
    page.set_input_files("#id_attachment_file", files=[{"name": "诊断证明.png", "mimeType": "image/png", "buffer": png()}])
    click_and_wait(page, "保存")
    page.wait_for_url(re.compile(re.escape(base) + r"/benefits/assistanceapplication/\d+/$"))
    app = AssistanceApplication.objects.get(veteran=veteran)
    assert app.status == "submitted" and app.filed_by.username == "village1"
    (scan,) = ApplicationAttachment.objects.filter(application=app)
    assert (scan.title, scan.content_kind) == ("诊断证明", "png")
    assert "诊断证明" in page.content() and "剩10天" in page.content()
    assert page.get_by_role("button", name="镇街审核通过").count() == 0  # who filed it does not review it

    # 2. the township's reviewer sends it back: the hospital's bill is missing
    page.context.clear_cookies()
    log_in(page, live_server, "town1")
    page.goto(f"{base}{app.get_absolute_url()}")
    click_and_wait(page, "退回")
    assert "须填写说明" in page.content()  # a send-back without a reason: refused, nothing changed
    assert AssistanceApplication.objects.get(pk=app.pk).status == "submitted"
    page.fill("textarea[name=remark]", "缺少住院费用清单，请补充后重新提交")
    click_and_wait(page, "退回")
    assert "已完成：退回" in page.content()
    assert AssistanceApplication.objects.get(pk=app.pk).status == "returned"

    # 3. the clerk amends it (the amount, and the bill as a PDF) and resubmits
    page.context.clear_cookies()
    log_in(page, live_server, "village1")
    page.goto(f"{base}{app.get_absolute_url()}")
    assert "缺少住院费用清单" in page.content()
    page.get_by_role("link", name="编辑", exact=True).click()
    page.fill("#id_amount_requested", "12000")
    page.fill("#id_attachment_title", "住院费用清单")
    page.set_input_files("#id_attachment_file", files=[{"name": "清单.pdf", "mimeType": "application/pdf", "buffer": pdf()}])
    click_and_wait(page, "保存")
    click_and_wait(page, "修改后重新提交")
    assert "已完成：修改后重新提交" in page.content()
    app.refresh_from_db()
    assert (app.status, app.amount_requested) == ("submitted", Decimal("12000.00"))
    assert sorted(app.attachments.values_list("content_kind", flat=True)) == ["pdf", "png"]

    # 4. the township passes it; the bureau approves 10,000 of the 12,000 asked and pays it from the fund
    page.context.clear_cookies()
    log_in(page, live_server, "town1")
    page.goto(f"{base}{app.get_absolute_url()}")
    page.fill("textarea[name=remark]", "经入户核实，情况属实")
    click_and_wait(page, "镇街审核通过")
    assert AssistanceApplication.objects.get(pk=app.pk).status == "reviewed"
    page.context.clear_cookies()
    log_in(page, live_server, "staff1")
    page.goto(f"{base}{app.get_absolute_url()}")
    page.get_by_role("link", name="局审批", exact=True).click()
    assert page.input_value("#id_amount_approved") == "12000.00"
    page.fill("#id_amount_approved", "10000")
    page.fill("#id_approved_on", TODAY.isoformat())
    page.fill("#id_remark", "经局务会研究，同意救助10000元")
    click_and_wait(page, "确认")
    assert "已完成：局审批" in page.content()
    page.get_by_role("link", name="发放", exact=True).click()
    page.select_option("#id_fund", value=str(fund.pk))
    page.fill("#id_paid_on", TODAY.isoformat())
    click_and_wait(page, "确认")
    assert "已完成：发放" in page.content()
    app.refresh_from_db()
    fund.refresh_from_db()
    assert (app.status, app.amount_approved, app.fund_id) == ("paid", Decimal("10000.00"), fund.pk)
    assert fund.disbursed == Decimal("10000.00") and fund.balance == Decimal("40000.00")
    with page.expect_download() as download:
        page.locator("a", has_text="下载").first.click()
    assert download.value.suggested_filename in ("诊断证明.png", "住院费用清单.pdf")
    page.screenshot(path="/tmp/browser-assist-application.png", full_page=True)
