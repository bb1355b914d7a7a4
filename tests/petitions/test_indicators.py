"""The 信访 figures with hand-counted answers, and the 权益维护 paragraphs they write."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.indicators import Period, compute, compute_series, get
from petitions import services
from petitions.models import Petition, Referral
from reports.compose import compose
from tests.petitions.helpers import D, register, through

pytestmark = pytest.mark.django_db

Q1 = Period(D(2025, 1, 1), D(2025, 3, 31))
YEAR = Period.year(2025)


@pytest.fixture
def petitions(users, tree):
    """Five petitions of 2025 in township 1 (one outside the first quarter, one in township 2's area):

    a: 1 person, resolved on time; b: a collective visit of 6 people in 2 batches, answered late, partly
    resolved; c: 8 people, resolved in April; d: 1 person, not accepted; e: 2 people in July, open."""
    staff, clerk = users["staff"], users["clerk"]
    a = through(register(clerk, tree["village11"], received_on=D(2025, 1, 6), category="placement"), staff,
                accepted=D(2025, 1, 8), answered=D(2025, 2, 20), closed=D(2025, 2, 25))
    b = through(register(clerk, tree["village12"], received_on=D(2025, 2, 3), people=6, batches=2), staff,
                accepted=D(2025, 2, 5), answered=D(2025, 4, 10), closed=D(2025, 4, 12), outcome="partly")
    c = through(register(clerk, tree["village11"], received_on=D(2025, 3, 3), people=8), staff,
                accepted=D(2025, 3, 4), answered=D(2025, 3, 28), closed=D(2025, 4, 2))
    d = register(clerk, tree["village11"], received_on=D(2025, 3, 10), category="other")
    services.petition_reject(petition=d, user=staff, rejected_on=D(2025, 3, 12), reason="不属于本机关职权范围。")
    e = register(clerk, tree["village11"], received_on=D(2025, 7, 1), people=2, category="employment")
    Referral.objects.create(petition=a, kind="legal_aid", referred_on=D(2025, 1, 10), organisation="县法律援助中心")
    Referral.objects.create(petition=c, kind="mediation", referred_on=D(2025, 3, 5), organisation="县调解委员会")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def figures(area, period, *names):
    return {name: compute(f"petitions.{name}", area, period) for name in names}


def test_received_in_batches_and_person_times_with_the_collective_visits(petitions, tree):
    county = tree["county"].code
    assert figures(county, Q1, "batches", "people", "collective_batches", "collective_people") == {
        "batches": 1 + 2 + 1 + 1, "people": 1 + 6 + 8 + 1, "collective_batches": 2 + 1, "collective_people": 6 + 8}
    assert figures(county, YEAR, "batches", "people")["people"] == 18
    assert figures(tree["township2"].code, YEAR, "batches")["batches"] == 0


def test_by_category(petitions, tree):
    county = tree["county"].code
    assert figures(county, YEAR, "category_placement", "category_benefits", "category_other", "category_employment",
                   "category_historical") == {"category_placement": 1, "category_benefits": 3, "category_other": 1,
                                              "category_employment": 1, "category_historical": 0}


def test_answered_on_time_over_a_period(petitions, tree):
    county = tree["county"].code
    # a answered 2025-02-20 (due 2025-03-09), c 2025-03-28 (due 2025-05-03); b 2025-04-10, due 2025-04-06: late
    assert figures(county, Q1, "answered", "answered_on_time", "on_time_rate") == {
        "answered": 2, "answered_on_time": 2, "on_time_rate": 100}
    assert figures(county, YEAR, "answered", "answered_on_time")["answered_on_time"] == 2
    assert str(compute("petitions.on_time_rate", county, YEAR)) == "66.67"


def test_the_resolution_rate_is_resolved_over_received_by_the_periods_end(petitions, tree):
    county = tree["county"].code
    # Q1 received 5 batches (a, b×2, c, d); resolved by 31 March: a only (c was closed on 2 April)
    assert figures(county, Q1, "resolved", "resolution_rate") == {"resolved": 1, "resolution_rate": 20}
    # the year: 6 batches, resolved a and c (b partly, d not accepted, e open)
    assert str(compute("petitions.resolution_rate", county, YEAR)) == "33.33"
    assert get("petitions.resolution_rate").unit == "%"


def test_overdue_at_a_day(petitions, tree):
    county = tree["county"].code
    # on 2025-04-08 b waits for its answer (due 2025-04-06): overdue; e is not received yet
    assert compute("petitions.overdue", county, Period(D(2025, 1, 1), D(2025, 4, 8))) == 1
    # e's decision is due by 16 July (15 days after 1 July): overdue from the 17th
    assert compute("petitions.overdue", county, Period(D(2025, 1, 1), D(2025, 7, 16))) == 0
    assert compute("petitions.overdue", county, Period(D(2025, 1, 1), D(2025, 7, 17))) == 1
    assert Petition.objects.filter(status="registered").get() == petitions["e"]


def test_referrals(petitions, tree):
    assert figures(tree["county"].code, YEAR, "legal_aid", "mediation") == {"legal_aid": 1, "mediation": 1}


def test_the_summary_states_them_in_the_seeds_manner(petitions, tree):
    draft = compose("annual", 2025, tree["county"])
    section = next(paragraphs for title, paragraphs in draft.sections if "信访" in title)
    text = "".join(section)
    assert "全县共受理退役军人及其他优抚对象信访6批18人次" in text
    assert "其中5人以上集体访3批14人次" in text
    assert "安置类1批，优抚待遇类3批" in text and "历史遗留" not in text
    assert "按期答复信访事项2件，按期答复率66.67%" in text
    assert "化解信访2批，化解率达33.33%" in text
    assert "引导申请法律援助1件，转交调解1件" in text


def test_the_grouped_forms_give_the_same_figures(petitions, tree):
    periods = [Q1, YEAR, Period(D(2025, 1, 1), D(2025, 4, 8)), Period(D(2024, 1, 1), D(2024, 12, 31))]
    for name in ("petitions.batches", "petitions.resolution_rate", "petitions.overdue"):
        assert compute_series(name, tree["county"].code, periods) == [compute(name, tree["county"].code, p)
                                                                      for p in periods], name


def test_the_dashboard_counts_an_old_petition_not_yet_accepted_as_overdue(users, tree, client_for):
    """Received 20 days ago and neither accepted nor refused: past the 15-day limit, "1件" on the leader's tile;
    one received today is not overdue."""
    today = datetime.date.today()
    register(users["clerk"], tree["village11"], received_on=today - datetime.timedelta(days=20))
    register(users["clerk"], tree["village11"], received_on=today, name="李四", phone="13905790002")
    assert compute("petitions.overdue", tree["county"].code, Period(today.replace(month=1, day=1), today)) == 1
    cache.clear()
    page = client_for(users["leader"]).get(reverse("home")).content.decode()
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    tiles = {tile["label"]: tile["value"] for tile in data["tiles"]}
    assert tiles["超期未办信访"] == "1件"
