"""The ledgers of the approved shops and of the 优待清单: what a bureau publishes (with batch and discounts);
and the roster of those a visit reached (export only: recipients are entered on their visit's page)."""

from core.ledger import Column, Ledger
from core.ledgers import AreaLedger, area_columns
from support_army.models import PreferentialItem, SupportShop, VisitRecipient, batch_label


def batch_text(number):
    return batch_label(number) if number else ""


def listing_columns():
    return [
        Column(field="applied_on"),
        Column(field="discounts", aliases=("优惠内容", "优惠措施"), width=40),
        Column(field="contact_person"),
        Column(field="phone", aliases=("电话",)),
        Column(field="status"),
        Column(header="批次", source="batch", export=batch_text),
        Column(field="approved_on"),
        Column(field="inspected_on"),
        Column(field="withdrawn_on"),
    ]


def shop_ledger(form_class):
    return AreaLedger(
        model=SupportShop, title="拥军优属门店台账", form_class=form_class, key=("licence_number",),
        select_related=("area__parent",),
        columns=[Column(field="name", aliases=("门店", "企业名称"), width=30), *area_columns(),
                 Column(field="licence_number", aliases=("统一社会信用代码",), width=22),
                 Column(field="address", width=30), Column(field="industry"), *listing_columns()],
    )


def item_ledger(form_class):
    return AreaLedger(
        model=PreferentialItem, title="优待清单台账", form_class=form_class, key=("name", "provider", "area"),
        select_related=("area__parent",),
        columns=[Column(field="name", width=30), *area_columns(), Column(field="provider", width=24),
                 Column(field="kind"), *listing_columns()],
    )


def recipient_name(veteran, household, unit, name):
    return veteran or household or unit or name or ""


recipient_ledger = Ledger(
    model=VisitRecipient, title="走访慰问对象台账",
    select_related=("visit__area",),
    columns=[Column("走访日期", source="visit__date"), Column("慰问时节", source="visit__occasion"),
             Column("所属区划", source="visit__area__name", width=16), Column("带队领导", source="visit__leader_name"),
             Column(field="kind"),
             Column("慰问对象", source=("veteran__name", "serving_family__household", "unit__name", "name"),
                    export=recipient_name, width=24),
             Column(field="cash"), Column(field="goods", width=20), Column(field="goods_value")],
)
