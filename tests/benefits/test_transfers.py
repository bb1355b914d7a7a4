"""抚恤关系转移: the move's hook writes the transfer, the receiving county accepts or returns it, and the
batches of both counties pay every month once across the year boundary, each at its own standard."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from benefits import services_batches as batches
from benefits.models import BenefitTransfer, Category, Entitlement, SubsidyStandard
from benefits.models_batches import LineKind, PaymentBatch, PaymentLine
from benefits.services import entitlement_end
from benefits.services_transfer import transfer_counts
from core import services
from core.indicators import Period, compute
from core.registry import registry
from core.roles import Role
from core.workflow import TransitionNotAllowed
from tests.benefits.helpers_assist import pension_fund
from tests.factories import UserFactory, VeteranFactory, area_tree
from tests.list_queries import assert_list_queries_pinned
from veterans import services as veteran_services

pytestmark = pytest.mark.django_db
D = datetime.date

# 残疾军人十级因公: 10,850 元/年 from 2022-08-01, +6% from 2024-08-01 = 11,501.00 元/年 (benefits/data/standards.py).
# The counties' own 地方补贴 differ (made-up figures): 1,200 元/年 in 云溪县, 2,400 元/年 in 青岭县.
NATIONAL = Decimal("11501.00")
OLD_LOCAL, NEW_LOCAL = Decimal("1200.00"), Decimal("2400.00")
# a month: 11,501 / 12 = 958.4166… -> 958.42; 1,200 / 12 = 100.00; 2,400 / 12 = 200.00
OLD_MONTH = Decimal("958.42") + Decimal("100.00")  # 1,058.42 in the old county
NEW_MONTH = Decimal("958.42") + Decimal("200.00")  # 1,158.42 in the new county


@pytest.fixture
def sides(tree, users):
    other = area_tree("330728", "青岭县")
    return {
        **users, "old": tree, "new": other,
        "reviewer": UserFactory(username="reviewer", role=Role.STAFF, area=tree["county"]),
        "approver": UserFactory(username="approver", role=Role.LEADER, area=tree["county"]),
        "new_staff": UserFactory(username="new_staff", role=Role.STAFF, area=other["county"]),
        "new_reviewer": UserFactory(username="new_reviewer", role=Role.STAFF, area=other["county"]),
        "new_approver": UserFactory(username="new_approver", role=Role.LEADER, area=other["county"]),
        "new_clerk": UserFactory(username="new_clerk", role=Role.CLERK, area=other["township1"]),
        "new_township_staff": UserFactory(username="new_tstaff", role=Role.STAFF, area=other["township1"]),
    }


def standards(sides):
    for county, local, user in ((sides["old"]["county"], OLD_LOCAL, sides["staff"]),
                                (sides["new"]["county"], NEW_LOCAL, sides["new_staff"])):
        services.record_create(model=SubsidyStandard, user=user, data={
            "area": county, "category": Category.DISABLED_SOLDIER, "disability_grade": 10, "disability_cause": "duty",
            "national_amount": NATIONAL, "local_amount": local, "effective_from": D(2024, 8, 1),
            "policy_document": "退役军人部发〔2024〕测试号"})


def disabled(sides, approved=D(2024, 12, 10), village="village11"):  # noqa: B008 (a date is immutable)
    veteran = VeteranFactory(area=sides["old"][village])
    return services.record_create(model=Entitlement, user=sides["staff"], data={
        "veteran": veteran, "category": Category.DISABLED_SOLDIER, "disability_grade": 10, "disability_cause": "duty",
        "approved_on": approved, "bank_name": "农业银行", "bank_account": "6228481234567890123"})


def move(sides, entitlement, moved_on=D(2025, 6, 15), to="village11", county="new"):  # noqa: B008
    veteran_services.veteran_move(veteran=entitlement.veteran, user=sides["staff"], to_area=sides[county][to],
                                  moved_on=moved_on)
    return BenefitTransfer.objects.filter(veteran=entitlement.veteran).order_by("-id").first()


def batch(sides, side, year, month, period="month"):
    user = sides["staff"] if side == "old" else sides["new_staff"]
    return services.record_create(model=PaymentBatch, user=user, data={
        "area": sides[side]["county"], "year": year, "period": period, "first_month": month})


def run(sides, side, year, month, period="month"):
    """Compute, review, approve and pay a batch of the county (an empty one is approved, not paid)."""
    b = batch(sides, side, year, month, period)
    prefix = "" if side == "old" else "new_"
    staff = sides["staff"] if side == "old" else sides["new_staff"]
    batches.batch_compute(batch=b, user=staff)
    b.workflow.apply(b, "review", user=sides[f"{prefix}reviewer"])
    b.workflow.apply(b, "approve", user=sides[f"{prefix}approver"])
    if b.lines.exists():
        batches.batch_pay(batch=b, user=staff, fund=pension_fund(b))
    return PaymentBatch.objects.get(pk=b.pk)


# ---------------------------------------------------------------- the hook


def test_a_move_to_another_county_writes_the_transfer(sides):
    e = disabled(sides)
    t = move(sides, e)
    assert t is not None and t.status == "pending" and t.rule == "next_january"
    assert t.from_area == sides["old"]["village11"] and t.area == sides["new"]["village11"]
    assert (t.moved_on, t.pays_through, t.pays_from) == (D(2025, 6, 15), D(2025, 12, 31), D(2026, 1, 1))
    assert list(t.entitlements.all()) == [e] and t.family_member_id is None and t.move.to_area == t.area
    e.refresh_from_db()
    assert e.status == "active" and e.area_id == sides["new"]["village11"].code  # the entitlement follows the veteran


def test_one_transfer_a_beneficiary_carries_all_their_entitlements(sides):
    e = disabled(sides)
    war = services.record_create(model=Entitlement, user=sides["staff"], data={
        "veteran": e.veteran, "category": Category.WAR_VETERAN, "approved_on": D(2024, 3, 1)})
    t = move(sides, e)
    assert BenefitTransfer.objects.count() == 1 and set(t.entitlements.all()) == {e, war}
    assert t.transferred_entitlements() == "参战参试退役军人、残疾军人（10级因公）"  # by approval date


def test_a_move_inside_the_county_or_without_entitlements_writes_none(sides):
    e = disabled(sides)
    assert move(sides, e, to="village21", county="old") is None  # another township of the same county
    plain = VeteranFactory(area=sides["old"]["village12"])
    veteran_services.veteran_move(veteran=plain, user=sides["staff"], to_area=sides["new"]["village12"],
                                  moved_on=D(2025, 6, 15))
    assert not BenefitTransfer.objects.exists()
    ended = disabled(sides, village="village12")
    services.save(ended, sides["staff"], "")
    entitlement_end(entitlement=ended, user=sides["staff"], ended_on=D(2025, 3, 1), end_reason="disqualified")
    assert move(sides, ended) is None


@override_settings(BENEFITS_TRANSFER_RULE="next_month")
def test_the_rule_is_a_setting_kept_on_the_row(sides):
    t = move(sides, disabled(sides))
    assert (t.rule, t.pays_through, t.pays_from) == ("next_month", D(2025, 6, 30), D(2025, 7, 1))


@override_settings(BENEFITS_TRANSFER_RULE="next_quarter")
def test_an_unknown_rule_refuses_the_move(sides):
    e = disabled(sides)
    with pytest.raises(Exception, match="BENEFITS_TRANSFER_RULE"):
        move(sides, e)
    e.veteran.refresh_from_db()
    assert e.veteran.area == sides["old"]["village11"] and not BenefitTransfer.objects.exists()


def test_a_move_entered_late_starts_the_new_county_after_the_months_already_paid(sides):
    standards(sides)
    e = disabled(sides)
    run(sides, "old", 2026, 1)  # the old county paid January 2026 before the move of December 2025 was entered
    t = move(sides, e, moved_on=D(2025, 12, 20))
    assert (t.pays_through, t.pays_from) == (D(2026, 1, 31), D(2026, 2, 1))
    assert "迁出地已发放至2026年01月" in t.note


# ---------------------------------------------------------------- accept, return


def test_only_the_receiving_countys_staff_accept_once(sides):
    t = move(sides, disabled(sides))
    for who, message in (("new_clerk", "角色无权"), ("staff", "只有迁入地"), ("new_township_staff", "县级"),
                         ("leader", "角色无权")):
        with pytest.raises(TransitionNotAllowed, match=message):
            t.workflow.apply(t, "accept", user=sides[who])
        t.refresh_from_db()
        assert t.status == "pending" and t.decided_by is None
    t.workflow.apply(t, "accept", user=sides["new_staff"], remark="材料齐全")
    t.refresh_from_db()
    assert (t.status, t.decided_by, t.decided_on) == ("accepted", sides["new_staff"], datetime.date.today())
    with pytest.raises(TransitionNotAllowed, match="当前状态为“已接收”"):
        t.workflow.apply(t, "accept", user=sides["new_staff"])
    with pytest.raises(TransitionNotAllowed, match="当前状态为“已接收”"):
        t.workflow.apply(t, "send_back", user=sides["new_staff"], remark="重复")


def test_returned_with_a_reason_and_handed_over_again_by_the_old_county(sides):
    t = move(sides, disabled(sides))
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        t.workflow.apply(t, "send_back", user=sides["new_staff"], remark=" ")
    t.workflow.apply(t, "send_back", user=sides["new_staff"], remark="缺少残疾军人证复印件")
    t.refresh_from_db()
    assert (t.status, t.return_reason) == ("returned", "缺少残疾军人证复印件")
    with pytest.raises(TransitionNotAllowed, match="当前状态为“已退回”"):
        t.workflow.apply(t, "accept", user=sides["new_staff"])
    with pytest.raises(TransitionNotAllowed, match="只有迁出地"):
        t.workflow.apply(t, "resubmit", user=sides["new_staff"])
    t.workflow.apply(t, "resubmit", user=sides["staff"], remark="已补齐材料")
    t.refresh_from_db()
    assert (t.status, t.return_reason, t.decided_by) == ("pending", "", None)


def test_a_transfer_inside_one_county_is_refused(sides):
    t = move(sides, disabled(sides))
    t.area = sides["old"]["village21"]
    with pytest.raises(ValidationError, match="县（市、区）内迁移不转移抚恤关系"):
        t.full_clean()


# ---------------------------------------------------------------- batches across the year boundary


def months_paid(e):
    return sorted(PaymentLine.objects.filter(entitlement=e, rejected=False).exclude(kind=LineKind.BACK_PAY)
                  .values_list("month", flat=True))


def test_no_month_paid_twice_or_missed_across_the_transfer(sides):
    standards(sides)
    e = disabled(sides)  # approved 2024-12-10: paid from January 2025
    q1 = run(sides, "old", 2025, 1, "quarter")
    q2 = run(sides, "old", 2025, 4, "quarter")
    t = move(sides, e)  # 2025-06-15: the old county pays to December, the new one from January 2026
    q3 = run(sides, "old", 2025, 7, "quarter")
    q4 = run(sides, "old", 2025, 10, "quarter")
    new_q4 = run(sides, "new", 2025, 10, "quarter")
    for b in (q1, q2, q3, q4):
        assert (b.people, b.line_count, b.total_amount) == (1, 3, OLD_MONTH * 3)  # 3,175.26
    assert (new_q4.people, new_q4.line_count) == (0, 0)
    old_lines = PaymentLine.objects.filter(batch=q4)
    assert {line.area_id for line in old_lines} == {sides["old"]["village11"].code}  # paid where the person was
    assert {line.standard.area_id for line in old_lines} == {sides["old"]["county"].code}  # at the old standard

    january = run(sides, "new", 2026, 1)  # computed before the new county accepts: not paid
    old_q1 = run(sides, "old", 2026, 1, "quarter")  # nor by the old county, after December
    assert (january.line_count, old_q1.line_count) == (0, 0)
    _previous, stopped = batches.batch_changes(old_q1)
    assert [(r["kind"], r["why"]) for r in stopped] == [("停发", "抚恤关系转出，本地发放至2025年12月")]

    t.workflow.apply(t, "accept", user=sides["new_staff"])
    february = run(sides, "new", 2026, 2)
    lines = sorted(PaymentLine.objects.filter(batch=february), key=lambda line: line.month)
    assert [(line.month, line.kind, line.amount) for line in lines] == [
        (D(2026, 1, 1), LineKind.HELD_BACK, NEW_MONTH), (D(2026, 2, 1), LineKind.PERIODIC, NEW_MONTH)]
    assert february.total_amount == Decimal("2316.84")  # 2 × 1,158.42, at the new county's standard
    _previous, added = batches.batch_changes(february)
    assert [(r["kind"], r["why"], r["after"]) for r in added] == [
        ("新增", "抚恤关系转入，自2026年01月起由本地发放", Decimal("2316.84"))]
    assert {line.area_id for line in lines} == {sides["new"]["village11"].code}
    assert {line.standard.area_id for line in lines} == {sides["new"]["county"].code}
    march = run(sides, "new", 2026, 3)
    assert (march.line_count, march.total_amount) == (1, NEW_MONTH)

    # every month from January 2025 to March 2026 once: 12 by the old county, 3 by the new
    expected = [D(2025, m, 1) for m in range(1, 13)] + [D(2026, m, 1) for m in (1, 2, 3)]
    assert months_paid(e) == expected
    old_total = sum(b.total_amount for b in PaymentBatch.objects.filter(area=sides["old"]["county"]))
    new_total = sum(b.total_amount for b in PaymentBatch.objects.filter(area=sides["new"]["county"]))
    assert (old_total, new_total) == (Decimal("12701.04"), Decimal("3475.26"))  # 12 × 1,058.42 and 3 × 1,158.42


def test_a_returned_transfer_is_not_paid_by_either_county(sides):
    standards(sides)
    e = disabled(sides)
    t = move(sides, e, moved_on=D(2025, 11, 3))
    t.workflow.apply(t, "send_back", user=sides["new_staff"], remark="户籍迁移证明不全")
    december = run(sides, "old", 2025, 12)
    january_new, january_old = run(sides, "new", 2026, 1), run(sides, "old", 2026, 1)
    assert (december.line_count, january_new.line_count, january_old.line_count) == (1, 0, 0)
    assert months_paid(e) == [D(2025, 12, 1)]


# ---------------------------------------------------------------- pages, timeline, figures


def test_both_counties_see_it_and_others_get_404(sides, client_for):
    t = move(sides, disabled(sides))
    url = t.get_absolute_url()
    third = area_tree("330781", "兰溪市")
    outsider = UserFactory(username="third_staff", role=Role.STAFF, area=third["county"])
    old_page = client_for(sides["staff"]).get(url)
    new_page = client_for(sides["new_staff"]).get(url)
    assert old_page.status_code == new_page.status_code == 200
    accept_url = reverse("benefits:benefittransfer_transition", args=[t.pk, "accept"])
    assert accept_url in new_page.content.decode() and accept_url not in old_page.content.decode()
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(sides["other_staff"]).get(url).status_code == 404  # another township of the old county
    listing = reverse("benefits:benefittransfer_list")
    assert client_for(sides["staff"]).get(listing).context["total"] == 1
    assert client_for(outsider).get(listing).context["total"] == 0
    # the receiving county's staff accept on the page; a clerk's post is refused
    assert client_for(sides["new_clerk"]).post(accept_url).status_code == 403
    client_for(sides["staff"]).post(accept_url)
    t.refresh_from_db()
    assert t.status == "pending"
    client_for(sides["new_staff"]).post(accept_url)
    t.refresh_from_db()
    assert t.status == "accepted"


def test_the_timeline_shows_the_transfer_and_its_acceptance(sides, client_for):
    e = disabled(sides)
    t = move(sides, e)
    t.workflow.apply(t, "accept", user=sides["new_staff"])
    page = client_for(sides["new_staff"]).get(e.veteran.get_absolute_url()).content.decode()
    assert "抚恤关系转移" in page and "云溪县→青岭县，迁出地发放至2025年12月，迁入地自2026年01月起发放" in page
    assert "迁入地接收抚恤关系" in page
    entitlement_page = client_for(sides["new_staff"]).get(e.get_absolute_url()).content.decode()
    assert t.get_absolute_url() in entitlement_page  # the block of transfers on the entitlement's page


def test_transfers_in_and_out_of_the_period(sides):
    accepted = move(sides, disabled(sides))
    move(sides, disabled(sides, village="village12"), moved_on=D(2025, 9, 1))
    accepted.workflow.apply(accepted, "accept", user=sides["new_staff"])
    year = Period(D(2025, 1, 1), D(2025, 12, 31))
    assert transfer_counts(sides["old"]["county"].code, year) == (0, 2)
    assert transfer_counts(sides["new"]["county"].code, year) == (1, 0)  # the pending one is not in yet
    assert transfer_counts(sides["old"]["city"].code, year) == (0, 0)  # both counties in the city: neither
    assert transfer_counts(sides["old"]["county"].code, Period(D(2024, 1, 1), D(2024, 12, 31))) == (0, 0)
    assert compute("benefits.transfers_out", sides["old"]["county"].code, year) == 2
    assert compute("benefits.transfers_in", sides["new"]["county"].code, year) == 1


def test_the_list_query_count_is_pinned(users, tree, client_for, django_assert_max_num_queries):
    vs = registry.for_model(BenefitTransfer)
    assert_list_queries_pinned(vs, users=users, tree=tree, client_for=client_for, grow=True,
                               django_assert_max_num_queries=django_assert_max_num_queries, limit=8)  # measured: 8
