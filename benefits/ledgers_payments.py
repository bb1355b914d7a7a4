"""The roster (发放花名册) of the other 优抚 payments: one row a line, the person named by ID number;
exported per roll from its page (the lines' export filtered by roll) and imported into a draft roll."""

from benefits.models import Category
from benefits.models_payments import PaymentLine
from core.forms import CaseForm
from core.ledger import Column, Ledger
from veterans.ledgers import veteran_by_id

CATEGORY_LABELS = dict(Category.choices)


class PaymentLineForm(CaseForm):
    class Meta:
        model = PaymentLine
        fields = ["roll", "veteran", "entitlement", "amount", "content", "note"]


line_ledger = Ledger(
    model=PaymentLine,
    title="优抚发放花名册",
    form_class=PaymentLineForm,
    select_related=("roll", "veteran", "entitlement"),
    columns=[
        Column(field="roll", aliases=("发放表名称", "批次")),
        Column("姓名", source="veteran__name", width=10),
        Column("身份证号", "veteran", parse=veteran_by_id, source="veteran__id_number", sensitive=True,
               aliases=("公民身份号码", "身份证号码"), width=22),
        Column("享受人", source=("entitlement__family_member__name", "veteran__name"),
               export=lambda relative, own: relative or own, width=10),
        Column("优抚类别", source="entitlement__category", export=lambda value: CATEGORY_LABELS.get(value, "")),
        Column(field="amount", aliases=("金额", "发放金额", "补助金额")),
        Column(field="service_years", aliases=("服役年限",)),
        Column(field="content", aliases=("补助内容", "改造内容")),
        Column(field="note"),
    ],
)
