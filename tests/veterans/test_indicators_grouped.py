"""The grouped forms of the veterans.* indicators (core.indicators.series_of / by_area_of) give exactly
what one compute() per period or per child area gives.

The data: the dataset of test_indicators (deaths, moves out of the system, moves between townships
and back, a reissued card) and, on top of it, records on month boundaries, a card issued and
reissued in the same month, a veteran registered at a township rather than a village, and a
second county.
"""

import calendar
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import indicators
from core.indicators import Period, compute, compute_by_area, compute_series, compute_with_last_year
from tests.factories import VeteranFactory, area_tree
from tests.veterans.test_indicators import dataset  # noqa: F401 - the fixture
from veterans import services
from veterans.models import PreferentialCard, VeteranArchive

pytestmark = pytest.mark.django_db

D = datetime.date
COUNTY, TOWNSHIP1, TOWNSHIP2 = "330727", "330727001", "330727002"


def months(year, first=1, last=12):
    return [Period(D(year, m, 1), D(year, m, calendar.monthrange(year, m)[1])) for m in range(first, last + 1)]


@pytest.fixture
def edges(dataset, tree, users):  # noqa: F811 - the imported fixture
    staff = users["staff"]
    other = area_tree(county_code="330728", county_name="邻溪县")

    def vet(name, area, registered, category="self_employed"):
        return VeteranFactory(area=area, name=name, registered_on=registered, discharge_category=category)

    # month boundaries: registered on the last and the first day of a month, died on a month's last day
    last_day = vet("老边", tree["village12"], D(2025, 1, 31), "self_career")
    first_day = vet("老初", tree["village22"], D(2025, 2, 1), "monthly_pension")
    services.veteran_record_death(veteran=last_day, user=staff, death_date=D(2025, 4, 30))
    # (between them the three give every discharge category a veteran)
    # a card issued and reissued in the same month counts once that month; another reissued in a later year
    PreferentialCard.objects.create(veteran=first_day, applied_on=D(2025, 2, 1), issued_on=D(2025, 3, 1),
                                    lost_on=D(2025, 3, 10), reissued_on=D(2025, 3, 31), reissue_count=1, status="issued")
    PreferentialCard.objects.create(veteran=last_day, applied_on=D(2024, 12, 1), issued_on=D(2024, 12, 31),
                                    activated_on=D(2025, 1, 1), status="cancelled", cancelled_on=D(2025, 4, 30))
    # registered at the township itself: inside the township and the county, in no village
    at_township = vet("老镇", tree["township1"], D(2024, 6, 30), "supported")
    PreferentialCard.objects.create(veteran=at_township, applied_on=D(2024, 7, 1), issued_on=D(2024, 7, 1),
                                    activated_on=D(2024, 7, 31), status="activated")
    VeteranArchive.objects.create(veteran=at_township, received_on=D(2024, 7, 1), reviewed_on=D(2025, 1, 1),
                                  status="reviewed")
    # the neighbouring county: moved in from it, moved out to it
    neighbour = vet("老邻", other["village11"], D(2023, 3, 1))
    PreferentialCard.objects.create(veteran=neighbour, applied_on=D(2024, 1, 1), issued_on=D(2024, 1, 31),
                                    status="issued")
    services.veteran_move(veteran=neighbour, user=staff, to_area=tree["village21"], moved_on=D(2025, 1, 1))
    leaver = vet("老去", tree["village11"], D(2024, 2, 29))
    services.veteran_move(veteran=leaver, user=staff, to_area=other["village22"], moved_on=D(2025, 5, 31))
    services.veteran_move_out(veteran=vet("老走", other["village12"], D(2024, 1, 1)), user=staff,
                              destination="江西省", moved_on=D(2025, 6, 1))
    return {**tree, "other": other}


AREAS = ["33", "3307", COUNTY, TOWNSHIP1, TOWNSHIP2, "330727001001", "330727002002", "330727009", "330728"]
GROUPED_SERIES = sorted(n for n in indicators._series if n.startswith("veterans."))  # stations: tests/stations
GROUPED_BY_AREA = sorted(n for n in indicators._by_area if n.startswith("veterans."))


def test_the_dashboards_figures_have_grouped_forms():
    for name in indicators.dashboard_tiles() + indicators.dashboard_trends():
        assert name in indicators._series, name
    for name in indicators.dashboard_breakdowns():
        assert name in indicators._by_area, name


