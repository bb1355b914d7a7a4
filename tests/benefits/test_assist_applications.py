"""Assistance applications (帮扶援助): the one-year rule and the bureau's override, every transition and
its refusals (wrong state, wrong role, one's own application, missing reason), 退回 and resubmission,
the step limits and the overdue flag, payment from a fund within its balance, and the attachments
(content checked, size limited, served only inside the area, logged)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benefits.models import ApplicationAttachment, AssistanceApplication, assistance_workflow, year_before
from benefits.services_assist import application_approve, application_pay
from core.models import AccessKind, AccessLog
from core.workflow import TransitionLog, TransitionNotAllowed
from tests.benefits.helpers_assist import TODAY, application, fund, reviewer
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(veteran, **extra):
    data = {"veteran": veteran.pk, "kind": "hardship", "cause": "illness",
            "hardship_on": (TODAY - datetime.timedelta(days=20)).isoformat(), "applied_on": TODAY.isoformat(),
            "hardship": "突发重病，住院费用高", "amount_requested": "6000.00", "note": ""}
    data.update(extra)
    return data


# -- the one-year rule ------------------------------------------------------------------------------------


def test_year_before_handles_the_leap_day():
    assert year_before(datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)
    assert year_before(datetime.date(2025, 6, 1)) == datetime.date(2024, 6, 1)


def test_hardship_exactly_a_year_before_is_accepted_a_day_more_is_refused(tree, users):
    veteran = VeteranFactory(area=tree["village11"])
    applied = datetime.date(2025, 6, 1)
    on_time = AssistanceApplication(veteran=veteran, kind="hardship", cause="illness", hardship_on=datetime.date(2024, 6, 1),
                                    applied_on=applied, hardship="x", amount_requested=Decimal("1"))
    on_time.clean()
    late = AssistanceApplication(veteran=veteran, kind="hardship", cause="illness", hardship_on=datetime.date(2024, 5, 31),
                                 applied_on=applied, hardship="x", amount_requested=Decimal("1"))
    with pytest.raises(ValidationError) as exc:
        late.clean()
    assert "已超过一年" in str(exc.value)
    late.late_override = True
    with pytest.raises(ValidationError) as exc:
        late.clean()
    assert "须写明特批理由" in str(exc.value)
    late.late_reason = "长期住院，家属不知申请渠道，经局务会研究同意"
    late.clean()


def test_a_clerk_cannot_override_the_rule_staff_can(tree, users, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    old = (TODAY - datetime.timedelta(days=400)).isoformat()
    url = reverse("benefits:assistanceapplication_add")
    clerk = client_for(users["clerk"])
    response = clerk.post(url, form_data(veteran, hardship_on=old, late_override="on", late_reason="想特批"))
    assert response.status_code == 200 and "已超过一年" in response.content.decode()
    assert not AssistanceApplication.objects.exists()
    staff = client_for(users["staff"])
    response = staff.post(url, form_data(veteran, hardship_on=old, late_override="on", late_reason="经局务会研究同意"))
    assert response.status_code == 302
    assert AssistanceApplication.objects.get().late_override


# -- the workflow -----------------------------------------------------------------------------------------


def test_the_whole_way_with_a_return_and_resubmission(tree, users):
    clerk, township, staff = users["clerk"], reviewer(tree), users["staff"]
    app = application(tree, clerk)
    assert app.status == "submitted" and app.due_on == TODAY + datetime.timedelta(days=10)
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        assistance_workflow.apply(app, "send_back", user=township, remark="")
    assistance_workflow.apply(app, "send_back", user=township, remark="缺少诊断证明")
    assert app.status == "returned"
    assistance_workflow.apply(app, "resubmit", user=clerk, remark="已补诊断证明")
    assistance_workflow.apply(app, "review", user=township, remark="情况属实")
    app.refresh_from_db()
    assert app.status == "reviewed" and app.due_on == TODAY + datetime.timedelta(days=15)
    application_approve(assistanceapplication=app, user=staff, amount_approved=Decimal("4000.00"), approved_on=TODAY)
    app.refresh_from_db()
    assert app.status == "approved" and app.amount_approved == Decimal("4000.00")
    f = fund(tree, "10000.00")
    application_pay(assistanceapplication=app, user=staff, fund=f, paid_on=TODAY)
    app.refresh_from_db()
    f.refresh_from_db()
    assert app.status == "paid" and app.fund == f and app.due_on is None
    assert f.disbursed == Decimal("4000.00")
    steps = [(e.name, e.user_id, e.remark) for e in assistance_workflow.log(app)]
    assert [s[0] for s in steps] == ["send_back", "resubmit", "review", "approve", "pay"]
    assert steps[0] == ("send_back", township.pk, "缺少诊断证明")
    assert "批准4000.00元（申请5000.00元）" in steps[3][2]


def test_refusals_change_nothing(tree, users):
    clerk, township, staff = users["clerk"], reviewer(tree), users["staff"]
    app = application(tree, clerk)
    with pytest.raises(TransitionNotAllowed, match="本人经办"):
        assistance_workflow.apply(app, "review", user=clerk)
    with pytest.raises(TransitionNotAllowed, match="不能执行"):
        assistance_workflow.apply(app, "resubmit", user=clerk)
    with pytest.raises(TransitionNotAllowed, match="角色无权"):
        assistance_workflow.apply(app, "refuse", user=township, remark="不符合")
    with pytest.raises(TransitionNotAllowed, match="角色无权"):
        assistance_workflow.apply(app, "review", user=users["leader"])
    with pytest.raises(TransitionNotAllowed, match="不能执行"):  # approval comes after the township's review
        application_approve(assistanceapplication=app, user=staff, amount_approved=Decimal("1"), approved_on=TODAY)
    app.refresh_from_db()
    assert app.status == "submitted" and app.amount_approved is None and not TransitionLog.objects.exists()
    assistance_workflow.apply(app, "review", user=township)
    with pytest.raises(TransitionNotAllowed, match="批准金额"):  # the bare button, without the amount
        assistance_workflow.apply(app, "approve", user=staff)
    assistance_workflow.apply(app, "refuse", user=staff, remark="家庭收入超过当地标准")
    assert app.status == "refused" and assistance_workflow.available(app, staff) == []


def test_staff_may_not_approve_their_own_application(tree, users):
    staff = users["staff"]
    app = application(tree, staff)
    assistance_workflow.apply(app, "review", user=reviewer(tree))
    with pytest.raises(TransitionNotAllowed, match="本人经办"):
        application_approve(assistanceapplication=app, user=staff, amount_approved=Decimal("100"), approved_on=TODAY)
    app.refresh_from_db()
    assert app.status == "reviewed" and app.amount_approved is None


def test_payment_above_the_balance_is_refused_whole(tree, users):
    app = application(tree, users["clerk"])
    assistance_workflow.apply(app, "review", user=reviewer(tree))
    application_approve(assistanceapplication=app, user=users["staff"], amount_approved=Decimal("5000"), approved_on=TODAY)
    f = fund(tree, "3000.00")
    with pytest.raises(ValidationError, match="不足支付5000.00元"):
        application_pay(assistanceapplication=app, user=users["staff"], fund=f, paid_on=TODAY)
    app.refresh_from_db()
    f.refresh_from_db()
    assert app.status == "approved" and app.paid_on is None and app.fund is None and f.disbursed == 0


def test_pay_through_the_page_shows_the_refusal(tree, users, client_for):
    app = application(tree, users["clerk"])
    assistance_workflow.apply(app, "review", user=reviewer(tree))
    application_approve(assistanceapplication=app, user=users["staff"], amount_approved=Decimal("5000"), approved_on=TODAY)
    f = fund(tree, "3000.00")
    url = reverse("benefits:assistanceapplication_action", args=[app.pk, "pay"])
    response = client_for(users["staff"]).post(url, {"fund": f.pk, "paid_on": TODAY.isoformat()})
    assert response.status_code == 200 and "不足支付" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "approved"


def test_the_list_flags_overdue_steps(tree, users, client_for):
    late = application(tree, users["clerk"], applied_on=TODAY - datetime.timedelta(days=13),
                       hardship_on=TODAY - datetime.timedelta(days=20))
    fresh = application(tree, users["clerk"])
    assert late.is_overdue() and late.days_left() == -3 and not fresh.is_overdue()
    page = client_for(users["staff"]).get(reverse("benefits:assistanceapplication_list")).content.decode()
    assert "超期3天" in page and "剩10天" in page


def test_an_application_past_the_township_cannot_be_edited(tree, users, client_for):
    app = application(tree, users["clerk"])
    assistance_workflow.apply(app, "review", user=reviewer(tree))
    url = reverse("benefits:assistanceapplication_edit", args=[app.pk])
    response = client_for(users["clerk"]).post(url, form_data(app.veteran, amount_requested="9999.00"))
    assert response.status_code == 200 and "不能再修改" in response.content.decode()
    app.refresh_from_db()
    assert app.amount_requested == Decimal("5000.00")


# -- attachments --------------------------------------------------------------------------------------------


def post_with(client, veteran, name, content, title="诊断证明"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("benefits:assistanceapplication_add"),
                       {**form_data(veteran), "attachment_title": title, "attachment_file": upload})


def test_a_pdf_is_stored_and_served_inside_the_area_only(tree, users, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    clerk = client_for(users["clerk"])
    response = post_with(clerk, veteran, "证明.pdf", PDF)
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.content_kind == "pdf" and attachment.size == len(PDF)
    url = reverse("benefits:assist_attachment_download", args=[attachment.pk])
    download = clerk.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(kind=AccessKind.REVEAL, user=users["clerk"], target__contains="诊断证明").exists()
    for outsider in ("other_clerk", "other_staff", "other_leader"):
        assert client_for(users[outsider]).get(url).status_code == 404
    assert client_for(users["auditor"]).get(url).status_code == 403
    assert client_for(users["staff"]).get(url).status_code == 200  # the county sees its townships'


def test_a_png_by_its_content_is_accepted_whatever_its_name(tree, users, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    assert post_with(client_for(users["clerk"]), veteran, "scan.dat", PNG).status_code == 302
    assert ApplicationAttachment.objects.get().content_kind == "png"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("证明.pdf", ZIP, "不接受压缩包"),
    ("证明.pdf", b"MZ\x90\x00 a program", "只接受PDF"),
    ("证明.jpg", b"<html>not an image</html>", "只接受PDF"),
])
def test_bad_files_are_refused_and_nothing_is_saved(tree, users, client_for, name, content, message):
    veteran = VeteranFactory(area=tree["village11"])
    response = post_with(client_for(users["clerk"]), veteran, name, content)
    assert response.status_code == 200 and message in response.content.decode()
    assert not AssistanceApplication.objects.exists() and not ApplicationAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(tree, users, client_for, settings):
    veteran = VeteranFactory(area=tree["village11"])
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = post_with(client_for(users["clerk"]), veteran, "大.pdf", big)
    assert response.status_code == 200 and "超过5MB的限制" in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_an_attachment_needs_a_title(tree, users, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    response = post_with(client_for(users["clerk"]), veteran, "a.pdf", PDF, title="")
    assert response.status_code == 200 and "请填写材料名称" in response.content.decode()
