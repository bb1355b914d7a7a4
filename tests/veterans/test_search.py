"""Finding veterans: name, pinyin (polyphonic surnames), ID number, phone, and every filter of the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import VeteranFactory
from tests.veterans.helpers import id_number, listed, years_ago
from veterans import services
from veterans.models import PreferentialCard, VeteranArchive, card_workflow
from veterans.pinyin import initials_and_full

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree):
    v11, v12 = tree["village11"], tree["village12"]
    born = lambda *ymd, **kwargs: id_number(datetime.date(*ymd), **kwargs)  # noqa: E731
    return {
        "张三": VeteranFactory(area=v11, name="张三", phone="13900001234", id_number=born(1970, 1, 1, check="X")),
        "张珊珊": VeteranFactory(area=v11, name="张珊珊", phone="13700005678", id_number=born(1985, 6, 1, female=True)),
        "曾国强": VeteranFactory(area=v12, name="曾国强", phone="13600002468", id_number=born(1962, 3, 3)),
        "单丽": VeteranFactory(area=v12, name="单丽", phone="", id_number=born(1990, 9, 9, female=True)),
        "解放": VeteranFactory(area=v11, name="解放", phone="057912345678", id_number=born(1949, 10, 1)),
        "陈丹": VeteranFactory(area=v11, name="陈丹", phone="13500001357", id_number=born(1980, 2, 2)),
        "谢杰": VeteranFactory(area=v12, name="谢杰", phone="13400009753", id_number=born(1975, 7, 7)),
        "长孙无忌": VeteranFactory(area=v12, name="长孙无忌", id_number=born(1966, 6, 6)),
    }


def found(client, **params):
    return sorted(v.name for v in listed(client.get(reverse("veterans:veteran_list"), {"per_page": 200, **params})))


@pytest.mark.parametrize("name, expected", [
    ("张三", ("zs", "zhangsan")),
    ("曾国强", ("zgq", "zengguoqiang")),
    ("单丽", ("sl", "shanli")),
    ("解放", ("xf", "xiefang")),
    ("长孙无忌", ("zswj", "zhangsunwuji")),
    ("长江", ("cj", "changjiang")),  # 长 alone as a surname is chang
    ("曾", ("c", "ceng")),  # a single character is not read as a surname
    ("张 三", ("zs", "zhangsan")),
])
def test_pinyin_reads_surnames_as_surnames(name, expected):
    assert initials_and_full(name) == expected


@pytest.mark.parametrize("query, expected", [
    ("zs", ["张三", "张珊珊", "长孙无忌"]),  # initials are matched as a prefix: zss, zswj
    ("ZS", ["张三", "张珊珊", "长孙无忌"]),
    ("zhangsan", ["张三"]),
    ("zhang san", ["张三"]),
    ("zhang", ["张三", "张珊珊", "长孙无忌"]),
    ("zss", ["张珊珊"]),
    ("zeng", ["曾国强"]),
    ("zgq", ["曾国强"]),
    ("ceng", []),
    ("shan", ["单丽"]),
    ("sl", ["单丽"]),
    ("dan", []),
    ("xie", ["解放", "谢杰"]),
    ("xf", ["解放"]),
    ("jie", []),
    ("chen", ["陈丹"]),
    ("zswj", ["长孙无忌"]),
    ("张", ["张三", "张珊珊"]),
    ("国强", ["曾国强"]),
    ("王", []),
])
def test_search_by_name_and_pinyin(people, users, client_for, query, expected):
    assert found(client_for(users["clerk"]), q=query) == expected


def test_search_by_id_number_whole_or_last_digits_and_by_phone(people, users, client_for):
    client = client_for(users["clerk"])
    zhang = people["张三"]
    assert zhang.id_number.endswith("X")

    assert found(client, q=zhang.id_number) == ["张三"]
    assert found(client, q=zhang.id_number.lower()) == ["张三"]
    assert found(client, q=f" {zhang.id_number[:6]} {zhang.id_number[6:]} ") == ["张三"]
    assert found(client, q=zhang.id_number[-6:].lower()) == []  # the last 6 only for roles that may reveal
    assert found(client_for(users["staff"]), q=zhang.id_number[-6:].lower()) == ["张三"]
    assert found(client, q=people["曾国强"].id_number[-4:]) == []  # the last 4 only for roles that may reveal too
    staff = client_for(users["staff"])
    assert found(staff, q=people["曾国强"].id_number[-4:]) == ["曾国强"]
    assert found(client, q="13900001234") == ["张三"]
    assert found(client, q="1234") == []
    assert found(staff, q="1234") == sorted({"张三", *[n for n, v in people.items() if v.id_number.endswith("1234")]})
    assert found(staff, q="2468") == sorted({"曾国强", *[n for n, v in people.items() if v.id_number.endswith("2468")]})
    assert found(client, q="057912345678") == ["解放"]
    assert found(client, q="13900009999") == []


def test_search_never_reaches_outside_the_users_area(people, tree, users, client_for):
    outsider = VeteranFactory(area=tree["village21"], name="张三丰", phone="13911112222")
    clerk = client_for(users["clerk"])
    assert found(clerk, q=outsider.id_number) == []
    assert found(clerk, q="zhangsan") == ["张三"]
    assert found(clerk, q="13911112222") == []
    assert found(client_for(users["other_clerk"]), q="zhangsan") == ["张三丰"]
    assert found(client_for(users["staff"]), q="zhangsan") == ["张三", "张三丰"]


def test_renaming_updates_the_pinyin(people, users, client_for):
    veteran = people["陈丹"]
    veteran.name = "曾小丹"
    veteran.full_clean()
    veteran.save()
    client = client_for(users["clerk"])
    assert found(client, q="zxd") == ["曾小丹"]
    assert found(client, q="chen") == []


def test_filters(people, tree, users, client_for):
    p = people
    card = PreferentialCard.objects.create(veteran=p["张三"])
    card_workflow.apply(card, "issue", user=users["staff"])
    PreferentialCard.objects.create(veteran=p["曾国强"])
    activated = PreferentialCard.objects.create(veteran=p["单丽"])
    card_workflow.apply(activated, "issue", user=users["staff"])
    card_workflow.apply(activated, "activate", user=users["staff"])
    VeteranArchive.objects.create(veteran=p["张三"])
    VeteranArchive.objects.create(veteran=p["解放"])
    for name, status in (("张珊珊", "party"), ("曾国强", "probationary"), ("单丽", "league")):
        p[name].political_status = status
        p[name].save()
    p["解放"].discharge_category = "retired"
    p["解放"].documented = True
    p["解放"].save()
    services.veteran_record_death(veteran=p["谢杰"], user=users["staff"], death_date=datetime.date(2025, 1, 1))
    services.veteran_move_out(veteran=p["长孙无忌"], user=users["staff"], destination="上海市", moved_on=datetime.date(2025, 1, 1))
    client = client_for(users["clerk"])
    everyone = sorted(p)

    assert found(client, village=tree["village11"].code) == ["张三", "张珊珊", "解放", "陈丹"]
    assert found(client, village=tree["village12"].code) == ["单丽", "曾国强", "谢杰", "长孙无忌"]
    assert found(client, within=tree["township1"].code) == everyone
    assert found(client, discharge_category="retired") == ["解放"]
    assert found(client, discharge_category="self_employed") == sorted(set(everyone) - {"解放"})
    assert found(client, card_status="none") == ["张珊珊", "解放", "谢杰", "长孙无忌", "陈丹"]
    assert found(client, card_status="applied") == ["曾国强"]
    assert found(client, card_status="issued") == ["张三"]
    assert found(client, card_status="activated") == ["单丽"]
    assert found(client, card_status="cancelled") == []
    assert found(client, archive_status="none") == sorted(set(everyone) - {"张三", "解放"})
    assert found(client, archive_status="received") == ["张三", "解放"]
    assert found(client, party="yes") == ["张珊珊", "曾国强"]
    assert found(client, party="no") == sorted(set(everyone) - {"张珊珊", "曾国强"})
    assert found(client, status="alive") == sorted(set(everyone) - {"谢杰", "长孙无忌"})
    assert found(client, status="deceased") == ["谢杰"]
    assert found(client, status="moved_out") == ["长孙无忌"]
    assert found(client, documented="true") == ["解放"]
    assert found(client, party="no", village=tree["village11"].code, card_status="none") == ["解放", "陈丹"]
    assert found(client, q="zhangs", card_status="issued", archive_status="received", party="no") == ["张三"]
    # a village outside the clerk's area is not a choice: the filter is refused and nothing of that village shows
    VeteranFactory(area=tree["village21"], name="外镇人")
    response = client.get(reverse("veterans:veteran_list"), {"village": tree["village21"].code, "per_page": 200})
    assert "village" in response.context["filterset"].errors  # not found among the areas the clerk can see
    assert "外镇人" not in [v.name for v in listed(response)]


def test_age_bands(tree, users, client_for):
    today = datetime.date.today()
    ages = {
        "二十九": years_ago(30, today) + datetime.timedelta(days=1),  # 30 tomorrow
        "三十": years_ago(30, today),  # 30 today
        "三十九": years_ago(40, today) + datetime.timedelta(days=1),
        "四十": years_ago(40, today),
        "七十九": years_ago(80, today) + datetime.timedelta(days=1),
        "八十": years_ago(80, today),
        "九十五": years_ago(95, today),
    }
    for name, born in ages.items():
        VeteranFactory(area=tree["village11"], name=name, id_number=id_number(born),
                       enlistment_date=born.replace(year=born.year + 18, day=1),
                       discharge_date=born.replace(year=born.year + 20, day=1))
    client = client_for(users["clerk"])
    band = lambda value: found(client, age_band=value)  # noqa: E731

    assert band("-29") == ["二十九"]
    assert band("30-39") == sorted(["三十", "三十九"])
    assert band("40-49") == ["四十"]
    assert band("50-59") == band("60-69") == []
    assert band("70-79") == ["七十九"]
    assert band("80-") == sorted(["八十", "九十五"])
    from veterans.filtersets import AGE_BANDS

    covered = [name for value, _label in AGE_BANDS for name in band(value)]
    assert sorted(covered) == sorted(ages)  # every age in exactly one band


def test_a_clerk_cannot_rebuild_a_masked_number_by_searching(people, users, client_for):
    """With tail searches of 3 digits and up a village clerk rebuilt a masked ID number in 54
    requests and a phone in 11.  Now no part of a number but the whole finds anything for a role that
    may not reveal; revealing roles get the last 4 and 6 too."""
    zhang = people["张三"]
    clerk, staff = client_for(users["clerk"]), client_for(users["staff"])
    for length in (3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 17):
        assert found(clerk, q=zhang.id_number[-length:]) == [], length
    for length in (3, 5, 7, 9, 10):
        assert found(clerk, q="13900001234"[-length:]) == [], length
        assert found(staff, q=zhang.id_number[-length:]) == [], length
    assert found(clerk, q="13900001234"[:7]) == []  # the first digits of a mobile are no landline either
    assert found(clerk, q=zhang.id_number[:6]) == []


def test_masked_columns_cannot_be_sorted(people, users, client_for):
    from veterans.tables import VeteranTable

    table = VeteranTable([])
    assert not table.columns["id_number"].orderable and not table.columns["phone"].orderable
    client = client_for(users["clerk"])

    def ordered(**params):
        return [v.pk for v in listed(client.get(reverse("veterans:veteran_list"), {"per_page": 200, **params}))]

    by_id = sorted(people.values(), key=lambda v: v.id_number)
    assert ordered(sort="id_number") == ordered() and ordered(sort="-phone") == ordered()
    assert ordered() != [v.pk for v in by_id] or ordered(sort="name") != ordered()  # the data tells orders apart
    assert "sort=id_number" not in client.get(reverse("veterans:veteran_list")).content.decode()


def test_searches_by_number_are_logged_masked(people, users, client_for):
    from core.models import AccessLog

    zhang = people["张三"]
    client = client_for(users["clerk"])
    found(client, q=zhang.id_number)
    found(client, q="13900001234")
    found(client, q=zhang.id_number[-6:])  # refused for a clerk, still logged
    found(client, q="张三")  # a name: not logged
    found(client, q="123")  # a few digits being typed: not logged
    logs = list(AccessLog.objects.filter(kind="search").order_by("id"))
    assert [log.detail["kind"] for log in logs] == ["id", "phone", "refused"]
    assert logs[0].detail["q"] == f"{zhang.id_number[:4]}**********{zhang.id_number[-4:]}"
    assert logs[1].detail["q"] == "139****1234"
    assert all(zhang.id_number not in str(log.detail) for log in logs)
    assert {log.username for log in logs} == {"clerk"}


def test_whole_number_searches_are_limited_an_hour_for_roles_that_may_not_reveal(people, users, client_for, settings):
    """The mask shows the last 4 characters and the page the birth date and area: what is left to guess is
    the 3-digit sequence, some 500 numbers of the right sex.  A clerk makes at most the hour's limit of
    whole-number searches; the next finds nothing and says why.  Staff (who may reveal) are not limited."""
    from core.models import AccessLog

    settings.NUMBER_SEARCH_LIMIT_PER_HOUR = 3
    zhang = people["张三"]
    clerk, staff = client_for(users["clerk"]), client_for(users["staff"])
    for _ in range(3):
        assert found(clerk, q=zhang.id_number) == ["张三"]
    assert found(clerk, q=zhang.id_number) == []
    assert found(clerk, q="13900001234") == []
    page = clerk.get(reverse("veterans:veteran_list"), {"q": zhang.id_number}).content.decode()
    assert "一小时内按完整证件号或电话查询已达3次" in page
    assert found(clerk, q="张三") == ["张三"]  # names still work
    assert [log.detail["kind"] for log in AccessLog.objects.filter(kind="search", user=users["clerk"]).order_by("id")] == [
        "id", "id", "id", "limited", "limited", "limited"]

    # An hour later the clerk may search again.
    AccessLog.objects.filter(user=users["clerk"]).update(at=timezone.now() - datetime.timedelta(minutes=61))
    assert found(clerk, q=zhang.id_number) == ["张三"]

    for _ in range(5):
        assert found(staff, q=zhang.id_number) == ["张三"]


def test_the_page_shows_the_birth_year_so_the_mask_no_longer_gives_the_number_away(users, tree, client_for):
    """Beside the mask 3307**********1234 the whole birth date left only the county's two digits
    hidden: one candidate (the county is the record's own).  With the year alone 33 remain for this
    number (worked out with the GB 11643 check digit over the 365 days of 1990), each to be tried by
    a whole-number search, logged and limited an hour."""
    from core.search import rebuild_candidates

    assert rebuild_candidates("330727199001011234", "date") == 1
    assert rebuild_candidates("330727199001011234", "year") == 33
    veteran = VeteranFactory(area=tree["village11"], name="钱进", id_number="330727199001011234")
    for role in ("clerk", "staff"):
        page = client_for(users[role]).get(veteran.get_absolute_url()).content.decode()
        assert "1990年" in page and "3307**********1234" in page, role
        assert "1990-01-01" not in page and "1990年1月1日" not in page and "330727199001011234" not in page, role
    listing = client_for(users["clerk"]).get(reverse("veterans:veteran_list"), {"q": "钱进"}).content.decode()
    assert "1990-01-01" not in listing and "1990年1月1日" not in listing
