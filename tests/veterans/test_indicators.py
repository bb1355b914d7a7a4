"""The veterans.* indicators on a dataset built here with known figures.

The period is the first half of 2025; "last year" is the first half of 2024.  Who is who:

    township 1 (330727001)                            township 2 (330727002)
    a  registered 2023-05, self-employed              i  registered 2024-02, arranged
    b  registered 2024-03, retired                    j  registered 2025-01, self-employed
    c  registered 2025-02, self-employed              m  registered 2019, moved 22 -> 21 on 2024-03-01,
    d  registered 2025-03, died 2025-04-10               out of the system on 2025-06-01
    e  registered 2022, out of the system 2025-05-01
    f  registered 2025-07 (after the period)
    h  registered 2020, died 2024-05-01
    g  registered 2021 in township 1, moved to township 2 on 2025-03-01, self-employed
    k  registered 2023 in township 2, moved to township 1 on 2024-04-01, transferred

Honour plaques hung: a 2024-06-01, c 2025-03-10, f 2025-08-01, g 2025-02-01 (counted where g lives now), h 2020-05-01,
i 2025-06-30, m 2024-02-01.  Annual checks of 2025: a 03-01, b 06-30 (updated), c 07-15, e 02-01, g 05-01
(unreachable); of 2024: a 04-01, i 06-15 (updated), k 12-01.
"""

import datetime
from decimal import Decimal

import pytest

from core import indicators
from core.indicators import Period, compute, compute_with_last_year
from tests.factories import VeteranFactory, VolunteerTeamFactory
from veterans import services
from veterans.models import AnnualCheck, PreferentialCard, Veteran, VeteranArchive, VolunteerActivity, VolunteerMember

pytestmark = pytest.mark.django_db

H1_2025 = Period.half_year(2025)
COUNTY, TOWNSHIP1, TOWNSHIP2, EMPTY = "330727", "330727001", "330727002", "330727009"
D = datetime.date


