from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.forms_assist import PayForm
from benefits.models_scholarships import ScholarshipApplication
from core.action_forms import ActionForm
from core.forms import CaseForm

APPLICATION_FIELDSETS = [
    (_("学生"), ["student_name", "id_number", "school", "level", "school_year", "area"]),
    (_("烈士"), ["martyr", "martyr_name", "relationship"]),
    (_("申请"), ["applied_on", "note"]),
]


class ScholarshipApplicationForm(CaseForm):
    class Meta:
        model = ScholarshipApplication
        fields = [name for _title, names in APPLICATION_FIELDSETS for name in names]
        fieldsets = APPLICATION_FIELDSETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            self.fields["level"].help_text = _("资助金额按所选学段和学年的标准自动确定")


class GatherForm(ActionForm):
    """No fields: the batch's school year and area say which applications."""


class BatchPayForm(PayForm):
    """The fund and the day, as an assistance application's payment asks them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].help_text = _("从所选经费支出本批次合计金额；余额不足的不能发放")


class RemoveFromBatchForm(ActionForm):
    remark = forms.CharField(label=_("说明"), required=False, help_text=_("如：学籍信息待核实，下一批次发放"))
