"""The one write path (core.services) and the extension points other apps plug into the veteran with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import hooks, services
from core.generic import Panel, RelatedBlock
from core.registry import registry
from tests.factories import FamilyMemberFactory, VeteranFactory, make_id_number
from veterans.models import FamilyMember, PreferentialCard, Veteran, VeteranArchive
from veterans.tables import FamilyMemberTable

pytestmark = pytest.mark.django_db


def veteran_data(area, **extra):
    data = {"name": "周明", "id_number": make_id_number(sequence=7), "discharge_category": "self_employed", "area": area,
            "registered_on": datetime.date(2025, 1, 1)}
    data.update(extra)
    return data


def test_create_outside_the_users_area_is_refused_and_writes_nothing(users, tree):
    with pytest.raises(ValidationError) as error:
        services.record_create(model=Veteran, data=veteran_data(tree["village21"]), user=users["clerk"])
    assert "不在您的管辖范围内" in error.value.messages[0]
    assert not Veteran.objects.exists()
    veteran = services.record_create(model=Veteran, data=veteran_data(tree["village11"]), user=users["clerk"])
    assert veteran.area_id == tree["village11"].code
    assert veteran.history.get().history_user == users["clerk"]


def test_child_of_a_record_outside_the_area_is_refused(users, tree):
    outside = VeteranFactory(area=tree["village21"])
    with pytest.raises(ValidationError):
        services.record_create(model=FamilyMember, data={"veteran": outside, "name": "刘芳", "relationship": "spouse"},
                               user=users["clerk"])
    assert not FamilyMember.objects.exists()


def test_moving_a_record_out_of_the_area_by_an_update_is_refused(users, tree):
    veteran = VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError):
        services.record_update(instance=veteran, data={"area": tree["village21"]}, user=users["clerk"])
    assert Veteran.objects.get(pk=veteran.pk).area_id == tree["village11"].code
    other = VeteranFactory(area=tree["village21"])
    with pytest.raises(ValidationError):  # nor can one update or delete what one cannot see
        services.record_update(instance=other, data={"note": "改"}, user=users["clerk"])
    with pytest.raises(ValidationError):
        services.record_delete(instance=other, user=users["clerk"])
    assert Veteran.objects.filter(pk=other.pk, note="").exists()


def test_the_edit_page_cannot_move_a_record_outside_by_a_posted_area(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"])
    url = reverse("veterans:veteran_edit", args=[veteran.pk])
    response = client_for(users["clerk"]).post(url, {
        "name": veteran.name, "id_number": veteran.id_number, "discharge_category": "self_employed",
        "area": tree["village21"].code, "registered_on": "2024-03-01", "political_status": "masses", "ethnicity": "汉族"})
    assert response.status_code == 200
    assert "所选区划不存在或不在您的管辖范围内。" in response.content.decode()
    assert Veteran.objects.get(pk=veteran.pk).area_id == tree["village11"].code


def test_a_declared_create_service_is_called_by_the_page(users, tree, client_for, monkeypatch):
    viewset = registry.for_model(FamilyMember)
    calls = []

    def create(*, model, data, user):
        calls.append(data["name"])
        return services.save_new(model=model, data={**data, "note": "经服务登记"}, user=user)

    monkeypatch.setattr(viewset, "create_service", staticmethod(create))
    veteran = VeteranFactory(area=tree["village11"])
    response = client_for(users["clerk"]).post(reverse("veterans:familymember_add"), {
        "veteran": veteran.pk, "name": "刘芳", "relationship": "spouse"})
    assert response.status_code == 302
    assert calls == ["刘芳"]
    assert FamilyMember.objects.get().note == "经服务登记"


def test_bulk_create_checks_every_new_row(users, tree):
    inside, outside = VeteranFactory(area=tree["village11"]), VeteranFactory(area=tree["village21"])
    rows = [FamilyMember(veteran=inside, name="甲", relationship="child"),
            FamilyMember(veteran=outside, name="乙", relationship="child")]
    with pytest.raises(ValidationError):
        services.records_bulk_create(model=FamilyMember, instances=rows, user=users["clerk"])
    assert not FamilyMember.objects.exists()
    created = services.records_bulk_create(model=FamilyMember, instances=rows[:1], user=users["clerk"])
    assert [m.name for m in created] == ["甲"] and FamilyMember.objects.count() == 1


# ---------------------------------------------------------------- hooks


@pytest.fixture
def refusing_handler():
    name = "veterans.death"

    def refuse(*, veteran, **kwargs):
        raise ValidationError("该人员仍有未结清的优抚待遇，请先处理。")

    entry = (1, refuse)
    hooks._handlers[name].insert(0, entry)
    yield refuse
    hooks._handlers[name].remove(entry)


def test_a_hook_handler_refuses_a_death_and_nothing_changes(users, tree, client_for, refusing_handler):
    veteran = VeteranFactory(area=tree["village11"])
    card = PreferentialCard.objects.create(veteran=veteran, status="issued")
    url = reverse("veterans:veteran_action", args=[veteran.pk, "death"])
    response = client_for(users["staff"]).post(url, {"death_date": "2025-02-01", "note": ""})
    assert response.status_code == 200
    assert "该人员仍有未结清的优抚待遇，请先处理。" in response.content.decode()
    veteran.refresh_from_db()
    card.refresh_from_db()
    assert (veteran.status, veteran.death_date, card.status) == ("alive", None, "issued")


def test_death_runs_the_handlers_in_order_with_the_new_state(users, tree):
    from veterans.services import veteran_record_death

    seen = []

    @hooks.on("veterans.death", order=200)
    def record(*, veteran, death_date, **kwargs):
        seen.append((veteran.status, death_date, PreferentialCard.objects.get(veteran=veteran).status))

    try:
        veteran = VeteranFactory(area=tree["village11"])
        PreferentialCard.objects.create(veteran=veteran, status="activated")
        veteran_record_death(veteran=veteran, user=users["staff"], death_date=datetime.date(2025, 2, 1))
    finally:
        hooks._handlers["veterans.death"] = [(o, f) for o, f in hooks._handlers["veterans.death"] if f is not record]
    # the card's own handler (order 100) ran first: the later one sees the card cancelled
    assert seen == [("deceased", datetime.date(2025, 2, 1), "cancelled")]


def test_an_undeclared_event_or_a_missing_argument_fails_loudly():
    with pytest.raises(LookupError):
        hooks.run("veterans.deth", veteran=None)
    with pytest.raises(TypeError):
        hooks.run("veterans.death", veteran=None)


def test_object_actions_name_their_record():
    actions = {(a.name, a.subject) for vs in registry.all() for a in vs.object_actions}
    petition_steps = ("accept", "reject", "assign", "extend", "answer", "close", "resolve", "request_review", "review",
                      "request_recheck", "recheck")
    assert actions == {("death", "veteran"), ("move", "veteran"), ("move_out", "veteran"), ("unlock", "account"),
                       ("reset_otp", "account"), ("end", "entitlement"), ("confirm_score", "placementcase"),
                       ("choose", "sunshinebatch"), ("skip", "sunshinebatch"), ("decline", "sunshinebatch"), ("record_allowance", "sunshinebatch"),
                       ("correct", "scoreitem"), ("answer", "scoreobjection"),
                       ("recipients", "visit"), ("inspect", "listing"), ("approve", "listing"), ("solve", "problem"),  # 双拥
                       ("approve", "assistanceapplication"), ("pay", "assistanceapplication"),  # 帮扶援助
                       ("close", "confirmationcampaign"), ("confirm", "confirmation"), ("review", "confirmation"),
                       ("compute", "paymentbatch"), ("pay", "paymentbatch"), ("reconcile", "paymentbatch"),  # 优抚 batches
                       ("add_discharged", "roll"), ("add_key", "roll"), ("pay", "roll"),  # other 优抚 payments
                       ("gather", "scholarshipbatch"), ("pay", "scholarshipbatch"),  # 烈士后裔助学金
                       ("remove_from_batch", "scholarshipapplication"),
                       ("deliver", "notice"), ("replace", "plaque"),  # 褒扬纪念
                       *((step, "petition") for step in petition_steps)}


# ---------------------------------------------------------------- detail page parts, area followers


def test_another_app_adds_a_panel_and_a_block_to_the_veterans_page(users, tree, client_for, tmp_path, settings):
    (tmp_path / "plugin_panel.html").write_text("<p id='plugin'>抚恤金：{{ amount }}元 {{ object.name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    veteran = VeteranFactory(area=tree["village11"], name="王建军")
    FamilyMemberFactory(veteran=veteran, name="刘芳")
    panel = Panel("抚恤金", "plugin_panel.html", lambda request, v: {"amount": 1200}, order=5)
    hidden = Panel("不显示", "plugin_panel.html", lambda request, v: None)
    block = RelatedBlock("另一个应用的家庭成员", "family", FamilyMemberTable)
    parts = registry._detail_parts.setdefault("veterans.veteran", [])
    for part in (panel, hidden, block):
        registry.extend_detail("veterans.veteran", part)
    try:
        body = client_for(users["clerk"]).get(veteran.get_absolute_url()).content.decode()
    finally:
        for part in (panel, hidden, block):
            parts.remove(part)
    assert "<p id='plugin'>抚恤金：1200元 王建军</p>" in body
    assert "不显示" not in body
    assert "另一个应用的家庭成员（1）" in body
    assert body.index('<h2 class="h6">抚恤金') < body.index('<h2 class="h6">优待证')  # order 5 before the card's 10


def test_every_model_with_a_veteran_area_field_follows_a_move(users, tree):
    from veterans.models import area_followers
    from veterans.services import veteran_move

    assert {m._meta.label_lower for m in area_followers()} >= {"veterans.preferentialcard", "veterans.veteranarchive"}
    veteran = VeteranFactory(area=tree["village11"])
    PreferentialCard.objects.create(veteran=veteran)
    VeteranArchive.objects.create(veteran=veteran)
    veteran_move(veteran=veteran, user=users["staff"], to_area=tree["village21"], moved_on=datetime.date(2025, 3, 1))
    assert PreferentialCard.objects.get(veteran=veteran).area_id == tree["village21"].code
    assert VeteranArchive.objects.get(veteran=veteran).area_id == tree["village21"].code


def test_a_link_outside_the_area_is_refused_even_off_the_area_path(users, tree):
    """A volunteer's area is the team's; the veteran linked must still be one the clerk may see."""
    from tests.factories import VolunteerTeamFactory
    from veterans.models import VolunteerMember

    team = VolunteerTeamFactory(area=tree["village11"])
    outside, inside = VeteranFactory(area=tree["village21"]), VeteranFactory(area=tree["village11"])
    with pytest.raises(ValidationError) as error:
        services.record_create(model=VolunteerMember, data={"team": team, "veteran": outside}, user=users["clerk"])
    assert error.value.message_dict == {"veteran": ["所选记录不存在或不在您的管辖范围内。"]}
    member = services.record_create(model=VolunteerMember, data={"team": team, "veteran": inside}, user=users["clerk"])
    with pytest.raises(ValidationError):
        services.record_update(instance=member, data={"veteran": outside.pk}, user=users["clerk"])
    assert VolunteerMember.objects.get(pk=member.pk).veteran_id == inside.pk
    # a link the clerk did not change is not theirs to answer for (county staff linked it)
    VolunteerMember.objects.filter(pk=member.pk).update(veteran=outside)
    member.refresh_from_db()
    services.record_update(instance=member, data={"veteran": outside.pk, "duty": "队员"}, user=users["clerk"])
    assert VolunteerMember.objects.get(pk=member.pk).duty == "队员"
    with pytest.raises(ValidationError):
        services.records_bulk_create(model=VolunteerMember, instances=[
            VolunteerMember(team=team, veteran=VeteranFactory(area=tree["village21"]))], user=users["clerk"])


def test_a_declared_create_service_is_called_by_the_import_row_by_row(users, tree, monkeypatch):
    from tests.walk import ledger_file

    viewset = registry.for_model(FamilyMember)
    calls = []

    def create(*, model, data, user):
        calls.append(data["name"])
        return services.save_new(model=model, data={**data, "note": "经服务登记"}, user=user)

    veteran = VeteranFactory(area=tree["village11"])
    members = [FamilyMemberFactory(veteran=veteran, name=name, id_number="") for name in ("刘芳", "王小明")]
    upload = ledger_file(viewset, members, users["staff"])
    FamilyMember.objects.all().delete()
    monkeypatch.setattr(viewset, "create_service", staticmethod(create))
    outcome = viewset.ledger.import_file(upload, user=users["clerk"])
    assert outcome.ok and outcome.created == 2, outcome.errors
    assert sorted(calls) == ["刘芳", "王小明"]
    assert set(FamilyMember.objects.values_list("note", flat=True)) == {"经服务登记"}


def test_an_import_refused_by_the_write_path_says_why_and_writes_nothing(users, tree, monkeypatch):
    from tests.walk import ledger_file

    viewset = registry.for_model(FamilyMember)
    veteran = VeteranFactory(area=tree["village11"])
    upload = ledger_file(viewset, [FamilyMemberFactory(veteran=veteran, name="刘芳", id_number="")], users["staff"])
    FamilyMember.objects.all().delete()

    def refuse(*, model, instances, user, reason):
        raise ValidationError("本年度核定已结束，不能导入。")

    monkeypatch.setattr(viewset, "bulk_create_service", staticmethod(refuse))
    outcome = viewset.ledger.import_file(upload, user=users["clerk"])
    assert not outcome.ok and outcome.file_error == "本年度核定已结束，不能导入。" and outcome.created == 0
    assert not FamilyMember.objects.exists()
