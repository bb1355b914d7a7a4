"""The 优抚对象台账: people named by ID number (names repeat), the beneficiary relative by theirs."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from benefits.forms import EntitlementForm
from benefits.models import Entitlement
from core.idnumber import clean_id_number
from core.ledger import Column, Ledger, normalize_text
from veterans.ledgers import veteran_by_id
from veterans.models import FamilyMember


def family_member_by_id(value, context):
    """The relative who is paid, named by their ID number among the family members the user can see."""
    text = normalize_text(value)
    if not text:
        return None
    number = clean_id_number(text)
    found = list(FamilyMember.objects.visible_to(context.user).filter(id_number=number).values_list("pk", flat=True)[:2])
    if len(found) != 1:
        raise ValidationError(_("未找到该身份证号的家庭成员（或不在您的管辖范围内）。") if not found else _("该身份证号对应多名家庭成员。"))
    return found[0]


entitlement_ledger = Ledger(
    model=Entitlement,
    title="优抚对象台账",
    form_class=EntitlementForm,
    select_related=("veteran", "family_member"),
    columns=[
        Column("退役军人姓名", source="veteran__name", width=10),
        Column("退役军人身份证号", "veteran", parse=veteran_by_id, source="veteran__id_number", sensitive=True,
               aliases=("公民身份号码", "身份证号", "身份证号码"), width=22),
        Column("享受家属姓名", source="family_member__name", width=10),
        Column("享受家属身份证号", "family_member", parse=family_member_by_id, source="family_member__id_number",
               sensitive=True, aliases=("家属身份证号",), width=22),
        Column(field="category", aliases=("类别", "优抚对象类别")),
        Column(field="household", aliases=("户籍", "城乡类别")),
        Column(field="disability_grade", aliases=("等级", "残疾等级")),
        Column(field="disability_cause", aliases=("性质", "残疾性质")),
        Column(field="disabled_period"),
        Column(field="certificate_number", aliases=("证书编号", "证号")),
        Column(field="certificate_date"),
        Column(field="approved_on"),
        Column(field="pays_from"),
        Column(field="approval_document", aliases=("文号",)),
        Column(field="bank_name"),
        Column(field="bank_account", aliases=("账号", "银行卡号"), width=22),
        Column(field="status"),
        Column(field="ended_on"),
        Column(field="end_reason"),
        Column(field="note"),
    ],
)
