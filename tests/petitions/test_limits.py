"""The limits of 《信访工作条例》 counted in calendar days, the day of the event not counted (民法典第二百零一条),
with answers worked out by hand from a calendar."""

import datetime

import pytest

from petitions import limits
from petitions.models import Petition

D = datetime.date


@pytest.mark.parametrize(("received", "due"), [
    (D(2025, 3, 3), D(2025, 3, 18)),  # 3 March + 15 days: 4..18 March
    (D(2024, 2, 15), D(2024, 3, 1)),  # a leap February: 16..29 February is 14 days, the 15th is 1 March
    (D(2025, 2, 15), D(2025, 3, 2)),  # 16..28 February is 13 days, then 1 and 2 March
    (D(2025, 12, 20), D(2026, 1, 4)),  # across the year
    (D(2025, 9, 30), D(2025, 10, 15)),  # the National Day holiday is not skipped (calendar days, no moving)
])
def test_the_decision_to_accept_is_due_15_days_after_receipt(received, due):
    assert limits.accept_due(received) == due


@pytest.mark.parametrize(("accepted", "extension", "due"), [
    (D(2025, 3, 10), 0, D(2025, 5, 9)),  # 21 days of March + 30 of April + 9 of May = 60
    (D(2025, 3, 10), 30, D(2025, 6, 8)),  # 30 more: 22 of May + 8 of June
    (D(2025, 3, 10), 15, D(2025, 5, 24)),
    (D(2024, 1, 1), 0, D(2024, 3, 1)),  # 30 of January + 29 of February (leap) + 1 of March
    (D(2025, 1, 1), 0, D(2025, 3, 2)),  # 30 + 28 + 2
])
def test_the_answer_is_due_60_days_after_acceptance_plus_the_extension(accepted, extension, due):
    assert limits.answer_due(accepted, extension) == due


def test_review_and_recheck_limits_are_30_days():
    assert limits.request_due(D(2025, 5, 9)) == D(2025, 6, 8)  # requested by then
    assert limits.decide_due(D(2025, 6, 1)) == D(2025, 7, 1)  # decided by then
    assert limits.request_due(D(2025, 1, 31)) == D(2025, 3, 2)


def test_days_left_counts_to_the_limit_and_below_zero_when_overdue():
    assert limits.days_left(D(2025, 3, 18), D(2025, 3, 3)) == 15
    assert limits.days_left(D(2025, 3, 18), D(2025, 3, 18)) == 0
    assert limits.days_left(D(2025, 3, 18), D(2025, 3, 21)) == -3


@pytest.mark.parametrize(("people", "collective"), [(1, False), (4, False), (5, True), (30, True)])
def test_five_people_or_more_is_a_collective_visit(people, collective, tree):
    petition = Petition(received_on=D(2025, 3, 3), people=people, category="other", matter="测试", area=tree["county"])
    petition.save()
    assert petition.collective is collective
    assert petition.accept_due_on == D(2025, 3, 18) and petition.due_on == D(2025, 3, 18)
