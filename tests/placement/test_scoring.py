"""The 2018 interim method's scoring, against examples worked out by hand from its text (placement.rules):
3 points a service year up to 12 years, 4 a year beyond; a part year under 6 months counts half a year,
6 months or more a full year; 嘉奖 0.5, 三等功 10, 二等功 20, 一等功 40 (wartime 3/20/40/80); disability
grades 5-10 因战 50/40/30/20/10/5, 因公 40/30/20/10/5/2."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from placement import scoring
from placement import services as placement_services
from placement.models import ScoreCorrection
from tests.placement.helpers import batch, candidate, confirm, item, service_item, soldier

D = Decimal


@pytest.mark.parametrize(("enlisted", "discharged", "months"), [
    (datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), 147),  # 12 years 3 months
    (datetime.date(2006, 12, 10), datetime.date(2020, 6, 20), 162),  # 13 years 6 months
    (datetime.date(2006, 12, 20), datetime.date(2020, 6, 10), 161),  # the 20th not reached: 13 years 5 months
    (datetime.date(2008, 12, 1), datetime.date(2020, 12, 1), 144),
])
def test_service_months_from_the_record(enlisted, discharged, months):
    assert scoring.service_months(enlisted, discharged) == months


@pytest.mark.parametrize(("months", "years", "points"), [
    (144, D("12"), D("36.00")),  # 12 × 3
    (147, D("12.5"), D("38.00")),  # 12 years 3 months: under 6 months is half a year; 36 + 0.5 × 4
    (149, D("12.5"), D("38.00")),  # 12 years 5 months: still half a year
    (150, D("13"), D("40.00")),  # 12 years 6 months: a full year; 36 + 4
    (162, D("14"), D("44.00")),  # 13 years 6 months: 14 years; 36 + 2 × 4
    (134, D("11.5"), D("34.50")),  # 11 years 2 months: 11.5 × 3, all within the first 12 years
    (24, D("2"), D("6.00")),
])
def test_service_points_with_the_half_year_rule(months, years, points):
    assert scoring.counted_years(months) == years
    assert scoring.service_points(months, per_year=3, per_year_beyond=4, threshold_years=12) == points


def test_the_notice_counts_working_days_monday_to_friday():
    assert scoring.add_working_days(datetime.date(2025, 6, 2), 5) == datetime.date(2025, 6, 6)  # Mon → Fri
    assert scoring.add_working_days(datetime.date(2025, 6, 4), 5) == datetime.date(2025, 6, 10)  # Wed → next Tue
    assert scoring.add_working_days(datetime.date(2025, 6, 7), 5) == datetime.date(2025, 6, 13)  # Sat → starts Mon
    assert scoring.add_working_days(datetime.date(2025, 6, 6), 1) == datetime.date(2025, 6, 6)


def test_awards_are_read_from_the_record_text():
    assert scoring.recorded_awards("三等功1次，嘉奖3次") == {("merit3", False): 1, ("jiajiang", False): 3}
    assert scoring.recorded_awards("战时二等功、三等功2次") == {("merit2", True): 1, ("merit3", False): 2}
    assert scoring.recorded_awards("") == {}


def test_a_worked_example_scored_from_the_rule_table(tree, users):
    """12 years 3 months (38), one 三等功 (10) and three 嘉奖 (1.5): 49.5 points."""
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="三等功1次，嘉奖3次")
    case = candidate(batch(tree, staff), veteran, staff)
    assert service_item(case, staff).points == D("38.00")
    assert item(case, staff, "merit3", 1).points == D("10.00")
    assert item(case, staff, "jiajiang", 3).points == D("1.50")
    case.refresh_from_db()
    assert case.score == D("49.50")


def test_wartime_awards_and_disability_grades(tree, users):
    """13 years 6 months (44), a wartime 三等功 (20), disabled 因战 6级 (40): 104; 因公 10级 alone is 2."""
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2006, 12, 10), datetime.date(2020, 6, 20), merits="战时三等功1次")
    case = candidate(batch(tree, staff), veteran, staff, condition="war_merit")
    service_item(case, staff)
    assert item(case, staff, "merit3", 1, wartime=True).points == D("20.00")
    assert item(case, staff, "disability", 1, disability_grade=6, disability_cause="war").points == D("40.00")
    case.refresh_from_db()
    assert case.score == D("104.00")
    other = candidate(case.batch, soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), name="李四"), staff)
    assert item(other, staff, "disability", 1, disability_grade=10, disability_cause="duty").points == D("2.00")


def test_the_figures_come_from_the_rows_not_the_code(tree, users):
    """A rule set whose 嘉奖 row says 1 point scores 嘉奖 at 1 point."""
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="嘉奖2次")
    case = candidate(batch(tree, staff), veteran, staff)
    case.batch.rule_set.rules.filter(code="jiajiang").update(points=D("1"))
    assert item(case, staff, "jiajiang", 2).points == D("2.00")


def test_papers_the_soldier_brings_personally_do_not_count(tree, users):
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1))
    case = candidate(batch(tree, staff), veteran, staff)
    found = item(case, staff, "commendation_dept", 1, evidence_source="personal", evidence="本人提供的证书复印件")
    assert found.points == D("0.00")


def test_merits_the_record_does_not_hold_are_refused_unless_corrected_with_a_reason(tree, users):
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="三等功1次")
    case = candidate(batch(tree, staff), veteran, staff)
    with pytest.raises(ValidationError, match="二等功只有0次"):
        item(case, staff, "merit2", 1)
    with pytest.raises(ValidationError, match="三等功只有1次，不能计2次"):
        item(case, staff, "merit3", 2)
    with pytest.raises(ValidationError, match="与档案记载的147个月"):
        item(case, staff, "service", 150)
    assert case.score_items.count() == 0 and ScoreCorrection.objects.count() == 0
    found = item(case, staff, "merit2", 1, reason="档案中有二等功奖励通令（第12页），信息系统漏录")
    assert found.points == D("20.00")
    log = ScoreCorrection.objects.get()
    assert (log.old_quantity, log.new_quantity, log.old_points, log.new_points) == (0, 1, 0, 20)
    assert "漏录" in log.reason


def test_a_correction_is_logged_and_asks_for_confirmation_again(tree, users):
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1), merits="嘉奖3次")
    case = candidate(batch(tree, staff), veteran, staff)
    service_item(case, staff)
    jiajiang = item(case, staff, "jiajiang", 3)
    confirm(case, staff)
    case.refresh_from_db()
    assert case.score == D("39.50") and case.score_confirmed_on == datetime.date(2021, 3, 1)
    with pytest.raises(ValidationError, match="须填写理由"):
        placement_services.score_item_correct(scoreitem=jiajiang, user=staff, quantity=D("2"), reason=" ")
    placement_services.score_item_correct(scoreitem=jiajiang, user=staff, quantity=D("2"), reason="其中1次嘉奖系集体嘉奖")
    case.refresh_from_db()
    assert case.score == D("39.00") and case.score_confirmed_on is None
    log = ScoreCorrection.objects.get()
    assert (log.old_points, log.new_points, log.reason) == (D("1.50"), D("1.00"), "其中1次嘉奖系集体嘉奖")
    assert log.corrected_by == str(staff)


def test_the_confirmation_is_dated_and_signed(tree, users):
    staff = users["staff"]
    case = candidate(batch(tree, staff), soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1)), staff)
    with pytest.raises(ValidationError, match="还没有积分项"):
        confirm(case, staff)
    service_item(case, staff)
    with pytest.raises(ValidationError, match="签字确认"):
        placement_services.score_confirm(placementcase=case, user=staff, confirmed_on=datetime.date(2021, 3, 1), signed=False)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        confirm(case, staff, day=datetime.date.today() + datetime.timedelta(days=1))


def test_an_honorary_title_holder_is_placed_without_scoring(tree, users):
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1))
    case = candidate(batch(tree, staff), veteran, staff, condition="honorary_title")
    with pytest.raises(ValidationError, match="不计分"):
        service_item(case, staff)
