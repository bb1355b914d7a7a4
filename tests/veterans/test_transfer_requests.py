"""迁入申请: a clerk who finds a person registered elsewhere asks that area's bureau to move them here."""

import datetime

import pytest
from django.urls import reverse

from core.models import TransitionLog
from tests.factories import VeteranFactory
from veterans.models import TransferRequest, Veteran, VeteranMove

pytestmark = pytest.mark.django_db

ADD = "veterans:transferrequest_add"


@pytest.fixture
def elsewhere(tree):
    """A veteran of township 2, whom township 1's clerk may not see."""
    return VeteranFactory(area=tree["village21"], name="欧阳娜娜")


def ask(client, tree, veteran, **changes):
    data = {"name": veteran.name, "id_number": veteran.id_number, "area": tree["village11"].pk,
            "reason": "户籍已于本月迁入1镇1村"} | changes
    return client.post(reverse(ADD), data)


def errors(response):
    return {name: " ".join(e) for name, e in response.context["form"].errors.items()}


def transition(client, request, name, remark=""):
    return client.post(reverse("veterans:transferrequest_transition", args=[request.pk, name]), {"remark": remark})


def test_clerk_asks_the_holding_bureau_which_accepts_and_the_person_moves(users, tree, client_for, elsewhere):
    clerk = client_for(users["clerk"])
    response = ask(clerk, tree, elsewhere, id_number=elsewhere.id_number.lower())
    assert response.status_code == 302, errors(response)
    request = TransferRequest.objects.get()
    assert (request.veteran_id, request.area_id, request.status) == (elsewhere.pk, tree["village11"].pk, "pending")

    # The requester sees the request with the person masked, not the person's record or area.
    page = clerk.get(request.get_absolute_url()).content.decode()
    assert "OYNN（其他地区）" in page
    for secret in (elsewhere.get_absolute_url(), tree["village21"].name):
        assert secret not in page
    assert clerk.get(elsewhere.get_absolute_url()).status_code == 404

    # The requester cannot decide its own request; the holding township's staff can.
    transition(client_for(users["staff"]), request, "accept")  # the county holds both: allowed
    request.refresh_from_db()
    assert request.status == "accepted" and request.decided_on == datetime.date.today()
    elsewhere.refresh_from_db()
    assert elsewhere.area_id == tree["village11"].pk
    move = VeteranMove.objects.get(veteran=elsewhere)
    assert (move.from_area_id, move.to_area_id) == (tree["village21"].pk, tree["village11"].pk)
    assert clerk.get(elsewhere.get_absolute_url()).status_code == 200  # now the clerk's own


def test_only_the_holding_side_accepts_and_the_requesting_side_withdraws(users, tree, client_for, elsewhere):
    ask(client_for(users["clerk"]), tree, elsewhere)
    request = TransferRequest.objects.get()

    # Township 2's staff (who hold the person) see it; a clerk may not accept.
    assert client_for(users["other_staff"]).get(request.get_absolute_url()).status_code == 200
    transition(client_for(users["clerk"]), request, "accept")
    transition(client_for(users["other_clerk"]), request, "withdraw")  # holding side, not the requester
    request.refresh_from_db()
    assert request.status == "pending"

    transition(client_for(users["other_staff"]), request, "decline")  # a reason is required
    request.refresh_from_db()
    assert request.status == "pending"
    transition(client_for(users["other_staff"]), request, "decline", "该人员户籍未迁出")
    request.refresh_from_db()
    assert request.status == "declined"
    elsewhere.refresh_from_db()
    assert elsewhere.area_id == tree["village21"].pk
    log = TransitionLog.objects.get(object_id=str(request.pk))
    assert (log.destination, log.remark, log.user) == ("declined", "该人员户籍未迁出", users["other_staff"])


def test_requester_withdraws(users, tree, client_for, elsewhere):
    ask(client_for(users["clerk"]), tree, elsewhere)
    request = TransferRequest.objects.get()
    transition(client_for(users["clerk"]), request, "withdraw")
    request.refresh_from_db()
    assert request.status == "withdrawn"


def test_a_move_refused_by_its_own_rules_undoes_the_acceptance(users, tree, client_for, elsewhere):
    ask(client_for(users["clerk"]), tree, elsewhere)
    request = TransferRequest.objects.get()
    Veteran.objects.filter(pk=elsewhere.pk).update(area=tree["village11"])  # already moved meanwhile
    response = transition(client_for(users["staff"]), request, "accept")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending"
    assert not VeteranMove.objects.exists()
    assert not TransitionLog.objects.filter(object_id=str(request.pk)).exists()


def test_bad_requests_are_refused_and_save_nothing(users, tree, client_for, elsewhere):
    clerk = client_for(users["clerk"])
    mine = VeteranFactory(area=tree["village12"], name="张三")

    assert "与该身份证号的登记信息不一致" in errors(ask(clerk, tree, elsewhere, name="欧阳娜"))["name"]
    assert "已在您的辖区登记为" in errors(ask(clerk, tree, mine))["id_number"]
    unknown = VeteranFactory.build().id_number
    assert "未找到该身份证号的登记记录" in errors(ask(clerk, tree, elsewhere, id_number=unknown))["id_number"]
    assert "校验" in errors(ask(clerk, tree, elsewhere, id_number=elsewhere.id_number[:-1] + "0"
                               if elsewhere.id_number[-1] != "0" else elsewhere.id_number[:-1] + "1"))["id_number"]
    # Into an area outside the clerk's.
    assert "area" in errors(ask(clerk, tree, elsewhere, area=tree["village22"].pk))
    assert not TransferRequest.objects.exists()

    assert ask(clerk, tree, elsewhere).status_code == 302
    response = ask(clerk, tree, elsewhere)
    assert "已有待处理的迁入申请" in response.content.decode()
    assert TransferRequest.objects.count() == 1


def test_other_areas_see_nothing_of_it(users, tree, client_for, elsewhere):
    from core.models import Area, AreaLevel
    from core.roles import Role
    from tests.factories import UserFactory

    ask(client_for(users["clerk"]), tree, elsewhere)
    request = TransferRequest.objects.get()
    other_township = Area.objects.create(code=tree["county"].code + "003", name="第3镇", level=AreaLevel.TOWNSHIP,
                                         parent=tree["county"])
    stranger = UserFactory(role=Role.STAFF, area=other_township)
    assert client_for(stranger).get(request.get_absolute_url()).status_code == 404
    listing = client_for(stranger).get(reverse("veterans:transferrequest_list")).content.decode()
    assert "欧阳娜娜" not in listing