@pytest.fixture
def dataset(tree, users):
    staff = users["staff"]

    def vet(key, village, registered, category="self_employed"):
        return VeteranFactory(area=tree[village], name=f"老{key}", registered_on=registered, discharge_category=category)

    p = {
        "a": vet("a", "village11", D(2023, 5, 1)),
        "b": vet("b", "village11", D(2024, 3, 1), "retired"),
        "c": vet("c", "village12", D(2025, 2, 1)),
        "d": vet("d", "village12", D(2025, 3, 15), "demobilised"),
        "e": vet("e", "village11", D(2022, 1, 1)),
        "f": vet("f", "village11", D(2025, 7, 1)),
        "g": vet("g", "village11", D(2021, 1, 1)),
        "h": vet("h", "village11", D(2020, 1, 1)),
        "i": vet("i", "village21", D(2024, 2, 1), "arranged"),
        "j": vet("j", "village22", D(2025, 1, 10)),
        "k": vet("k", "village21", D(2023, 1, 1), "transferred"),
        "m": vet("m", "village22", D(2019, 1, 1)),
    }

    def card(key, **dates):
        status = ("cancelled" if "cancelled_on" in dates else "activated" if "activated_on" in dates
                  else "issued" if "issued_on" in dates else "applied")
        return PreferentialCard.objects.create(veteran=p[key], status=dates.pop("status", status), **dates)

    card("a", applied_on=D(2024, 3, 1), issued_on=D(2024, 5, 1), activated_on=D(2025, 2, 1))
    card("b", applied_on=D(2025, 1, 15), issued_on=D(2025, 3, 1))
    card("c", applied_on=D(2025, 3, 1))
    card("d", applied_on=D(2025, 2, 1), issued_on=D(2025, 2, 20))
    card("g", applied_on=D(2024, 1, 10), issued_on=D(2024, 2, 1), activated_on=D(2024, 3, 1), lost_on=D(2025, 1, 5),
         reissued_on=D(2025, 2, 10), reissue_count=1, status="issued")
    card("i", applied_on=D(2025, 5, 1), issued_on=D(2025, 6, 30), activated_on=D(2025, 7, 2))

    services.veteran_record_death(veteran=p["d"], user=staff, death_date=D(2025, 4, 10))
    services.veteran_record_death(veteran=p["h"], user=staff, death_date=D(2024, 5, 1))
    services.veteran_move_out(veteran=p["e"], user=staff, destination="江苏省南京市", moved_on=D(2025, 5, 1))
    services.veteran_move(veteran=p["g"], user=staff, to_area=tree["village21"], moved_on=D(2025, 3, 1))
    services.veteran_move(veteran=p["k"], user=staff, to_area=tree["village11"], moved_on=D(2024, 4, 1))
    services.veteran_move(veteran=p["m"], user=staff, to_area=tree["village21"], moved_on=D(2024, 3, 1))
    services.veteran_move_out(veteran=p["m"], user=staff, destination="上海市", moved_on=D(2025, 6, 1))

    VeteranArchive.objects.create(veteran=p["a"], received_on=D(2025, 1, 5), reviewed_on=D(2025, 2, 1),
                                  transferred_on=D(2025, 7, 1), status="transferred")
    VeteranArchive.objects.create(veteran=p["b"], received_on=D(2024, 6, 1), reviewed_on=D(2025, 1, 20),
                                  transferred_on=D(2025, 3, 1), status="transferred")

    for key, hung in (("a", D(2024, 6, 1)), ("c", D(2025, 3, 10)), ("f", D(2025, 8, 1)), ("g", D(2025, 2, 1)),
                      ("h", D(2020, 5, 1)), ("i", D(2025, 6, 30)), ("m", D(2024, 2, 1))):
        Veteran.objects.filter(pk=p[key].pk).update(plaque_hung_on=hung)
    for key, year, checked, result in (("a", 2025, D(2025, 3, 1), "normal"), ("b", 2025, D(2025, 6, 30), "updated"),
                                       ("c", 2025, D(2025, 7, 15), "normal"), ("e", 2025, D(2025, 2, 1), "normal"),
                                       ("g", 2025, D(2025, 5, 1), "unreachable"), ("a", 2024, D(2024, 4, 1), "normal"),
                                       ("i", 2024, D(2024, 6, 15), "updated"), ("k", 2024, D(2024, 12, 1), "normal")):
        AnnualCheck.objects.create(veteran=p[key], year=year, checked_on=checked, result=result)

    team1 = VolunteerTeamFactory(area=tree["village11"], founded_on=D(2023, 1, 1))
    team2 = VolunteerTeamFactory(area=tree["village21"], founded_on=D(2025, 3, 1))
    VolunteerTeamFactory(area=tree["township1"], founded_on=None)
    VolunteerMember.objects.create(team=team1, veteran=p["a"], joined_on=D(2023, 2, 1))
    VolunteerMember.objects.create(team=team1, veteran=p["b"], joined_on=D(2025, 4, 1))
    VolunteerMember.objects.create(team=team2, veteran=p["a"], joined_on=D(2025, 5, 1))
    VolunteerMember.objects.create(team=team2, veteran=p["i"], joined_on=D(2025, 7, 1))
    for team, day, people, hours in ((team1, D(2025, 3, 1), 10, "20.5"), (team2, D(2025, 6, 30), 5, "10"),
                                     (team1, D(2025, 7, 1), 100, "100"), (team1, D(2024, 4, 1), 8, "16")):
        VolunteerActivity.objects.create(team=team, date=day, title="活动", participants=people, service_hours=hours)
    return p


