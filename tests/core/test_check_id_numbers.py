"""`manage.py check_id_numbers` finds stored ID numbers with a wrong check digit (loaded before the GB 11643 fix)."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.management.commands.check_id_numbers import id_number_fields
from tests.factories import FamilyMemberFactory, VeteranFactory
from tests.veterans.helpers import wrong_check_digit


def test_every_stored_id_number_field_is_checked(db):
    names = {(model._meta.label, name) for model, name in id_number_fields()}
    assert ("veterans.Veteran", "id_number") in names and ("veterans.FamilyMember", "id_number") in names
    assert not any("Historical" in label for label, _name in names)


def test_lists_wrong_numbers_masked_with_links_and_fails(tree):
    good = VeteranFactory(area=tree["village11"])
    bad_veteran = VeteranFactory(area=tree["village12"])
    member = FamilyMemberFactory(veteran=good)
    wrong = wrong_check_digit(bad_veteran.id_number)
    wrong_member = wrong_check_digit(member.id_number)
    type(bad_veteran).objects.filter(pk=bad_veteran.pk).update(id_number=wrong)  # as data loaded before the fix
    type(member).objects.filter(pk=member.pk).update(id_number=wrong_member)

    out = io.StringIO()
    with pytest.raises(CommandError, match="共2个") as caught:
        call_command("check_id_numbers", "--base-url", "https://tyjr.example.gov.cn/", stdout=out)
    assert caught.value.returncode == 1
    text = out.getvalue()
    assert wrong not in text and wrong_member not in text  # never the full number
    assert f"{wrong[:4]}**********{wrong[-4:]}" in text
    assert f"https://tyjr.example.gov.cn/veterans/veteran/{bad_veteran.pk}/" in text
    assert f"https://tyjr.example.gov.cn/veterans/familymember/{member.pk}/" in text
    assert len(text.strip().splitlines()) == 2  # the good veteran is not listed


def test_all_good_exits_zero(tree):
    VeteranFactory(area=tree["village11"])
    FamilyMemberFactory(veteran__area=tree["village11"])
    out = io.StringIO()
    call_command("check_id_numbers", stdout=out)
    assert "全部公民身份号码校验位正确" in out.getvalue()
