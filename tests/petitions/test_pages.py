"""The petitions' pages: registering from the add page, the actions, masking, the access log of every
detail view, searches by name and phone only for revealing roles, the export, the veteran's page, and
the list's pinned query count."""

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AccessKind, AccessLog
from petitions.models import Petition
from tests.factories import VeteranFactory
from tests.petitions.helpers import D, petitioners, register, through

pytestmark = pytest.mark.django_db


def listed(response):
    return list(response.context["table"].page.object_list.data)


def test_a_clerk_registers_a_collective_visit_from_the_add_page(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], name="周大勇")
    client = client_for(users["clerk"])
    response = client.post(reverse("petitions:petition_add"), {
        "received_on": "2025-03-03", "channel": "visit", "area": tree["village11"].code, "people": "8", "batches": "1",
        "category": "placement", "matter": "八名退役士兵要求落实安置待遇。", "petitioner_name": "",
        "petitioner_phone": "139 0579 0002", "petitioner_veteran": veteran.pk, "petitioner_relation": "退役士兵"})
    assert response.status_code == 302, response.content.decode()[:2000]
    petition = Petition.objects.get()
    assert petition.collective and petition.people == 8
    assert [(p.name, p.phone, p.veteran_id) for p in petitioners(petition)] == [("周大勇", "13905790002", veteran.pk)]
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "集体访" in page and "周大勇" not in page and "周**" in page and "13905790002" not in page


def test_bad_input_on_the_add_page_is_answered_in_chinese(users, tree, client_for):
    response = client_for(users["clerk"]).post(reverse("petitions:petition_add"), {
        "received_on": "2099-01-01", "channel": "visit", "area": tree["village11"].code, "people": "0", "batches": "1",
        "category": "placement", "matter": ""})
    errors = response.context["form"].errors
    assert "日期不能晚于今天" in " ".join(errors["received_on"])
    assert errors["people"] and errors["matter"]
    assert not Petition.objects.exists()


def test_the_actions_take_the_steps_and_refuse_bad_ones(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"])
    client = client_for(users["staff"])
    url = lambda name: reverse("petitions:petition_action", args=[petition.pk, name])  # noqa: E731
    assert client.get(url("answer")).status_code == 403  # not accepted yet: no 答复
    assert client.post(url("accept"), {"accepted_on": "2025-03-10"}).status_code == 302
    response = client.post(url("answer"), {"answered_on": "2025-03-09", "answer": "已答复"})
    assert "不能早于受理日期" in response.content.decode()
    response = client.post(url("extend"), {"days": "31", "reason": "复杂"})
    assert "延长期限不得超过30日" in response.content.decode()
    response = client.post(url("extend"), {"days": "10", "reason": ""})
    assert "延期须填写理由" in response.content.decode()
    petition.refresh_from_db()
    assert (petition.status, petition.extended_days, petition.answered_on) == ("accepted", 0, None)
    assert client.post(url("answer"), {"answered_on": "2025-04-01", "answer": "已答复"}).status_code == 302
    assert client.post(url("close"), {"closed_on": "2025-04-02", "outcome": "resolved"}).status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.outcome) == ("closed", "resolved")
    page = client.get(petition.get_absolute_url()).content.decode()
    assert "已登记 → 已受理" in page and "已答复 → 已办结" in page
    # the bare transition of the workflow asks for the step's data
    bare = register(users["clerk"], tree["village11"])
    client.post(reverse("petitions:petition_transition", args=[bare.pk, "accept"]))
    assert Petition.objects.get(pk=bare.pk).status == "registered"


