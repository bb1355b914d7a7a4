import re

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.action_forms import ActionForm
from core.formfields import IDNumberFormField
from core.forms import CaseForm
from veterans import services
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PreferentialCard,
    TransferRequest,
    Veteran,
    VeteranArchive,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
)


class NameField(forms.CharField):
    """A person's name: spaces inside it (王 建 军, full-width ones too) are typing, not part of the name.

    Removing them here rather than only in Veteran.clean() lets has_changed() see that a ledger row
    reading " 王 建 军 " is the stored 王建军, so importing the same file twice changes nothing."""

    def to_python(self, value):
        return re.sub(r"\s+", "", super().to_python(value))


class VeteranForm(CaseForm):
    class Meta:
        model = Veteran
        field_classes = {"name": NameField}
        fields = ["name", "id_number", "ethnicity", "phone", "area", "address", "current_address", "political_status",
                  "education", "branch", "enlistment_date", "discharge_date", "discharge_category", "unit", "rank", "merits",
                  "registered_on", "documented", "plaque_hung_on", "note"]
        labels = {"area": _("户籍所在村居")}
        fieldsets = [
            (_("身份信息"), ["name", "id_number", "ethnicity", "phone", "area", "address", "current_address",
                         "political_status", "education"]),
            (_("服役信息"), ["branch", "enlistment_date", "discharge_date", "discharge_category", "unit", "rank", "merits"]),
            (_("管理信息"), ["registered_on", "documented", "plaque_hung_on", "note"]),
        ]

    def clean_id_number(self):
        number = self.cleaned_data.get("id_number")
        if not number or "id_number" in getattr(self.import_context, "checked_unique", ()):
            return number  # an import compares every row's number with the stored ones at once
        existing = Veteran._base_manager.filter(id_number=number).exclude(pk=self.instance.pk).first()
        if existing is not None:
            if Veteran.objects.visible_to(self.user).filter(pk=existing.pk).exists():
                raise forms.ValidationError(format_html('该身份证号已登记为<a href="{}">{}</a>，请勿重复录入。',
                                                        existing.get_absolute_url(), existing.name))
            raise forms.ValidationError(format_html(
                '该身份证号已在其他地区登记。如该人员已迁入本地，请<a href="{}">提交迁入申请</a>，由原登记地办理迁移。',
                reverse("veterans:transferrequest_add")))
        return number


class TransferRequestForm(CaseForm):
    """The ID number names the person; the request goes to the bureau that holds them."""

    id_number = IDNumberFormField(label=_("公民身份号码"))

    class Meta:
        model = TransferRequest
        fields = ["name", "id_number", "area", "reason"]
        labels = {"area": _("迁入村居")}
        fieldsets = [(_("迁入申请"), ["name", "id_number", "area", "reason"])]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.veteran_id and self.user.can_reveal:
            self.initial["id_number"] = self.instance.veteran.id_number

    def clean(self):
        data = super().clean()
        number, name = data.get("id_number"), data.get("name")
        if not number or not name:
            return data
        found = Veteran._base_manager.filter(id_number=number).first()
        if found is None:
            self.add_error("id_number", format_html('未找到该身份证号的登记记录，请直接<a href="{}">新增退役军人</a>。',
                                                    reverse("veterans:veteran_add")))
        elif Veteran.objects.visible_to(self.user).filter(pk=found.pk).exists():
            self.add_error("id_number", format_html('该人员已在您的辖区登记为<a href="{}">{}</a>，无需申请迁入。',
                                                    found.get_absolute_url(), found.name))
        elif found.name != name:
            self.add_error("name", _("姓名与该身份证号的登记信息不一致，请核对。"))
        else:
            data["found"] = found
        return data


class VeteranChildForm(CaseForm):
    """A record that belongs to one veteran: the veteran comes from ?veteran=<pk> when adding from the detail page."""


class FamilyMemberForm(VeteranChildForm):
    class Meta:
        model = FamilyMember
        fields = ["veteran", "name", "relationship", "id_number", "phone", "work_unit", "is_military_spouse", "is_martyr_child", "note"]
        fieldsets = [(_("家庭成员"), fields)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = False


class PreferentialCardForm(VeteranChildForm):
    class Meta:
        model = PreferentialCard
        fields = ["veteran", "number", "applied_on"]
        fieldsets = [(_("优待证申请"), fields)]

    def clean_veteran(self):
        veteran = self.cleaned_data.get("veteran")
        if veteran and veteran.status != "alive":
            raise forms.ValidationError(_("该人员已故或已迁出，不能申请优待证。"))
        return veteran


class VeteranArchiveForm(VeteranChildForm):
    class Meta:
        model = VeteranArchive
        fields = ["veteran", "received_on", "sender", "volumes", "transferred_to", "note"]
        fieldsets = [(_("档案接收"), fields)]


class AnnualCheckForm(VeteranChildForm):
    class Meta:
        model = AnnualCheck
        fields = ["veteran", "year", "checked_on", "result", "note"]
        fieldsets = [(_("年度信息核查"), fields)]


class VolunteerTeamForm(CaseForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "area", "kind", "leader", "phone", "founded_on", "note"]
        fieldsets = [(_("志愿服务队"), fields)]


class VolunteerMemberForm(CaseForm):
    class Meta:
        model = VolunteerMember
        fields = ["team", "veteran", "joined_on", "duty"]
        fieldsets = [(_("志愿者"), fields)]


class VolunteerActivityForm(CaseForm):
    class Meta:
        model = VolunteerActivity
        fields = ["team", "date", "kind", "title", "place", "participants", "service_hours"]
        fieldsets = [(_("志愿服务活动"), fields)]


class DeathForm(ActionForm):
    death_date = forms.DateField(label=_("去世日期"))
    note = forms.CharField(label=_("说明"), required=False)


class MoveForm(ActionForm):
    to_area = forms.CharField(label=_("迁入地"), help_text=_("填写镇街或村居的区划代码（9位或12位），或唯一的名称"))
    moved_on = forms.DateField(label=_("迁移日期"))
    note = forms.CharField(label=_("说明"), required=False)

    def clean_to_area(self):
        return services.resolve_area(self.cleaned_data["to_area"])


class MoveOutForm(ActionForm):
    destination = forms.CharField(label=_("迁往"), help_text=_("如：江苏省南京市"))
    moved_on = forms.DateField(label=_("迁出日期"))
    note = forms.CharField(label=_("说明"), required=False)