@pytest.mark.parametrize("name", GROUPED_SERIES)
def test_series_equal_one_compute_per_period(edges, name):
    period_lists = [
        months(2025), months(2024), months(2025, 1, 6), months(2024, 12, 12) + months(2025, 1, 2),
        [Period.half_year(2025), Period.half_year(2025).previous_year()],
        [Period(D(2025, 1, 1), D(2025, 5, 31)), Period(D(2024, 1, 1), D(2024, 5, 31))],
        [Period(D(2025, 3, 1), D(2025, 3, 1)), Period(D(2025, 3, 31), D(2025, 3, 31)), Period.year(2025)],
        [Period(D(2024, 2, 29), D(2024, 2, 29)), Period(D(2025, 6, 1), D(2025, 6, 1))],
    ]
    checked = 0
    for area in AREAS:
        for periods in period_lists:
            expected = [compute(name, area, p) for p in periods]
            assert compute_series(name, area, periods) == expected, (area, periods)
            checked += any(expected)
    assert checked  # the data gives this indicator something to count


@pytest.mark.parametrize("name", GROUPED_SERIES)
def test_with_last_year_equals_two_computes(edges, name):
    for area in AREAS:
        for period in (Period.half_year(2025), Period(D(2025, 1, 1), D(2025, 3, 31)), Period.year(2024)):
            assert compute_with_last_year(name, area, period) == (compute(name, area, period),
                                                                  compute(name, area, period.previous_year()))


@pytest.mark.parametrize("name", GROUPED_BY_AREA)
def test_by_area_equals_one_compute_per_child(edges, name, tree):
    children = {
        "33": ["3307"],
        "3307": [COUNTY, "330728", "330729"],
        COUNTY: [TOWNSHIP1, TOWNSHIP2, "330727009"],
        TOWNSHIP1: ["330727001001", "330727001002"],
        TOWNSHIP2: ["330727002001", "330727002002", "330727002003"],
    }
    checked = 0
    for area, codes in children.items():
        for period in (Period.half_year(2025), Period.year(2024), Period(D(2025, 4, 30), D(2025, 4, 30)),
                       Period(D(2025, 1, 1), D(2025, 5, 31))):
            expected = [compute(name, code, period) for code in codes]
            assert compute_by_area(name, area, codes, period) == expected, (area, period)
            checked += any(expected)
    assert checked


@pytest.mark.parametrize("name", GROUPED_SERIES)
def test_a_series_is_one_query(edges, name):
    with CaptureQueriesContext(connection) as captured:
        compute_series(name, COUNTY, months(2025))
    assert len(captured) == 1


@pytest.mark.parametrize("name", GROUPED_BY_AREA)
def test_a_breakdown_is_one_query(edges, name):
    with CaptureQueriesContext(connection) as captured:
        compute_by_area(name, COUNTY, [TOWNSHIP1, TOWNSHIP2, "330727009"], Period.half_year(2025))
    assert len(captured) == 1


def test_without_a_grouped_form_it_computes_each(edges):
    assert "veterans.moved_in" not in indicators._series
    periods = months(2025, 1, 6)
    with CaptureQueriesContext(connection) as captured:
        values = compute_series("veterans.moved_in", COUNTY, periods)
    assert values == [compute("veterans.moved_in", COUNTY, p) for p in periods] and len(captured) == len(periods)
    assert values[0] == 1  # 老邻 moved in from the neighbouring county in January
    # children of different code lengths, or outside the area, are computed one by one too
    codes = [TOWNSHIP1, "330727002001", "330728"]
    assert compute_by_area("veterans.total", COUNTY, codes, Period.half_year(2025)) == [
        compute("veterans.total", code, Period.half_year(2025)) for code in codes]


def test_the_edges_are_counted_as_the_indicators_say(edges):
    march = Period(D(2025, 3, 1), D(2025, 3, 31))
    assert compute("veterans.cards_issued", "330727002002", march) == 1  # issued and reissued in March: once
    assert compute_series("veterans.cards_issued", "330727002002", months(2025, 2, 4)) == [0, 1, 0]
    assert compute_series("veterans.registered", COUNTY, months(2025, 1, 2)) == [2, 2]  # j and 老边; c and 老初
    assert compute_by_area("veterans.total", TOWNSHIP1, ["330727001001", "330727001002"], Period.half_year(2024)) == [
        compute("veterans.total", "330727001001", Period.half_year(2024)),
        compute("veterans.total", "330727001002", Period.half_year(2024))]
    # 老镇 counts in the township, in none of its villages
    township = compute("veterans.total", TOWNSHIP1, Period.year(2024))
    villages = compute_by_area("veterans.total", TOWNSHIP1, ["330727001001", "330727001002"], Period.year(2024))
    assert township == sum(villages) + 1
