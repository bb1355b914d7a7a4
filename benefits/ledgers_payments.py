"""The roster (发放花名册) of the other 优抚 payments: one row a line, the person named by ID number;
exported per roll from its page (the lines' export filtered by roll) and imported into a draft roll."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from benefits.models import Category, Entitlement
from benefits.models_payments import RollLine
from core.forms import CaseForm
from core.ledger import Column, Ledger, normalize_text
from veterans.ledgers import veteran_by_id

CATEGORY_LABELS = dict(Category.choices)


def entitlement_by_number(value, context):
    """The entitlement by its record number (the roster exports it), among those the user can see."""
    text = normalize_text(value)
    if not text:
        return None
    found = Entitlement.objects.visible_to(context.user).filter(pk=int(text)).values_list("pk", flat=True).first() \
        if text.isdigit() else None
    if found is None:
        raise ValidationError(_("未找到编号为%(n)s的优抚资格（或不在您的管辖范围内）。") % {"n": text})
    return found


class RollLineForm(CaseForm):
    class Meta:
        model = RollLine
        fields = ["roll", "veteran", "entitlement", "amount", "content", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "veteran" in self.fields:
            self.fields["veteran"].required = False  # taken from the entitlement when one is chosen


line_ledger = Ledger(
    model=RollLine,
    title="优抚发放花名册",
    form_class=RollLineForm,
    select_related=("roll", "veteran", "entitlement"),
    columns=[
        Column(field="roll", aliases=("发放表名称", "批次")),
        Column("姓名", source="veteran__name", width=10),
        Column("身份证号", "veteran", parse=veteran_by_id, source="veteran__id_number", sensitive=True,
               aliases=("公民身份号码", "身份证号码"), width=22),
        Column("优抚资格编号", "entitlement", parse=entitlement_by_number, source="entitlement_id", width=10,
               aliases=("资格编号",)),
        Column("享受人", source=("entitlement__family_member__name", "veteran__name"),
               export=lambda relative, own: relative or own, width=10),
        Column("优抚类别", source="entitlement__category", export=lambda value: CATEGORY_LABELS.get(value, "")),
        Column(field="amount", aliases=("金额", "发放金额", "补助金额")),
        Column(field="service_years", aliases=("服役年限",)),
        Column(field="content", aliases=("补助内容", "改造内容")),
        Column(field="note"),
    ],
)
