import django_tables2 as tables

from core.tables import CaseTable
from support_army.models import PreferentialItem, SupportShop, VisitRecipient, batch_label


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


def listing_table(model, first, columns):
    """The list of shops or 优待清单 items: the batch read as 第一批."""

    def render_batch(self, value):
        return batch_label(value)

    attrs = {first: tables.Column(linkify=lambda record: record.get_absolute_url()), "render_batch": render_batch,
             "Meta": type("Meta", (CaseTable.Meta,), {"model": model, "fields": columns})}
    return type(f"{model.__name__}Table", (CaseTable,), attrs)


ShopTable = listing_table(SupportShop, "name", ("name", "area", "industry", "discounts", "status", "batch", "approved_on"))
ItemTable = listing_table(PreferentialItem, "name", ("name", "kind", "provider", "discounts", "status", "batch", "approved_on"))
