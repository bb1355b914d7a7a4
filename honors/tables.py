import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import CaseTable
from honors.models import MartyrCorrection, MeritNotice


class CorrectionTable(CaseTable):
    field = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(CaseTable.Meta):
        model = MartyrCorrection
        fields = ("field", "martyr", "old_value", "new_value", "source_document", "entered_by", "status", "decided_on")


class NoticeTable(CaseTable):
    """Notices with their deadline, their age while undelivered and the overdue flag."""

    member_name = tables.Column(linkify=lambda record: record.get_absolute_url())
    deadline = tables.Column(verbose_name=_("送达期限"), orderable=False, accessor="deadline")
    age = tables.Column(verbose_name=_("未送达天数"), orderable=False, empty_values=())
    overdue = tables.Column(verbose_name=_("超期"), orderable=False, empty_values=())

    class Meta(CaseTable.Meta):
        model = MeritNotice
        fields = ("member_name", "merit_class", "area", "received_on", "deadline", "delivered_on", "delivered_by", "age",
                  "overdue")

    def render_age(self, record):
        age = record.age()
        return "—" if age is None else f"{age}天"

    def render_overdue(self, record):
        return _("超期") if record.overdue() else "—"
