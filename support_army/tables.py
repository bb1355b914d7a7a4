import django_tables2 as tables

from core.tables import CaseTable
from support_army.models import VisitRecipient


class RecipientTable(CaseTable):
    """The recipients on their visit's page (the visit is the page)."""

    kind = tables.Column(linkify=lambda record: record.get_absolute_url())
    recipient_name = tables.Column(verbose_name="慰问对象", orderable=False)

    class Meta(CaseTable.Meta):
        model = VisitRecipient
        fields = ("kind", "recipient_name", "cash", "goods", "goods_value")


class VisitsReceivedTable(CaseTable):
    """The visits a veteran (or a unit) received, on its page."""

    visit = tables.Column(linkify=lambda record: record.visit.get_absolute_url())

    class Meta(CaseTable.Meta):
        model = VisitRecipient
        fields = ("visit", "kind", "cash", "goods", "goods_value")