CASES = [
    # on record at 2025-06-30: a b c g i j k; at 2024-06-30: a b e g i k m (m moved out only in 2025)
    ("veterans.total", COUNTY, 7, 7),
    ("veterans.total", TOWNSHIP1, 4, 4),
    ("veterans.total", EMPTY, 0, 0),
    ("veterans.category.self_employed", COUNTY, 4, 4),
    ("veterans.category.retired", COUNTY, 1, 1),
    ("veterans.category.arranged", COUNTY, 1, 1),
    ("veterans.category.transferred", COUNTY, 1, 1),
    ("veterans.category.demobilised", COUNTY, 0, 0),
    ("veterans.registered", COUNTY, 3, 2),
    ("veterans.registered", TOWNSHIP2, 1, 1),
    ("veterans.deceased", COUNTY, 1, 1),
    ("veterans.deceased", TOWNSHIP2, 0, 0),
    ("veterans.moved_in", COUNTY, 0, 0),  # moves inside the county are neither in nor out
    ("veterans.moved_out", COUNTY, 2, 0),  # e and m left the system
    ("veterans.moved_in", TOWNSHIP1, 0, 1),  # k
    ("veterans.moved_out", TOWNSHIP1, 2, 0),  # g to township 2, e out of the system
    ("veterans.moved_in", TOWNSHIP2, 1, 0),  # g
    ("veterans.moved_out", TOWNSHIP2, 1, 1),  # m out of the system; k to township 1 (m's move 22 -> 21 stays inside)
    ("veterans.cards_applied", COUNTY, 4, 2),
    ("veterans.cards_issued", COUNTY, 4, 2),  # b d i issued, g reissued; a g issued
    ("veterans.cards_activated", COUNTY, 1, 1),
    ("veterans.cards_issued_total", COUNTY, 5, 2),
    ("veterans.card_completion_rate", COUNTY, Decimal("57.14"), Decimal("28.57")),  # 4 of 7 (d died); 2 of 7
    ("veterans.card_completion_rate", TOWNSHIP1, Decimal("50.00"), Decimal("25.00")),  # a b of a b c k; a of a b e k
    ("veterans.card_activation_rate", COUNTY, Decimal("40.00"), Decimal("50.00")),  # a g of a b d g i; g of a g
    ("veterans.card_completion_rate", EMPTY, None, None),
    ("veterans.card_activation_rate", EMPTY, None, None),
    ("veterans.archives_received", COUNTY, 1, 1),
    ("veterans.archives_reviewed", COUNTY, 2, 0),
    ("veterans.archives_transferred", COUNTY, 1, 0),
    ("veterans.volunteers", COUNTY, 2, 1),
    ("veterans.volunteers", TOWNSHIP2, 1, 0),
    ("veterans.volunteer_teams", COUNTY, 3, 2),
    ("veterans.volunteer_activities", COUNTY, 2, 1),
    ("veterans.volunteer_activities", TOWNSHIP1, 1, 1),
    ("veterans.volunteer_participants", COUNTY, 15, 8),
    ("veterans.volunteer_hours", COUNTY, Decimal("30.5"), Decimal("16")),
    ("veterans.volunteer_hours", EMPTY, 0, 0),
    ("veterans.plaques_hung", COUNTY, 3, 2),  # c g i; a m
    ("veterans.plaques_hung", TOWNSHIP1, 1, 1),  # c; a
    ("veterans.plaques_hung", TOWNSHIP2, 2, 1),  # g (hung before the move) i; m
    ("veterans.plaques_total", COUNTY, 6, 3),  # a c g h i m (f after the period); a h m
    ("veterans.plaques_total", EMPTY, 0, 0),
    ("veterans.checks_done", COUNTY, 4, 2),  # a b e g (c after the period); a i (k after it)
    ("veterans.checks_done", TOWNSHIP1, 3, 1),  # a b e; a
    ("veterans.checks_updated", COUNTY, 1, 1),  # b; i
    ("veterans.checks_unreachable", COUNTY, 1, 0),  # g
    ("veterans.check_rate", COUNTY, Decimal("42.86"), Decimal("28.57")),  # a b g of 7 (e moved out); a i of 7
    ("veterans.check_rate", TOWNSHIP2, Decimal("33.33"), Decimal("33.33")),  # g of g i j; i of g i m
    ("veterans.check_rate", EMPTY, None, None),
]


@pytest.mark.parametrize("name, area, this_year, last_year", CASES)
def test_indicator_values(dataset, name, area, this_year, last_year):
    assert compute_with_last_year(name, area, H1_2025) == (this_year, last_year)


def test_the_dataset_is_what_the_figures_assume(dataset, tree):
    p = {key: Veteran.objects.get(pk=v.pk) for key, v in dataset.items()}
    assert (p["d"].status, p["d"].card.status) == ("deceased", "cancelled")
    assert (p["e"].status, p["e"].moved_out_to, p["e"].area) == ("moved_out", "江苏省南京市", tree["village11"])
    assert (p["m"].status, p["m"].area) == ("moved_out", tree["village21"])
    assert (p["g"].area, p["k"].area) == (tree["village21"], tree["village11"])


def test_a_whole_year_and_a_single_day(dataset):
    year = Period.year(2025)
    assert compute("veterans.registered", COUNTY, year) == 4  # f, registered in July, counts in the year
    assert compute("veterans.total", COUNTY, year) == 8  # ... and is on record at its end
    assert compute("veterans.cards_activated", COUNTY, year) == 2  # i, activated 2025-07-02
    day = Period(D(2025, 6, 1), D(2025, 6, 1))
    assert compute("veterans.moved_out", COUNTY, day) == 1
    assert compute("veterans.total", COUNTY, day) == 7  # m leaves on the day itself


def test_a_later_death_updates_the_figures(dataset, users):
    services.veteran_record_death(veteran=dataset["c"], user=users["staff"], death_date=D(2025, 6, 15))
    assert compute_with_last_year("veterans.total", COUNTY, H1_2025) == (6, 7)
    assert compute("veterans.deceased", COUNTY, H1_2025) == 2
    assert compute("veterans.card_completion_rate", COUNTY, H1_2025) == Decimal("66.67")  # a b g i of 6


def test_every_veterans_indicator_is_covered_here():
    names = {i.name for i in indicators.all_indicators("veterans")}
    categories = {name for name in names if name.startswith("veterans.category.")}
    assert len(categories) == 8
    assert names - categories == {case[0] for case in CASES} - categories
