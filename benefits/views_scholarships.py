"""Pages of 烈士后裔助学金: the standards, the applications (their approval steps on the detail page) and
the batches that pay them, with the roster (the applications' ledger filtered by batch)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits import forms_scholarships, ledgers_scholarships, services_assist, services_scholarships
from benefits.models_scholarships import (
    SCHOLARSHIP_STEP_DAYS,
    ScholarshipApplication,
    ScholarshipBatch,
    ScholarshipStandard,
)
from benefits.views_assist import days_left_html
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.registry import register, registry
from core.roles import Role
from core.tables import CaseTable


@register
class ScholarshipStandardViews(ModelViews):
    model = ScholarshipStandard
    fields = ["area", "level", "year", "amount", "document", "note"]
    list_display = ["year", "level", "amount", "area", "document"]
    list_filter = ["level", "year"]
    search_fields = ["document"]
    ledger_key = ["area", "level", "year"]
    list_select_related = ("area",)
    section = "benefits"
    write_roles = (Role.STAFF,)  # the bureau sets the standards; clerks read them


class ScholarshipApplicationTable(CaseTable):
    applied_on = tables.Column(linkify=lambda record: record.get_absolute_url())
    days_left = tables.Column(verbose_name=_("办理时限"), empty_values=(), order_by=("due_on",))

    class Meta(CaseTable.Meta):
        model = ScholarshipApplication
        fields = ("applied_on", "student_name", "id_number", "school", "level", "school_year", "martyr", "martyr_name",
                  "relationship", "amount", "area", "status", "days_left")

    def render_days_left(self, record):
        return days_left_html(record)


def application_panel(request, application):
    return {"application": application, "days_left": days_left_html(application), "step_days": SCHOLARSHIP_STEP_DAYS}


def in_draft_batch(application):
    return application.batch_id is not None and application.status == "approved"


@register
class ScholarshipApplicationViews(ModelViews):
    model = ScholarshipApplication
    form_class = forms_scholarships.ScholarshipApplicationForm
    ledger = ledgers_scholarships.scholarship_ledger
    table_class = ScholarshipApplicationTable
    list_filter = ["level", "status", "school_year", "relationship", "batch"]
    search_fields = ["student_name", "school", "martyr_name", "martyr__name"]
    date_filter = "applied_on"
    list_select_related = ("martyr", "area")
    section = "benefits"
    create_service = staticmethod(services_scholarships.application_create)
    update_service = staticmethod(services_scholarships.application_update)
    delete_service = staticmethod(services_scholarships.application_delete)
    detail_fieldsets = [
        (_("学生"), ["student_name", "id_number", "school", "level", "school_year", "area"]),
        (_("烈士"), ["martyr", "martyr_name", "relationship"]),
        (_("审批与发放"), ["applied_on", "amount", "status", "step_started_on", "due_on", "filed_by", "approved_on",
                      "batch", "paid_on", "note"]),
    ]
    panels = (Panel(_("办理时限"), "benefits/scholarships/_application_panel.html", application_panel, order=5),)
    object_actions = (
        ObjectAction("remove_from_batch", _("移出发放批次"), forms_scholarships.RemoveFromBatchForm,
                     services_scholarships.application_remove_from_batch, roles=[Role.STAFF], available=in_draft_batch,
                     help_text=_("移出尚未发放的批次，留待下一批次发放。")),
    )

    workflow_hidden = ("pay",)  # 发放 is the batch's (paid with it), not a button here
    workflow_guarded = True


class BatchApplicationTable(CaseTable):
    student_name = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(CaseTable.Meta):
        model = ScholarshipApplication
        fields = ("student_name", "id_number", "school", "level", "martyr_name", "relationship", "amount", "area",
                  "status")


def batch_panel(request, batch):
    return {"batch": batch, "roster_url": f"{reverse('benefits:scholarshipapplication_export')}?batch={batch.pk}",
            "lines_url": f"{reverse('benefits:scholarshipapplication_list')}?batch={batch.pk}",
            "charges": services_assist.charges_of(batch).select_related("fund")}


def draft(batch):
    return batch.status == "draft"


@register
class ScholarshipBatchViews(ModelViews):
    model = ScholarshipBatch
    fields = ["area", "year", "name", "note"]
    list_display = ["name", "year", "area", "status", "people", "total_amount", "fund", "paid_on"]
    list_filter = ["year", "status"]
    search_fields = ["name"]
    date_filter = "paid_on"
    list_select_related = ("area", "fund")
    ledger = False  # the roster is the applications' ledger of the batch (its page links it)
    section = "benefits"
    write_roles = (Role.STAFF,)
    delete_service = staticmethod(services_scholarships.batch_delete)
    detail_fieldsets = [(None, ["name", "year", "area", "status", "people", "total_amount", "fund", "paid_on", "note"])]
    panels = (Panel(_("发放合计"), "benefits/scholarships/_batch_panel.html", batch_panel, order=5),)
    related = (RelatedBlock(_("发放花名册"), "applications", BatchApplicationTable, select_related=("area",), limit=200),)
    object_actions = (
        ObjectAction("gather", _("汇总已批准申请"), forms_scholarships.GatherForm, services_scholarships.batch_gather,
                     roles=[Role.STAFF], available=draft,
                     help_text=_("把区划内该学年已批准、尚未纳入批次的申请全部加入本批次。")),
        ObjectAction("pay", _("发放"), forms_scholarships.BatchPayForm, services_scholarships.batch_pay,
                     roles=[Role.STAFF], available=draft,
                     help_text=_("本批次合计金额从所选经费一次支出，批次中的申请全部登记为已发放；经费余额不足的不能发放。")),
    )

    workflow_hidden = ("pay",)  # 发放 needs a fund and a day: offered as the action above, not as a bare button
    workflow_guarded = True


# On the martyr's page of the register (honors, linked by app label): the descendants' applications.
registry.extend_detail("honors.martyr", RelatedBlock(
    _("烈士后裔助学金"), "scholarship_applications", BatchApplicationTable, select_related=("area",), order=60))
