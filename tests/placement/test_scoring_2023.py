"""The 2023 method (《安排工作退役军士和义务兵服现役表现量化评分办法》) as placement.rules declares it: its discharge
period (winter 2022 on) and source, a rank item and deductions, and no figure seeded (the published explanation
gives the structure, not the tables; placement.rules says so).  The worked example below therefore scores under
figures entered by staff as 积分标准 rows, as a bureau does from the text it holds: the figures are the test's,
the arithmetic (rank once, service by counted years, awards by count, a deduction taken off) is the method's."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core import services
from placement.models import ScoreCorrection, ScoreRule, ScoreRuleSet
from placement.rules import RULES_2018, RULES_2023, load_rule_set
from tests.placement.helpers import batch, candidate, item, service_item, soldier

D = Decimal

ENTERED = {"service_year": "2", "service_year_beyond": "3", "rank_corporal": "6", "rank_sergeant": "9",
           "merit2": "20", "jiajiang": "0.5", "deduct_warning": "2"}


def rules_2023(tree, user, figures=ENTERED):
    rule_set = load_rule_set(tree["county"], user, table=RULES_2023)
    for code, points in figures.items():
        services.record_create(model=ScoreRule, data={"rule_set": rule_set, "code": code, "points": D(points)}, user=user)
    return rule_set


def batch_2023(tree, user, figures=ENTERED):
    return batch(tree, user, name="2023年度退役士兵阳光安置", year=2023, rule_set=rules_2023(tree, user, figures))


def recruit(tree, rank="下士", merits="二等功1次，嘉奖2次", name="王五"):
    veteran = soldier(tree, datetime.date(2018, 3, 1), datetime.date(2023, 3, 1), merits=merits, name=name)
    veteran.rank = rank
    veteran.save(update_fields=["rank"])
    return veteran


def test_the_2023_method_is_declared_for_winter_2022_on_with_its_source_and_no_figures(tree, users):
    staff = users["staff"]
    rules = load_rule_set(tree["county"], staff, table=RULES_2023)
    assert rules.points() == {}
    assert "安排工作退役军士和义务兵服现役表现量化评分办法" in rules.source and "分值未载入" in rules.source
    assert rules.applies_to(datetime.date(2022, 12, 1)) and rules.applies_to(datetime.date(2025, 9, 1))
    assert not rules.applies_to(datetime.date(2022, 11, 30))
    old = load_rule_set(tree["county"], staff, table=RULES_2018)
    assert old.applies_to(datetime.date(2022, 11, 30)) and not old.applies_to(datetime.date(2022, 12, 1))
    assert load_rule_set(tree["county"], staff, table=RULES_2023) == rules  # a second load finds it
    assert ScoreRuleSet.objects.filter(area=tree["county"]).count() == 2


def test_a_soldier_discharged_in_2023_belongs_to_a_2023_batch_not_a_2018_one(tree, users):
    staff = users["staff"]
    veteran = recruit(tree)
    with pytest.raises(ValidationError, match="不在本批次积分办法"):
        candidate(batch(tree, staff), veteran, staff, condition="merit_2")
    assert candidate(batch_2023(tree, staff), veteran, staff, condition="merit_2").batch.rule_set.name == RULES_2023["name"]


def test_a_worked_example_with_rank_awards_and_a_deduction(tree, users):
    """下士, 5 years (60 months), one 二等功 and two 嘉奖, one 警告: under the entered figures
    5 × 2 = 10, rank 6, 20, 2 × 0.5 = 1, minus 2 for the warning: 35 points."""
    staff = users["staff"]
    case = candidate(batch_2023(tree, staff), recruit(tree), staff, condition="merit_2")
    assert service_item(case, staff).points == D("10.00")
    assert item(case, staff, "rank", 1, military_rank="corporal").points == D("6.00")
    assert item(case, staff, "merit2", 1).points == D("20.00")
    assert item(case, staff, "jiajiang", 2).points == D("1.00")
    warning = item(case, staff, "deduction", 1, sanction="warning", evidence="档案：处分决定书")
    assert warning.points == D("-2.00")
    case.refresh_from_db()
    assert case.score == D("35.00")
    assert case.score_confirmed_on is None


def test_a_deduction_counts_each_sanction_and_may_take_the_score_below_zero(tree, users):
    staff = users["staff"]
    case = candidate(batch_2023(tree, staff, {"deduct_warning": "2"}), recruit(tree), staff, condition="merit_2")
    assert item(case, staff, "deduction", 2, sanction="warning").points == D("-4.00")
    case.refresh_from_db()
    assert case.score == D("-4.00")


def test_an_item_whose_figure_is_not_entered_is_refused(tree, users):
    staff = users["staff"]
    case = candidate(batch_2023(tree, staff, {}), recruit(tree), staff, condition="merit_2")
    with pytest.raises(ValidationError, match="中没有“军衔”的分值"):
        item(case, staff, "rank", 1, military_rank="corporal")
    with pytest.raises(ValidationError, match="中没有“减分（处分）”的分值"):
        item(case, staff, "deduction", 1, sanction="demerit")
    assert not case.score_items.exists()


def test_the_2018_method_has_no_rank_figure(tree, users):
    """The 2018 table is unchanged: a rank item under it is refused; its service points stay 3 a year."""
    staff = users["staff"]
    veteran = soldier(tree, datetime.date(2008, 9, 1), datetime.date(2020, 12, 1))
    case = candidate(batch(tree, staff), veteran, staff)
    with pytest.raises(ValidationError, match="中没有“军衔”的分值"):
        item(case, staff, "rank", 1, military_rank="staff_sergeant")
    assert service_item(case, staff).points == D("38.00")


def test_the_rank_must_follow_the_record_unless_corrected_with_a_reason(tree, users):
    staff = users["staff"]
    case = candidate(batch_2023(tree, staff), recruit(tree, rank="中士"), staff, condition="merit_2")
    with pytest.raises(ValidationError, match="退役时军衔为中士，不是下士"):
        item(case, staff, "rank", 1, military_rank="corporal")
    assert item(case, staff, "rank", 1, military_rank="sergeant").points == D("9.00")
    other = candidate(case.batch, recruit(tree, rank="中士", name="赵六"), staff, condition="merit_2")
    corrected = item(other, staff, "rank", 1, military_rank="corporal", reason="士兵证记载晋衔命令未生效，按下士计")
    assert corrected.points == D("6.00")
    log = ScoreCorrection.objects.get(item=corrected)
    assert (log.old_points, log.new_points) == (D("9.00"), D("6.00"))


@pytest.mark.parametrize(("extra", "field"), [
    ({"kind": "rank", "quantity": 1}, "military_rank"),
    ({"kind": "rank", "quantity": 2, "military_rank": "corporal"}, "quantity"),
    ({"kind": "deduction", "quantity": 1}, "sanction"),
    ({"kind": "merit2", "quantity": 1, "military_rank": "corporal"}, "military_rank"),
    ({"kind": "merit2", "quantity": 1, "sanction": "warning"}, "sanction"),
    ({"kind": "deduction", "quantity": 1, "sanction": "warning", "wartime": True}, "wartime"),
])
def test_rank_and_sanction_belong_to_their_items(tree, users, extra, field):
    staff = users["staff"]
    case = candidate(batch_2023(tree, staff), recruit(tree), staff, condition="merit_2")
    kind, quantity = extra.pop("kind"), extra.pop("quantity")
    with pytest.raises(ValidationError) as refused:
        item(case, staff, kind, quantity, **extra)
    assert field in refused.value.message_dict
