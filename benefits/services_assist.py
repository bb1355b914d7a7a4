"""Writes of 帮扶援助与经费: charging a fund, the steps of an assistance application that carry data
(approval with its amount, payment from a fund), the attachment check."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from benefits.models_assist import (
    ATTACHMENT_MAX_BYTES,
    ApplicationAttachment,
    AssistanceApplication,
    Fund,
    FundCharge,
    InsuranceContinuation,
    insurance_workflow,
)
from core import services
from core.models import codes_above
from core.workflow import TransitionLog

# -- funds ---------------------------------------------------------------------------------------------


def fund_charge(*, fund, amount, record, user, description, charged_on=None):
    """Charge `amount` (元) to `fund` for `record` (any saved model instance).  Runs inside the caller's
    transaction (or its own): the fund's row is locked, so two payments at once cannot both pass the
    balance check; overspending is refused with a Chinese message and nothing is written."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise ValidationError(_("支出金额须大于0。"))
    area = record.area_code() if hasattr(record, "area_code") else None
    with transaction.atomic():
        locked = Fund._base_manager.select_for_update().get(pk=fund.pk)
        if area is not None and not area.startswith(locked.area_id):
            raise ValidationError(_("经费“%(fund)s”属于%(area)s，不能支付该区域以外的事项。") % {
                "fund": locked, "area": locked.area})
        if amount > locked.balance:
            raise ValidationError(_("经费“%(fund)s”余额为%(balance)s元，不足支付%(amount)s元。") % {
                "fund": locked, "balance": locked.balance, "amount": amount})
        charge = FundCharge(fund=locked, amount=amount, charged_on=charged_on or datetime.date.today(),
                            content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk),
                            description=description[:200], charged_by=user if getattr(user, "pk", None) else None,
                            area_id=area or locked.area_id)
        services.save(charge, user, _("经费支出"))
        locked.disbursed += amount
        services.save(locked, user, _("支出：%(what)s") % {"what": charge.description})
    fund.disbursed = locked.disbursed
    return charge


def charges_of(record):
    """The charges made for one record."""
    return FundCharge.objects.filter(content_type=ContentType.objects.get_for_model(type(record)),
                                     object_id=str(record.pk))


def charge_paid(record, user, amount, description):
    """The charge of a payment's pay step (a 优抚 batch, a payment roll: the effect of its workflow's
    transition, so in its transaction): `record.fund` pays `amount` on `record.paid_on`.  A short balance
    raises the Chinese refusal, which undoes the step; a payment of nothing charges nothing."""
    amount = Decimal(amount or 0).quantize(Decimal("0.01"))
    if amount <= 0:
        return None
    if record.fund_id is None:
        raise ValidationError(_("请先选择列支经费。"))
    return fund_charge(fund=record.fund, amount=amount, record=record, user=user, description=description,
                       charged_on=record.paid_on)


def fund_return(*, record, amount, user, reason):
    """Give back to its fund part of what `record` was charged (payments the bank returned): the charge and
    the fund's 已支出 are cut under the fund's lock; a charge given back whole is removed."""
    amount = Decimal(amount or 0).quantize(Decimal("0.01"))
    with transaction.atomic():
        charge = charges_of(record).select_for_update().order_by("-id").first()
        if charge is None or amount <= 0:
            return None
        amount = min(amount, charge.amount)
        locked = Fund._base_manager.select_for_update().get(pk=charge.fund_id)
        if amount == charge.amount:
            services.delete(instance=charge, user=user)
        else:
            charge.amount -= amount
            services.save(charge, user, reason)
        locked.disbursed -= amount
        services.save(locked, user, reason)
    return amount


def funds_for(area_code, user=None):
    """The funds that may pay a record of `area_code`: its area's and those of the areas above it (and,
    given a user, only those the user sees)."""
    funds = Fund.objects.visible_to(user) if user is not None else Fund.objects.all()
    return funds.filter(area_id__in=codes_above(area_code))


def default_fund(area_code, kind, year, amount=Decimal("0"), user=None):
    """The fund offered first: of the kind and year, covering the area, the one with the most left (and
    at least `amount`); None when there is none."""
    funds = [f for f in funds_for(area_code, user).filter(kind=kind, year=year) if f.balance >= amount]
    return max(funds, key=lambda f: (f.balance, -f.pk), default=None)


# -- attachments -------------------------------------------------------------------------------------------

SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)


