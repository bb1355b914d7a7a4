"""Writes of 烈士后裔助学金: filing and amending an application (its amount looked up from the standard),
gathering a school year's approved applications into a batch, taking one out, and paying a batch as one
from a fund (services_assist.fund_charge: never past the fund's balance)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from benefits.approval import OPEN_STATES
from benefits.models_scholarships import ScholarshipApplication, ScholarshipBatch, scholarship_workflow
from benefits.services_assist import fund_charge
from core import services

MAX_BATCH = 5000


# -- applications ---------------------------------------------------------------------------------------


def application_create(*, model, data, user):
    """File an application: the clerk is its 经办人 (and so may not review or approve it); the amount is
    the standard's (the model's clean() looks it up and refuses when there is none)."""
    instance = model(filed_by=user)
    later = services.assign(instance, data)
    services.validate(instance)
    return services.save(instance, user, _("提交申请"), later)


def application_update(*, instance, data, user):
    """Amended while it waits on the township or was sent back (the amount looked up again); later fixed."""
    if instance.status not in OPEN_STATES:
        raise ValidationError(_("申请已进入“%(state)s”，不能再修改。") % {"state": instance.get_status_display()})
    return services.save_changes(instance=instance, data=data, user=user, reason=_("修改申请"))


def application_delete(*, instance, user):
    if instance.status not in (*OPEN_STATES, "refused"):
        raise ValidationError(_("申请已“%(state)s”，不能删除。") % {"state": instance.get_status_display()})
    services.delete(instance=instance, user=user)


def application_remove_from_batch(*, scholarshipapplication, user, remark=""):
    """Take an approved application out of a batch not yet paid (it waits for another batch)."""
    with transaction.atomic():
        application = ScholarshipApplication._base_manager.select_for_update().get(pk=scholarshipapplication.pk)
        batch = application.batch
        if batch is None:
            raise ValidationError(_("该申请不在任何发放批次中。"))
        if batch.status != "draft":
            raise ValidationError(_("发放批次“%(batch)s”已发放，不能移出。") % {"batch": batch})
        application.batch = None
        services.save(application, user, remark or _("移出发放批次“%(batch)s”") % {"batch": batch})
        batch_totals(batch, user)
    scholarshipapplication.batch = None
    return scholarshipapplication


# -- batches -----------------------------------------------------------------------------------------------


def batch_totals(batch, user):
    """Store the batch's total (元, the sum of its applications' amounts) and its people (distinct students)."""
    figures = ScholarshipApplication._base_manager.filter(batch=batch).aggregate(
        total=Sum("amount"), people=Count("id_number_index", distinct=True))
    batch.total_amount = figures["total"] or 0
    batch.people = figures["people"] or 0
    ScholarshipBatch._base_manager.filter(pk=batch.pk).update(total_amount=batch.total_amount, people=batch.people)
    return batch


def batch_gather(*, scholarshipbatch, user):
    """Add every approved application of the batch's school year inside its area that no batch holds yet."""
    batch = scholarshipbatch
    with transaction.atomic():
        batch = ScholarshipBatch._base_manager.select_for_update().get(pk=batch.pk)
        if batch.status != "draft":
            raise ValidationError(_("发放批次已发放，不能再添加申请。"))
        waiting = (ScholarshipApplication.objects.visible_to(user).inside(batch.area_id)
                   .filter(status="approved", school_year=batch.year, batch__isnull=True).order_by("applied_on", "id"))
        waiting = list(waiting.select_for_update()[:MAX_BATCH + 1])
        if not waiting:
            raise ValidationError(_("区划内没有%(year)s学年已批准、尚未纳入批次的助学金申请。") % {"year": batch.year})
        if len(waiting) > MAX_BATCH:
            raise ValidationError(_("一个批次最多%(n)d人，请按区划分批。") % {"n": MAX_BATCH})
        for application in waiting:
            application.batch = batch
            services.save(application, user, _("纳入发放批次“%(batch)s”") % {"batch": batch})
        batch_totals(batch, user)
    scholarshipbatch.total_amount, scholarshipbatch.people = batch.total_amount, batch.people
    return waiting


def batch_pay(*, scholarshipbatch, user, fund, paid_on, remark=""):
    """Pay the batch as one: the fund is charged its total (refused past the balance), and every
    application in it takes its 发放 step; all of it, or nothing."""
    with transaction.atomic():
        batch = ScholarshipBatch._base_manager.select_for_update().get(pk=scholarshipbatch.pk)
        applications = list(ScholarshipApplication._base_manager.select_for_update().filter(batch=batch)
                            .order_by("id"))
        late = [a for a in applications if a.status != "approved"]
        if late:
            raise ValidationError(_("批次中“%(who)s”的申请为“%(state)s”，只有已批准的申请可以发放；请先移出。") % {
                "who": late[0].student_name, "state": late[0].get_status_display()})
        if applications and paid_on < max(a.approved_on for a in applications):
            raise ValidationError(_("发放日期不能早于批次中申请的批准日期。"))
        batch.fund, batch.paid_on = fund, paid_on
        batch_totals(batch, user)
        ScholarshipBatch.workflow.check(batch, "pay", user, remark)
        services.save(batch, user, _("选择支出经费"))  # the transition re-reads the row
        ScholarshipBatch.workflow.apply(batch, "pay", user=user, remark=remark or _("从“%(fund)s”发放") % {"fund": fund})
        fund_charge(fund=fund, amount=batch.total_amount, record=batch, user=user, charged_on=paid_on,
                    description=_("%(batch)s（%(n)d人）") % {"batch": batch, "n": batch.people})
        for application in applications:
            application.batch = batch
            scholarship_workflow.apply(application, "pay", user=user, remark=_("随“%(batch)s”发放") % {"batch": batch})
    fresh = ScholarshipBatch._base_manager.get(pk=batch.pk)
    for field in ("status", "fund", "paid_on", "total_amount", "people"):
        setattr(scholarshipbatch, field, getattr(fresh, field))
    return scholarshipbatch


def batch_delete(*, instance, user):
    """A batch not yet paid may be deleted: its applications wait for another."""
    if instance.status != "draft":
        raise ValidationError(_("发放批次已发放，不能删除。"))
    ScholarshipApplication._base_manager.filter(batch=instance).update(batch=None)
    services.delete(instance=instance, user=user)
