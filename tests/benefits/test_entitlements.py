"""Entitlements (优抚对象资格): their rules, the death and move-out hooks, the veteran's page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from benefits.fields import mask_account
from benefits.models import Category, EndReason, Entitlement, SubsidyStandard, first_of_next_month
from benefits.services import dual_identity_flags, entitlement_end
from core import hooks, services
from tests.factories import FamilyMemberFactory, VeteranFactory, make_id_number
from veterans import services as veteran_services
from veterans.models import VeteranStatus

pytestmark = pytest.mark.django_db

ACCOUNT = "6222021234567890123"


def create(user, **data):
    return services.record_create(model=Entitlement, data=data, user=user)


def disabled(veteran, **extra):
    return {"veteran": veteran, "category": Category.DISABLED_SOLDIER, "disability_grade": 6, "disability_cause": "war",
            "approved_on": datetime.date(2025, 1, 31), **extra}


@pytest.mark.parametrize("approved, pays_from", [
    (datetime.date(2025, 1, 31), datetime.date(2025, 2, 1)),
    (datetime.date(2025, 12, 15), datetime.date(2026, 1, 1)),
    (datetime.date(2024, 2, 29), datetime.date(2024, 3, 1)),
    (datetime.date(2025, 3, 1), datetime.date(2025, 4, 1)),
])
def test_payment_starts_the_month_after_approval(approved, pays_from, users, tree):
    assert first_of_next_month(approved) == pays_from
    veteran = VeteranFactory(area=tree["village11"])
    entitlement = create(users["staff"], **disabled(veteran, approved_on=approved))
    assert Entitlement.objects.get(pk=entitlement.pk).pays_from == pays_from
    assert entitlement.area_id == tree["village11"].code  # the veteran's area, copied


@pytest.mark.parametrize("data, field, message", [
    ({"disability_grade": None}, "disability_grade", "伤残类别须填写伤残等级"),
    ({"disability_cause": ""}, "disability_cause", "伤残类别须选择伤残性质"),
    ({"disability_grade": 11}, "disability_grade", "伤残等级应为1至10级"),
    ({"disability_grade": 0}, "disability_grade", "伤残等级应为1至10级"),
    ({"category": Category.DEMOBILISED}, "disability_grade", "非伤残类别不填写伤残等级"),
    ({"category": Category.MARTYR_FAMILY, "disability_grade": None, "disability_cause": ""}, "family_member",
     "须选择享受待遇的家属"),
    ({"bank_account": "62220212"}, "bank_account", "银行账号应为12至19位数字"),
    ({"bank_account": "6222abc234567890"}, "bank_account", "银行账号应为12至19位数字"),
])
def test_bad_entitlements_are_refused_in_chinese(data, field, message, users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError) as caught:
        create(users["staff"], **disabled(veteran, **data))
    assert any(message in text for text in caught.value.message_dict[field])
    assert not Entitlement.objects.exists()


def test_start_before_birth_or_after_death_is_refused(users, tree):
    veteran = VeteranFactory(area=tree["village11"], id_number=make_id_number(born=datetime.date(1980, 5, 17)))
    with pytest.raises(ValidationError, match="不能早于享受人的出生日期"):
        create(users["staff"], **disabled(veteran, approved_on=datetime.date(1980, 5, 16)))
    veteran_services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="不能晚于本人的去世日期"):
        create(users["staff"], **disabled(veteran, approved_on=datetime.date(2024, 6, 2)))
    assert not Entitlement.objects.exists()


def test_a_survivor_is_a_family_member_of_that_veteran(users, tree):
    martyr = VeteranFactory(area=tree["village11"])
    widow = FamilyMemberFactory(veteran=martyr)
    stranger = FamilyMemberFactory(veteran=VeteranFactory(area=tree["village11"]))
    with pytest.raises(ValidationError, match="不是该退役军人的家庭成员"):
        create(users["staff"], veteran=martyr, family_member=stranger, category=Category.MARTYR_FAMILY,
               approved_on=datetime.date(2024, 3, 1))
    entitlement = create(users["staff"], veteran=martyr, family_member=widow, category=Category.MARTYR_FAMILY,
                         approved_on=datetime.date(2024, 3, 1))
    assert entitlement.beneficiary_name == widow.name and entitlement.is_key


def test_a_second_active_entitlement_of_the_same_category_is_refused(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    create(users["staff"], **disabled(veteran))
    with pytest.raises(ValidationError, match="不能重复认定"):
        create(users["staff"], **disabled(veteran, disability_grade=5))
    assert Entitlement.objects.count() == 1


def test_key_beneficiaries_come_from_the_category(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    assert create(users["staff"], **disabled(veteran)).is_key
    assert not create(users["staff"], **disabled(veteran, category=Category.DISABLED_POLICE)).is_key
    assert create(users["staff"], veteran=veteran, category=Category.WAR_VETERAN, approved_on=datetime.date(2024, 1, 1)).is_key
    assert not create(users["staff"], veteran=veteran, category=Category.OTHER, approved_on=datetime.date(2024, 1, 1)).is_key


def test_dual_identity_flags(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    first = create(users["staff"], **disabled(veteran))
    assert dual_identity_flags([first]) == []
    second = create(users["staff"], veteran=veteran, category=Category.DEMOBILISED, approved_on=datetime.date(2024, 1, 1))
    third = create(users["staff"], **disabled(veteran, category=Category.DISABLED_MILITIA))
    flags = dict(dual_identity_flags([first, second, third]))
    assert "就高" in flags["残疾军人 + 在乡复员军人"]
    assert "伤残抚恤不能重复享受" in flags["残疾军人 + 伤残民兵民工"]
    entitlement_end(entitlement=third, user=users["staff"], ended_on=datetime.date(2025, 3, 1), end_reason=EndReason.DISQUALIFIED)
    assert [pair for pair, _check in dual_identity_flags([first, second, third])] == ["残疾军人 + 在乡复员军人"]


def test_the_bank_account_is_masked_in_pages_and_exports(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    entitlement = create(users["staff"], **disabled(veteran, bank_account="6222 0212 3456 7890 123"))
    assert entitlement.bank_account == ACCOUNT  # the spaces of a card's groups dropped
    assert mask_account(ACCOUNT) == "6222***********0123"
    client = client_for(users["staff"])
    for url in (reverse("benefits:entitlement_detail", args=[entitlement.pk]), reverse("benefits:entitlement_list"),
                reverse("benefits:entitlement_edit", args=[entitlement.pk]), veteran.get_absolute_url()):
        body = client.get(url).content.decode()
        assert ACCOUNT not in body, url
    assert "6222***********0123" in client.get(reverse("benefits:entitlement_detail", args=[entitlement.pk])).content.decode()
    from openpyxl import load_workbook

    response = client.get(reverse("benefits:entitlement_export"))
    book = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content)))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value]
    assert ACCOUNT not in cells and "6222***********0123" in cells


# ---------------------------------------------------------------- the hooks


def test_a_death_ends_the_veterans_own_entitlements_not_the_relatives(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    own = create(users["staff"], **disabled(veteran))
    widow = FamilyMemberFactory(veteran=veteran)
    other = VeteranFactory(area=tree["village11"])
    relative = create(users["staff"], veteran=other, family_member=FamilyMemberFactory(veteran=other),
                      category=Category.ILLNESS_DEATH_FAMILY, approved_on=datetime.date(2024, 1, 1))
    assert widow.pk
    veteran_services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 6, 3))
    own.refresh_from_db()
    assert (own.status, own.ended_on, own.end_reason) == ("ended", datetime.date(2025, 6, 3), EndReason.DEATH)
    assert own.history.first().history_user == users["staff"]
    assert Entitlement.objects.get(pk=relative.pk).status == "active"


def test_a_refused_death_leaves_the_entitlements_active(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    own = create(users["staff"], **disabled(veteran))

    @hooks.on("veterans.death", order=999)
    def refuse(**kwargs):
        raise ValidationError("测试：拒绝登记去世")

    try:
        with pytest.raises(ValidationError, match="拒绝登记去世"):
            veteran_services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 6, 3))
    finally:
        hooks._handlers["veterans.death"] = [(o, f) for o, f in hooks._handlers["veterans.death"] if f is not refuse]
    own.refresh_from_db()
    assert own.status == "active" and own.ended_on is None
    veteran.refresh_from_db()
    assert veteran.status == VeteranStatus.ALIVE


def test_a_death_before_the_approval_is_refused_by_the_hook(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    create(users["staff"], **disabled(veteran, approved_on=datetime.date(2025, 1, 31)))
    with pytest.raises(ValidationError, match="早于优抚资格"):
        veteran_services.veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2024, 12, 1))
    veteran.refresh_from_db()
    assert veteran.status == VeteranStatus.ALIVE and Entitlement.objects.get().status == "active"


def test_a_move_out_ends_them_and_a_move_inside_carries_their_area(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    own = create(users["staff"], **disabled(veteran))
    veteran_services.veteran_move(veteran=veteran, user=users["staff"], to_area=tree["village21"],
                                  moved_on=datetime.date(2025, 3, 1))
    own.refresh_from_db()
    assert own.area_id == tree["village21"].code and own.status == "active"
    veteran_services.veteran_move_out(veteran=veteran, user=users["staff"], destination="江苏省南京市",
                                      moved_on=datetime.date(2025, 5, 1))
    own.refresh_from_db()
    assert (own.status, own.ended_on, own.end_reason) == ("ended", datetime.date(2025, 5, 1), EndReason.MOVED)


def test_ending_by_the_page(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    own = create(users["staff"], **disabled(veteran))
    url = reverse("benefits:entitlement_action", args=[own.pk, "end"])
    data = {"ended_on": "2025-01-01", "end_reason": "disqualified", "note": "经复查不符合条件"}
    assert client_for(users["clerk"]).post(url, data).status_code == 403
    response = client_for(users["staff"]).post(url, data)
    assert response.status_code == 200 and "终止日期不能早于批准日期" in response.content.decode()
    assert Entitlement.objects.get().status == "active"
    assert client_for(users["staff"]).post(url, {**data, "ended_on": "2025-04-30"}).status_code == 302
    own.refresh_from_db()
    assert (own.status, own.ended_on, own.end_reason) == ("ended", datetime.date(2025, 4, 30), "disqualified")
    assert client_for(users["staff"]).get(url).status_code == 403  # ended once: the action is gone


# ---------------------------------------------------------------- the veteran's page


def test_the_veterans_page_lists_entitlements_flags_and_timeline(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    create(users["staff"], **disabled(veteran))
    client = client_for(users["clerk"])
    body = client.get(veteran.get_absolute_url()).content.decode()
    assert "优抚对象资格" in body and "残疾军人" in body
    assert f"{reverse('benefits:entitlement_add')}?veteran={veteran.pk}" in body
    assert "双重身份提示" not in body
    assert "认定优抚对象" in body  # the timeline
    create(users["staff"], veteran=veteran, category=Category.WAR_VETERAN, approved_on=datetime.date(2024, 1, 1))
    body = client.get(veteran.get_absolute_url()).content.decode()
    assert "双重身份提示" in body and "参战参试退役军人 + 残疾军人" in body
    add = client.get(f"{reverse('benefits:entitlement_add')}?veteran={veteran.pk}")
    assert add.status_code == 200


# ---------------------------------------------------------------- standards


def standard(user, area, **data):
    values = {"area": area, "category": Category.DISABLED_SOLDIER, "disability_grade": 1, "disability_cause": "war",
              "national_amount": Decimal("116270.00"), "effective_from": datetime.date(2022, 8, 1), **data}
    return services.record_create(model=SubsidyStandard, data=values, user=user)


def test_a_standard_sums_its_parts_in_decimal(users, tree):
    row = standard(users["staff"], tree["county"], local_amount=Decimal("1200.10"), nursing_amount=Decimal("0.20"))
    row.refresh_from_db()
    assert row.annual_amount == Decimal("117470.30") and isinstance(row.annual_amount, Decimal)


def test_overlapping_standards_are_refused(users, tree):
    county = tree["county"]
    standard(users["staff"], county, effective_to=datetime.date(2024, 7, 31))
    with pytest.raises(ValidationError, match="执行期重叠"):
        standard(users["staff"], county, effective_from=datetime.date(2024, 7, 31))
    with pytest.raises(ValidationError, match="执行期重叠"):
        standard(users["staff"], county, effective_from=datetime.date(2020, 1, 1), effective_to=datetime.date(2022, 8, 1))
    standard(users["staff"], county, effective_from=datetime.date(2024, 8, 1), national_amount=Decimal("123246.20"))
    with pytest.raises(ValidationError, match="执行期重叠"):  # an open-ended row overlaps everything after it
        standard(users["staff"], county, effective_from=datetime.date(2030, 1, 1))
    standard(users["staff"], county, disability_cause="duty", effective_from=datetime.date(2024, 7, 31))  # another cause
    with pytest.raises(ValidationError, match="伤残等级应为1至10级"):
        standard(users["staff"], county, disability_grade=12, effective_from=datetime.date(2035, 1, 1))
    with pytest.raises(ValidationError, match="不填写伤残等级"):
        standard(users["staff"], county, category=Category.MARTYR_FAMILY, effective_from=datetime.date(2035, 1, 1))
    assert SubsidyStandard.objects.count() == 3



def test_clerks_read_the_standards_and_staff_keep_them(users, tree, client_for):
    row = standard(users["staff"], tree["county"])
    assert client_for(users["clerk"]).get(reverse("benefits:subsidystandard_list")).status_code == 200
    assert client_for(users["clerk"]).get(reverse("benefits:subsidystandard_add")).status_code == 403
    url = reverse("benefits:subsidystandard_edit", args=[row.pk])
    assert client_for(users["staff"]).get(url).status_code == 200
