"""A team's member from another area is shown masked by initials to the team's clerk (core.outside):
in the team's block, the members list, the member's page and the export; county staff see the name."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.registry import registry
from tests.factories import VeteranFactory, VolunteerTeamFactory
from veterans.ledgers import member_ledger
from veterans.models import VolunteerMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    team = VolunteerTeamFactory(area=tree["village11"], name="石门应急队")
    own = VeteranFactory(area=tree["village12"], name="李四")
    other = VeteranFactory(area=tree["village21"], name="王建军")
    return team, VolunteerMember.objects.create(team=team, veteran=own), VolunteerMember.objects.create(team=team, veteran=other)


def test_the_clerk_sees_the_outside_member_by_initials_only(members, users, client_for):
    team, own, other = members
    clerk = client_for(users["clerk"])
    for url in (team.get_absolute_url(), reverse("veterans:volunteermember_list"), other.get_absolute_url()):
        body = clerk.get(url).content.decode()
        assert "王建军" not in body and other.veteran.id_number not in body, url
        assert "WJJ（其他地区）" in body, url
        assert other.veteran.get_absolute_url() not in body, url
    listing = clerk.get(reverse("veterans:volunteermember_list")).content.decode()
    assert "李四" in listing and own.veteran.get_absolute_url() in listing  # the clerk's own area as it is


def test_county_staff_see_every_member(members, users, client_for):
    team, _own, other = members
    body = client_for(users["staff"]).get(team.get_absolute_url()).content.decode()
    assert "王建军" in body and other.veteran.get_absolute_url() in body and "其他地区" not in body


def rows_of(result):
    sheet = load_workbook(result.open()).active
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6)]


def test_the_clerks_export_blanks_the_outside_members_columns(members, users):
    queryset = VolunteerMember.objects.visible_to(users["clerk"]).order_by("veteran__name")
    rows = rows_of(member_ledger.export(queryset, user=users["clerk"]))
    by_name = {row[2]: row for row in rows}
    assert set(by_name) == {"李四", "（其他地区人员）"}
    outside = by_name["（其他地区人员）"]
    assert outside[3] == "（其他地区人员）" and outside[1] == "石门应急队"
    staff_rows = rows_of(member_ledger.export(VolunteerMember.objects.all(), user=users["staff"]))
    assert {row[2] for row in staff_rows} == {"李四", "王建军"}


def test_the_members_title_carries_no_name(members):
    _team, _own, other = members
    assert str(other) == "石门应急队·队员"



def test_an_empty_link_is_not_blanked(tree, users):
    """A link left empty hides nothing: an entitlement of the veteran himself (no relative named) is
    exported as it is."""
    from benefits.models import Entitlement
    from core.outside import OUTSIDE_EXPORT_TEXT, outside_links
    from tests import autofactory

    assert [f.name for f in outside_links(Entitlement)] == ["family_member"]
    entitlement = autofactory.make(Entitlement, tree["village11"])
    assert entitlement.family_member_id is None
    ledger = registry.get("benefits.entitlement").ledger
    cells = [cell for row in rows_of(ledger.export(Entitlement.objects.all(), user=users["clerk"])) for cell in row]
    assert OUTSIDE_EXPORT_TEXT not in cells and entitlement.veteran.name in cells
