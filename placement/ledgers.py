"""Ledgers of the records that name a veteran: the person by ID number (names repeat), as the 优抚 ledger
does; every other column is the model field's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.idnumber import clean_id_number
from core.ledger import Column, Ledger, normalize_text
from veterans.ledgers import veteran_by_id
from veterans.models import FamilyMember

ID_ALIASES = ("公民身份号码", "身份证号", "身份证号码")


def family_member_by_id(value, context):
    text = normalize_text(value)
    if not text:
        return None
    number = clean_id_number(text)
    found = list(FamilyMember.objects.visible_to(context.user).filter(id_number=number).values_list("pk", flat=True)[:2])
    if len(found) != 1:
        raise ValidationError(_("未找到该身份证号的家庭成员（或不在您的管辖范围内）。") if not found else _("该身份证号对应多名家庭成员。"))
    return found[0]


def person_ledger(viewset, title, *, family=False):
    """The ledger of a registered ModelViews whose form names `veteran` (and `family_member`)."""
    columns = [
        Column("退役军人姓名", source="veteran__name", width=10),
        Column("退役军人身份证号", "veteran", parse=veteran_by_id, source="veteran__id_number", sensitive=True,
               aliases=ID_ALIASES, width=22),
    ]
    if family:
        columns += [
            Column("家属姓名", source="family_member__name", width=10),
            Column("家属身份证号", "family_member", parse=family_member_by_id, source="family_member__id_number",
                   sensitive=True, aliases=("家属公民身份号码",), width=22),
        ]
    skip = {"veteran", "family_member"}
    columns += [Column(field=name) for name in viewset.form_class.Meta.fields if name not in skip]
    related = ("veteran", "family_member") if family else ("veteran",)
    return Ledger(model=viewset.model, title=title, form_class=viewset.form_class, select_related=related, columns=columns)
