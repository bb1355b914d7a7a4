"""The batch roster (发放台账): one row a line, with the standard's parts shown separately."""

from benefits.models import Category
from benefits.models_batches import PaymentLine
from core.ledger import Column, Ledger

payment_line_ledger = Ledger(
    model=PaymentLine,
    title="定期抚恤补助发放台账",
    select_related=("entitlement__veteran", "entitlement__family_member", "batch"),
    record_key=False,
    columns=[
        Column("发放批次", source="batch__name", width=24),
        Column("区划代码", source="area_id", width=14),
        Column("退役军人姓名", source="entitlement__veteran__name", width=10),
        Column("退役军人身份证号", source="entitlement__veteran__id_number", sensitive=True, width=22),
        Column("享受家属姓名", source="entitlement__family_member__name", width=10),
        Column("享受家属身份证号", source="entitlement__family_member__id_number", sensitive=True, width=22),
        Column("优抚类别", source="category", export=lambda value: str(Category(value).label) if value in Category.values else value),
        Column("伤残等级", source="entitlement__disability_grade"),
        Column("伤残性质", source="entitlement__disability_cause"),
        Column("所属月份", source="month", export=lambda month: f"{month:%Y-%m}"),
        Column(field="kind"),
        Column(field="national_amount"),
        Column(field="local_amount"),
        Column(field="nursing_amount"),
        Column(field="amount"),
        Column("开户银行", source="entitlement__bank_name", width=20),
        Column("银行账号", source="entitlement__bank_account", width=22),
        Column(field="rejected"),
        Column(field="reject_reason"),
        Column(field="reason", width=30),
    ],
)