def test_every_view_of_a_petition_is_in_the_access_log(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"])
    for role in ("clerk", "staff", "leader"):
        assert client_for(users[role]).get(petition.get_absolute_url()).status_code == 200
    logged = AccessLog.objects.filter(kind=AccessKind.REVEAL, detail__pk=str(petition.pk), detail__page="detail")
    assert sorted(logged.values_list("username", flat=True)) == ["clerk", "leader", "staff"]
    assert all("王建军" not in entry.target for entry in logged)
    assert client_for(users["other_clerk"]).get(petition.get_absolute_url()).status_code == 404
    assert logged.count() == 3  # an outsider's 404 is no view


def test_names_and_phones_are_masked_and_revealed_only_to_revealing_roles(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"])
    person = petitioners(petition)[0]
    for role in ("clerk", "staff", "leader"):
        client = client_for(users[role])
        for url in (reverse("petitions:petition_list"), petition.get_absolute_url(), person.get_absolute_url(),
                    reverse("petitions:petitioner_list")):
            body = client.get(url).content.decode()
            assert "王建军" not in body and "13905790001" not in body, (role, url)
        assert "王**" in client.get(reverse("petitions:petition_list")).content.decode()
    reveal = reverse("core:reveal", args=["petitions.petitioner", person.pk, "name"])
    assert client_for(users["clerk"]).post(reveal).status_code == 403
    assert "王建军" in client_for(users["staff"]).post(reveal).content.decode()


def test_a_petitioner_is_searched_by_whole_name_or_phone_only_by_revealing_roles(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"], matter="要求补发抚恤金。")
    register(users["clerk"], tree["village11"], name="赵小明", phone="13905790009", matter="咨询政策。")
    url = reverse("petitions:petition_list")
    staff, clerk = client_for(users["staff"]), client_for(users["clerk"])
    assert listed(staff.get(url, {"q": "王建军"})) == [petition]
    assert listed(staff.get(url, {"q": "13905790001"})) == [petition]
    assert listed(staff.get(url, {"q": "王建"})) == []  # part of a name finds nothing
    assert listed(clerk.get(url, {"q": "王建军"})) == []
    assert listed(clerk.get(url, {"q": "13905790001"})) == []
    assert listed(clerk.get(url, {"q": "抚恤金"})) == [petition]
    assert AccessLog.objects.filter(kind=AccessKind.SEARCH, username="staff").count() == 3
    people = reverse("petitions:petitioner_list")
    assert [p.name for p in listed(staff.get(people, {"q": "赵小明"}))] == ["赵小明"]
    assert listed(clerk.get(people, {"q": "赵小明"})) == []


def test_the_export_masks_names_and_phones_unless_asked_in_full(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"])
    through(petition, users["staff"])

    def cells(client, **params):
        response = client.get(reverse("petitions:petition_export"), params)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]

    masked = cells(client_for(users["clerk"]))
    assert "王**" in masked and "王建军" not in masked and "化解" in masked
    full = cells(client_for(users["staff"]), full="1", purpose="核对信访台账")
    assert "王建军" in full
    assert client_for(users["clerk"]).get(reverse("petitions:petition_export"), {"full": "1", "purpose": "核对信访台账"}
                                          ).status_code == 403


def test_the_list_shows_days_left_and_overdue_in_red(users, tree, client_for):
    late = register(users["clerk"], tree["village11"], received_on=D(2025, 3, 3))  # due 2025-03-18: long past
    body = client_for(users["staff"]).get(reverse("petitions:petition_list")).content.decode()
    overdue = re.search(r'<span class="text-danger fw-bold">超期(\d+)天</span>', body)
    assert overdue and int(overdue.group(1)) == -late.days_left()
    response = client_for(users["staff"]).get(reverse("petitions:petition_list"), {"overdue": "true"})
    assert listed(response) == [late]
    through(late, users["staff"])
    response = client_for(users["staff"]).get(reverse("petitions:petition_list"), {"overdue": "true"})
    assert listed(response) == []


def test_the_veterans_page_shows_the_petitions_to_revealing_roles_only(users, tree, client_for):
    veteran = VeteranFactory(area=tree["village11"], name="钱国栋")
    petition = register(users["clerk"], tree["village11"], name="", veteran=veteran)
    staff_page = client_for(users["staff"]).get(veteran.get_absolute_url()).content.decode()
    assert "信访记录" in staff_page and petition.get_absolute_url() in staff_page and "信访登记" in staff_page
    clerk_page = client_for(users["clerk"]).get(veteran.get_absolute_url()).content.decode()
    assert "信访记录" not in clerk_page and petition.get_absolute_url() not in clerk_page and "信访登记" not in clerk_page


LIST_QUERIES = 10  # session, user, the total, the page's keys, its rows with their areas, their petitioners, the
# session's save in a savepoint (3); a revealing role's search by a name also writes its access-log row


def test_the_list_page_query_count_is_pinned_and_independent_of_page_size(users, tree, client_for,
                                                                          django_assert_max_num_queries):
    for n in range(45):
        register(users["clerk"], tree["village11" if n % 2 else "village12"], people=1 + n % 7, name=f"张{n:02d}",
                 received_on=D(2025, 1 + n % 12, 1 + n % 28))
    client = client_for(users["staff"])
    counted = []
    for params in ({"per_page": 20}, {"per_page": 50}, {"per_page": 50, "q": "抚恤金", "collective": "true",
                                                       "overdue": "true"}):
        cache.clear()
        with django_assert_max_num_queries(LIST_QUERIES) as captured:
            response = client.get(reverse("petitions:petition_list"), params)
        assert response.status_code == 200
        counted.append(len(captured))
    assert counted[0] == counted[1] == LIST_QUERIES - 1 and counted[2] == LIST_QUERIES
    assert response.context["total"] == len([n for n in range(45) if 1 + n % 7 >= 5])


def test_more_petitioners_and_a_referral_are_added_from_the_petitions_page(users, tree, client_for):
    petition = register(users["clerk"], tree["village11"], people=2)
    clerk = client_for(users["clerk"])
    page = clerk.get(petition.get_absolute_url()).content.decode()
    add_person = f'{reverse("petitions:petitioner_add")}?petition={petition.pk}'
    assert add_person in page.replace("&amp;", "&")
    veteran = VeteranFactory(area=tree["village12"], name="孙建华")
    response = clerk.post(reverse("petitions:petitioner_add"), {"petition": petition.pk, "name": "", "phone": "",
                                                                 "veteran": veteran.pk, "relation": "军人家属"})
    assert response.status_code == 302
    assert sorted(p.name for p in petitioners(petition)) == ["孙建华", "王建军"]
    outside = VeteranFactory(area=tree["village21"], name="外地人")
    response = clerk.post(reverse("petitions:petitioner_add"), {"petition": petition.pk, "name": "外地人",
                                                                 "veteran": outside.pk})
    assert response.status_code == 200 and len(petitioners(petition)) == 2
    response = clerk.post(reverse("petitions:referral_add"), {
        "petition": petition.pk, "kind": "legal_aid", "referred_on": "2025-03-05", "organisation": "县法律援助中心",
        "status": "done", "result": "", "finished_on": "2025-03-01"})
    assert "办结日期不能早于转介日期" in response.content.decode()
    response = clerk.post(reverse("petitions:referral_add"), {
        "petition": petition.pk, "kind": "legal_aid", "referred_on": "2025-03-05", "organisation": "县法律援助中心",
        "status": "done", "result": "已提供法律援助。", "finished_on": "2025-03-20"})
    assert response.status_code == 302 and petition.referral_set.get().organisation == "县法律援助中心"


def test_the_petitioners_and_referrals_export_with_their_petition_and_are_not_imported(users, tree, client_for):
    from petitions.models import Referral

    petition = register(users["clerk"], tree["village11"])
    Referral.objects.create(petition=petition, kind="mediation", referred_on=D(2025, 3, 12), organisation="县退役军人调解委员会")
    register(users["staff"], tree["village21"], name="李向东")  # another township: not in the clerk's export

    def rows(client, url_name, **params):
        response = client.get(reverse(url_name), params)
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]

    clerk = client_for(users["clerk"])
    masked = sum(rows(clerk, "petitions:petitioner_export"), [])
    assert petition.number in masked and "王**" in masked and "王建军" not in masked and "李**" not in masked
    assert "13905790001" not in masked
    full = sum(rows(client_for(users["staff"]), "petitions:petitioner_export", full="1", purpose="核对信访人"), [])
    assert "王建军" in full and "李向东" in full and "13905790001" in full
    referrals = sum(rows(clerk, "petitions:referral_export"), [])
    assert petition.number in referrals and "县退役军人调解委员会" in referrals and "调解" in referrals
    # Entered on the petition's page: no import of either.
    from django.urls import NoReverseMatch

    for name in ("petitions:petitioner_import", "petitions:referral_import"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_the_time_limits_say_they_are_counted_in_calendar_days(users, tree, client_for):
    """The regulation's limits are read as calendar days (自然日), the day of the event not counted and a last day
    on a holiday not moved: the add page, the request forms and the petition's limits panel say so."""
    client = client_for(users["staff"])
    add = client.get(reverse("petitions:petition_add")).content.decode()
    assert "应在15日内决定是否受理。期限按自然日计算：事件当日不计入，自次日起算，末日遇节假日不顺延。" in add
    petition = through(register(users["clerk"], tree["village11"]), users["staff"], outcome="unresolved")
    form = client.get(reverse("petitions:petition_action", args=[petition.pk, "request_review"])).content.decode()
    assert "应自收到书面意见之日起30日内提出；期限按自然日计算" in form
    detail = client.get(petition.get_absolute_url()).content.decode()
    assert "按自然日计算，事件当日不计入、自次日起算，期限末日遇节假日不顺延。" in detail
