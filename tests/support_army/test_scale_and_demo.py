"""The scale generator's 双拥 rows and the demo county's year of 双拥 work (support_army.scale, support_army.demo)."""

import datetime
import re
from collections import Counter
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from core.indicators import Period, compute
from core.models import Area, AreaLevel
from core.workflow import TransitionLog
from reports.compose import compose
from reports.formatting import money
from support_army.models import (
    ArmyUnit,
    Campaign,
    FamilySurvey,
    ModelCityMilestone,
    PreferentialItem,
    ServingFamily,
    SupportShop,
    Visit,
    VisitRecipient,
)
from veterans.models import Veteran

pytestmark = pytest.mark.django_db
D = datetime.date
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def recipient_money(recipients):
    sums = recipients.aggregate(cash=Sum("cash"), goods=Sum("goods_value"))
    return (sums["cash"] or Decimal("0")) + (sums["goods"] or Decimal("0"))


def test_the_scale_generator_adds_visits_in_every_township_units_and_shops(db):
    call_command("generate_scale", veterans=3000, today=D(2026, 1, 15), jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    townships = list(Area.objects.filter(code__startswith="36", level=AreaLevel.TOWNSHIP).values_list("code", flat=True))
    counties = list(Area.objects.filter(code__startswith="36", level=AreaLevel.COUNTY).values_list("code", flat=True))
    assert townships and counties
    visits = Visit.objects.filter(area__code__startswith="36")
    # By 15 January 2026: last year's 春节 and "八一" in every township; this year's 春节 (the 28th) is not yet due.
    assert visits.count() == len(townships) * 2
    assert dict(visits.values_list("occasion").annotate(n=Count("id"))) == {"spring": len(townships),
                                                                              "august1": len(townships)}
    assert not visits.filter(date__gt=D(2026, 1, 15)).exists() and not visits.exclude(date__year=2025).exists()
    assert all(CHINESE_NAME.match(name) for name in visits.values_list("leader_name", flat=True))
    # 春节 reaches one veteran in eight of each township, "八一" one in twenty (every eighth / twentieth from a start).
    sizes = Counter(code[:9] for code in Veteran.objects.filter(area__code__startswith="36").values_list("area_id", flat=True))
    recipients = VisitRecipient.objects.filter(visit__area__code__startswith="36")
    for occasion, share in (("spring", 8), ("august1", 20)):
        made = recipients.filter(visit__occasion=occasion).count()
        assert sum(n // share for n in sizes.values()) <= made <= sum(-(-n // share) for n in sizes.values()), occasion
    spring, august = (recipients.filter(visit__occasion=o) for o in ("spring", "august1"))
    assert set(spring.values_list("cash", "goods_value").distinct()) == {(Decimal("500.00"), Decimal("200.00"))}
    assert set(august.values_list("cash", "goods_value").distinct()) == {(Decimal("300.00"), Decimal("0.00"))}
    assert recipients.filter(veteran__isnull=True).count() == 0
    county = counties[0]
    year = Period.year(2025)
    inside = recipients.filter(visit__area__code__startswith=county)
    assert compute("support_army.visited_key", county, year) == inside.count() > 0
    assert compute("support_army.visit_money", county, year) == 700 * spring.filter(
        visit__area__code__startswith=county).count() + 300 * august.filter(visit__area__code__startswith=county).count()
    # One 人民武装部 a county, and 5 to 14 shops of which the first 6 approved in 第一批, the others applied.
    units = ArmyUnit.objects.filter(area__code__startswith="36")
    assert units.count() == len(counties) and all(name.endswith("人民武装部") for name in units.values_list("name", flat=True))
    for code in counties:
        shops = SupportShop.objects.filter(area_id=code)
        assert 5 <= shops.count() <= 14
        approved = min(shops.count(), 6)
        assert shops.filter(status="approved", batch=1, approved_on=D(2025, 8, 5)).count() == approved
        assert shops.filter(status="applied", batch__isnull=True).count() == shops.count() - approved
        assert compute("support_army.shops_batch_1", code, year) == approved


def load():
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, apps=["veterans", "benefits", "support_army"])
    return out.getvalue()


def test_the_demo_county_holds_a_year_of_support_army_work_and_its_summary_states_it(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = load()
    assert "走访慰问：" in first and "拥军优属门店：" in first
    models = (Visit, VisitRecipient, Campaign, ArmyUnit, ServingFamily, SupportShop, PreferentialItem, ModelCityMilestone)
    before = [m.objects.count() for m in models] + [Visit.history.count(), TransitionLog.objects.count()]
    assert re.search(r"本次新建 0 条", load())
    assert [m.objects.count() for m in models] + [Visit.history.count(), TransitionLog.objects.count()] == before

    county = Area.objects.get(code="330727")
    last_year = datetime.date.today().year - 1
    period = Period.year(last_year)
    visits = Visit.objects.filter(date__year=last_year)
    townships = Area.objects.filter(parent=county).count()
    occasions = dict(visits.values_list("occasion").annotate(n=Count("id")))
    # 春节 and "八一" in every township and at the county's units; 中秋 once; a 春节 campaign of the year.
    assert occasions["spring"] == occasions["august1"] == townships + 1 and occasions["midautumn"] == 1
    assert Campaign.objects.filter(year=last_year, occasion="spring").count() == 1
    assert compute("support_army.campaigns_done", county.code, period) == 1
    assert all(CHINESE_NAME.match(name) for name in visits.values_list("leader_name", flat=True))
    recipients = VisitRecipient.objects.filter(visit__date__year=last_year)
    people = compute("support_army.visited_people", county.code, period)
    assert people == recipients.exclude(kind="unit").count() > 100
    assert compute("support_army.visited_units", county.code, period) == 6  # three units, at 春节 and "八一"
    total = compute("support_army.visit_money", county.code, period)
    assert total == recipient_money(recipients)
    assert Decimal("100000") <= total <= Decimal("3000000")  # tens of 万元, as a county's year reads
    unit_money = compute("support_army.visit_money_units", county.code, period)
    assert unit_money == 3 * (Decimal("50000") + Decimal("30000"))
    # Last year's shop drive: 15 applications, 9 in 第一批 on 5 August (one of them withdrawn this March).
    shops = SupportShop.objects.filter(applied_on__year=last_year)
    assert shops.count() == 15 and shops.filter(batch=1, approved_on=D(last_year, 8, 5)).count() == 9
    assert compute("support_army.shops_batch_1", county.code, period) == 9
    assert all(CHINESE_NAME.match(p) for p in shops.values_list("contact_person", flat=True))
    survey = FamilySurvey.objects.get(started_on=D(last_year, 3, 1))
    surveyed, difficult, helped = (compute(f"support_army.families_{k}", county.code, period)
                                   for k in ("surveyed", "in_difficulty", "helped"))
    assert surveyed == survey.families.count() > difficult >= helped > 0
    assert compute("support_army.cobuilding", county.code, period) > 0
    assert compute("support_army.enlisted", county.code, period) > 0
    assert ModelCityMilestone.objects.filter(date__year=last_year).count() == 2

    text = "".join(p for title, ps in compose("annual", last_year, county).sections if "双拥" in title for p in ps)
    assert f"{last_year}年开展集中走访慰问活动1次，共走访慰问退役军人、优抚对象和现役军人家庭" in text
    assert f"发放慰问品慰问金{money(total)}" in text and money(total).endswith("万元")
    assert f"目前摸排现役军人家庭{surveyed}户" in text
    assert "通过第一批拥军门店共9家" in text and "征集" in text and "深化军地共建" in text
