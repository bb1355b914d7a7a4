"""Placement cases and quotas: the kind follows the veteran's discharge category, a spouse is the veteran's,
the workflow to 安置完成 or 自主择业, the quota page's figures; returning soldiers' checklist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import services
from core.indicators import Period, compute, compute_series, dashboard_tiles
from core.workflow import TransitionNotAllowed
from placement.models import PlacementCase, PlacementQuota, ReturnRegistration, case_workflow
from placement.services import intake_overview, quota_overview
from tests.factories import FamilyMemberFactory, VeteranFactory

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def officer(tree, **extra):
    return VeteranFactory(area=tree["village11"], discharge_category="transferred", **extra)


def case_of(veteran, user, kind="officer", **extra):
    data = {"veteran": veteran, "year": YEAR, "kind": kind, "received_on": datetime.date.today()} | extra
    return services.record_create(model=PlacementCase, data=data, user=user)


def test_a_case_whose_discharge_category_does_not_fit_the_kind_is_refused(tree, users):
    staff = users["staff"]
    soldier = VeteranFactory(area=tree["village11"], name="王五", discharge_category="self_employed")
    with pytest.raises(ValidationError, match="王五的退役方式为“自主就业”，不属于“军转干部”安置"):
        case_of(soldier, staff)
    with pytest.raises(ValidationError, match="不属于“符合政府安排工作条件的退役士兵”安置"):
        case_of(officer(tree), staff, kind="soldier")
    assert PlacementCase.objects.count() == 0
    assert case_of(officer(tree), staff).status == "received"


def test_a_spouse_case_names_the_veterans_spouse(tree, users):
    staff = users["staff"]
    veteran = officer(tree)
    spouse = FamilyMemberFactory(veteran=veteran, relationship="spouse", is_military_spouse=True)
    child = FamilyMemberFactory(veteran=veteran, relationship="child", name="小明")
    other = FamilyMemberFactory(veteran=officer(tree), relationship="spouse")
    with pytest.raises(ValidationError, match="须选择该退役军人的配偶"):
        case_of(veteran, staff, kind="spouse", spouse_identity="institution")
    for wrong in (child, other):
        with pytest.raises(ValidationError, match="不是该退役军人的配偶"):
            case_of(veteran, staff, kind="spouse", family_member=wrong, spouse_identity="institution")
    case = case_of(veteran, staff, kind="spouse", family_member=spouse, spouse_identity="institution")
    assert case.person_name == spouse.name


def test_a_clerk_cannot_link_a_veteran_of_another_area(tree, users):
    outsider = VeteranFactory(area=tree["village21"], discharge_category="transferred")
    staff_of_township2 = users["other_staff"]
    with pytest.raises(ValidationError):
        case_of(officer(tree), staff_of_township2)
    assert case_of(outsider, staff_of_township2).area_id == tree["village21"].code


def test_the_case_moves_to_done_or_self_chosen(tree, users):
    staff = users["staff"]
    case = case_of(officer(tree), staff)
    for name in ("review", "publish"):
        case_workflow.apply(case, name, user=staff)
    with pytest.raises(TransitionNotAllowed, match="请先填写安置去向和接收单位"):
        case_workflow.apply(case, "choose", user=staff)
    services.record_update(instance=case, data={"destination": "organ", "receiving_unit": "县发改局"}, user=staff)
    for name in ("choose", "report"):
        case_workflow.apply(case, name, user=staff)
    with pytest.raises(TransitionNotAllowed, match="须填写说明"):
        case_workflow.apply(case, "complete", user=staff)
    case_workflow.apply(case, "complete", user=staff, remark="回头看：已适应岗位")
    assert (case.status, case.reported_on, case.done_on) == ("done", datetime.date.today(), datetime.date.today())
    other = case_of(officer(tree), staff)
    case_workflow.apply(other, "self_choose", user=staff, remark="本人申请自主择业")
    assert other.status == "self_chosen" and other.self_chosen_on == datetime.date.today()
    returned = case_of(officer(tree), staff)
    with pytest.raises(TransitionNotAllowed):
        case_workflow.apply(returned, "return_file", user=staff)
    case_workflow.apply(returned, "return_file", user=staff, remark="档案材料不全")
    assert returned.status == "returned"


def test_the_quota_page_shows_quota_placed_in_progress_and_rate(tree, users, client_for):
    staff = users["staff"]
    services.record_create(model=PlacementQuota, data={"area": tree["county"], "year": YEAR, "kind": "officer", "count": 4},
                           user=staff)
    placed, chose, waiting = (case_of(officer(tree), staff) for _n in range(3))
    for name in ("review", "publish"):
        case_workflow.apply(placed, name, user=staff)
    services.record_update(instance=placed, data={"destination": "organ", "receiving_unit": "县委办"}, user=staff)
    for name in ("choose", "report"):
        case_workflow.apply(placed, name, user=staff)
    case_workflow.apply(chose, "self_choose", user=staff)
    rows = {r["kind"]: r for r in quota_overview(PlacementCase.objects.all(), PlacementQuota.objects.all(), YEAR)}
    officer_row = rows["军转干部"]
    # 1 placed + 1 self-chosen of a quota of 4: 50%
    assert (officer_row["quota"], officer_row["total"], officer_row["placed"], officer_row["self_chosen"],
            officer_row["progress"], str(officer_row["rate"])) == (4, 3, 1, 1, 1, "50.00")
    page = client_for(users["leader"]).get(reverse("placement:quota_overview"), {"year": YEAR}).content.decode()
    assert "50.00%" in page
    # a township's staff see their own area's figures only (the cases are in township 1)
    other = client_for(users["other_staff"]).get(reverse("placement:quota_overview"), {"year": YEAR})
    assert "50.00%" not in other.content.decode()
    assert client_for(users["auditor"]).get(reverse("placement:quota_overview")).status_code == 403


def test_a_quota_for_spouses_names_the_identity(tree, users):
    with pytest.raises(ValidationError, match="须选择家属身份"):
        services.record_create(model=PlacementQuota, data={"area": tree["county"], "year": YEAR, "kind": "spouse", "count": 2},
                               user=users["staff"])


def test_the_intake_page_counts_each_checklist_item(tree, users, client_for):
    clerk = users["clerk"]
    day = datetime.date.today()
    done = {name: day for name in ("hukou_on", "party_on", "insurance_on", "reserve_on", "card_on", "archive_on")}
    for n in range(3):
        veteran = VeteranFactory(area=tree["village11"])
        values = {"veteran": veteran, "year": YEAR, "season": "spring", "reported_on": day}
        if n == 0:
            values |= done
        elif n == 1:
            values |= {"hukou_on": day}
        services.record_create(model=ReturnRegistration, data=values, user=clerk)
    services.record_create(model=ReturnRegistration, data={"veteran": VeteranFactory(area=tree["village12"]), "year": YEAR,
                                                           "season": "autumn", "reported_on": day}, user=clerk)
    spring, autumn = intake_overview(ReturnRegistration.objects.all(), YEAR)
    assert (spring["total"], spring["complete"], spring["items"][0][1], spring["items"][1][1]) == (3, 1, 2, 1)
    assert (autumn["total"], autumn["complete"]) == (1, 0)
    page = client_for(clerk).get(reverse("placement:intake_overview")).content.decode()
    assert "户籍落户" in page and "<td>春季</td><td>3</td><td>2</td>" in page.replace("\n", "")
    # The dashboard's tile counts the soldiers who registered in each period's year, in one query.
    county = tree["county"].code
    periods = [Period.year(YEAR), Period.year(YEAR - 1), Period.half_year(YEAR)]
    assert compute_series("placement.returned", county, periods) == [4, 0, 4]
    assert [compute("placement.returned", county, p) for p in periods] == [4, 0, 4]
    assert "placement.returned" in dashboard_tiles()


def test_only_self_employed_soldiers_register_on_return(tree, users):
    veteran = VeteranFactory(area=tree["village11"], discharge_category="arranged", name="赵六")
    with pytest.raises(ValidationError, match="返乡报到登记自主就业退役士兵；赵六的退役方式为“安排工作”"):
        services.record_create(model=ReturnRegistration, data={"veteran": veteran, "year": YEAR, "season": "spring",
                                                               "reported_on": datetime.date.today()}, user=users["clerk"])


def test_the_veteran_page_shows_the_placement_cases(tree, users, client_for):
    veteran = officer(tree, name="孙七")
    case_of(veteran, users["staff"], receiving_unit="县人社局")
    page = client_for(users["clerk"]).get(reverse("veterans:veteran_detail", args=[veteran.pk])).content.decode()
    assert "安置情况（1）" in page and "军转干部" in page