def sniff_upload(upload):
    """(kind, size) of an uploaded document, judged by its first bytes, not its name; a file that is no
    PDF, PNG or JPEG (an archive, a Word file, a program) or is over the limit is refused."""
    size = upload.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("文件大小为%(size).1fMB，超过%(limit)dMB的限制。") % {
            "size": size / 1024 / 1024, "limit": ATTACHMENT_MAX_BYTES // 1024 // 1024}})
    if size == 0:
        raise ValidationError({"file": _("文件为空，请重新选择。")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind, size
    if head.startswith(b"PK\x03\x04") or head.startswith(b"Rar!") or head.startswith(b"7z\xbc\xaf"):
        raise ValidationError({"file": _("不接受压缩包，请逐份上传PDF或图片。")})
    raise ValidationError({"file": _("只接受PDF或JPG、PNG图片（按文件内容判断，不看扩展名）。")})


# -- assistance applications -----------------------------------------------------------------------------


def attach(*, application, title, upload, user):
    """Store one scanned document of the application (checked by its content and size)."""
    attachment = ApplicationAttachment(application=application, title=title.strip(), file=upload)
    attachment.content_kind, attachment.size = sniff_upload(upload)
    return services.save(attachment, user, _("上传申请材料"))


def _attach_from(data, application, user):
    if data.get("attachment_file"):
        attach(application=application, title=data.get("attachment_title") or "", upload=data["attachment_file"],
               user=user)


def application_create(*, model, data, user):
    """File an application: the clerk is its 经办人 (and so may not review or approve it)."""
    instance = model(filed_by=user)
    later = services.assign(instance, data)
    services.validate(instance)
    services.save(instance, user, _("提交申请"), later)
    _attach_from(data, instance, user)
    return instance


def application_update(*, instance, data, user):
    """An application is amended while it waits on the township or was sent back; later it is fixed."""
    if instance.status not in ("submitted", "returned"):
        raise ValidationError(_("申请已进入“%(state)s”，不能再修改。") % {"state": instance.get_status_display()})
    services.save_changes(instance=instance, data=data, user=user, reason=_("修改申请"))
    _attach_from(data, instance, user)
    return instance


def application_delete(*, instance, user):
    """Only an application still with the clerk (submitted or sent back) may be deleted: one reviewed,
    decided or paid is part of the record (a paid one's charge stays on its fund)."""
    if instance.status not in ("submitted", "returned"):
        raise ValidationError(_("申请已进入“%(state)s”，不能删除。") % {"state": instance.get_status_display()})
    services.delete(instance=instance, user=user)


def _step(application, name, user, remark, **values):
    """Store the step's data and apply the transition, all or nothing."""
    with transaction.atomic():
        locked = AssistanceApplication._base_manager.select_for_update().get(pk=application.pk)
        for field, value in values.items():
            setattr(locked, field, value)
        AssistanceApplication.workflow.check(locked, name, user, remark)
        locked.save(update_fields=[*values])  # the transition re-reads the row
        AssistanceApplication.workflow.apply(locked, name, user=user, remark=remark)
    fresh = AssistanceApplication._base_manager.get(pk=application.pk)
    for field in [*values, "status", "step_started_on", "due_on"]:
        setattr(application, field, getattr(fresh, field))
    return application


def application_approve(*, assistanceapplication, user, amount_approved, approved_on, remark=""):
    app = assistanceapplication
    if amount_approved <= 0:
        raise ValidationError(_("批准金额须大于0。"))
    if approved_on < app.applied_on:
        raise ValidationError(_("批准日期不能早于申请日期。"))
    text = remark or _("批准%(amount)s元（申请%(asked)s元）") % {"amount": amount_approved, "asked": app.amount_requested}
    return _step(app, "approve", user, text, amount_approved=amount_approved, approved_on=approved_on)


def application_pay(*, assistanceapplication, user, fund, paid_on, remark=""):
    """Pay the approved amount from `fund` (its balance must cover it); the charge and the step stand or
    fall together."""
    app = assistanceapplication
    if app.approved_on and paid_on < app.approved_on:
        raise ValidationError(_("发放日期不能早于批准日期。"))
    with transaction.atomic():
        _step(app, "pay", user, remark or _("从“%(fund)s”发放") % {"fund": fund}, fund=fund, paid_on=paid_on)
        fund_charge(fund=fund, amount=app.amount_approved, record=app, user=user, charged_on=paid_on,
                    description=_("%(kind)s：%(who)s") % {"kind": app.kind_label(), "who": app.veteran})
    return app


# -- social-insurance continuation ---------------------------------------------------------------------------


def stage_counts(queryset):
    """{stage: count} of the cases in `queryset`, every stage present."""
    found = dict(queryset.order_by().values_list("stage").annotate(n=Count("id")))
    return {value: found.get(value, 0) for value, _label in insurance_workflow.choices}


def stage_transitions(area, start, end):
    """{stage reached: number of transitions into it} in the period, for the cases inside `area`."""
    ids = InsuranceContinuation.objects.inside(area).annotate(key=Cast("pk", CharField())).values("key")
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(InsuranceContinuation),
        at__date__range=(start, end), object_id__in=Subquery(ids))
    found = dict(logs.order_by().values_list("destination").annotate(n=Count("id")))
    return {value: found.get(value, 0) for value, _label in insurance_workflow.choices}
