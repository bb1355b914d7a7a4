"""The score rule tables the system knows, as data: loaded into ScoreRuleSet / ScoreRule rows of an area
(`load_rule_set`), after which staff keep them on the pages (积分办法, 积分标准) like any record.

2018: 《符合政府安排工作条件退役士兵服役表现量化评分暂行办法》(退役军人事务部、中央军委政治工作部，2018年),
for soldiers discharged before winter 2022: service 3 points a year up to 12 years and 4 a year beyond
(a part year under 6 months counts half a year, 6 months or more a full year); peacetime 嘉奖 0.5,
三等功 10, 二等功 20, 一等功 40; wartime 3/20/40/80; commendations by the Central Military Commission 20,
army-wide ones by its departments 10; disability grades 5-10 因战 50/40/30/20/10/5, 因公 40/30/20/10/5/2.
Its points for hardship postings (艰苦边远地区, by the month), overseas bases and combat days are not
seeded: they need the allowance records this system does not hold.

The 2023 method (《安排工作退役军士和义务兵服现役表现量化评分办法》, for those discharged from winter 2022
on) adds rank points and deductions; its figures are not seeded here (no text of the tables at hand):
staff enter them as a new 积分办法 with its 积分标准 rows.
"""

import datetime
from decimal import Decimal

from core import services
from placement.models import ScoreRule, ScoreRuleSet

RULES_2018 = {
    "name": "2018年符合政府安排工作条件退役士兵服役表现量化评分暂行办法",
    "source": "退役军人事务部、中央军委政治工作部《符合政府安排工作条件退役士兵服役表现量化评分暂行办法》（2018年）",
    "discharged_from": datetime.date(2018, 1, 1),
    "discharged_to": datetime.date(2022, 11, 30),
    "threshold_years": 12,
    "full_year_months": 6,
    "tie_breaks": "service,older",
    "rules": {
        "service_year": "3", "service_year_beyond": "4",
        "jiajiang": "0.5", "merit3": "10", "merit2": "20", "merit1": "40",
        "jiajiang_war": "3", "merit3_war": "20", "merit2_war": "40", "merit1_war": "80",
        "commendation_cmc": "20", "commendation_dept": "10",
        "war_5": "50", "war_6": "40", "war_7": "30", "war_8": "20", "war_9": "10", "war_10": "5",
        "duty_5": "40", "duty_6": "30", "duty_7": "20", "duty_8": "10", "duty_9": "5", "duty_10": "2",
    },
}


def load_rule_set(area, user=None, table=RULES_2018, **overrides):
    """Create (or find) the rule set of `table` in `area`, with its rows; returns it."""
    values = {k: v for k, v in table.items() if k != "rules"} | overrides
    rule_set = ScoreRuleSet.objects.filter(area=area, name=values["name"]).first()
    if rule_set is None:
        rule_set = services.save(ScoreRuleSet(area=area, **values), user, "载入积分办法")
    have = set(rule_set.rules.values_list("code", flat=True))
    for code, points in table["rules"].items():
        if code not in have:
            services.save(ScoreRule(rule_set=rule_set, code=code, points=Decimal(points)), user, "载入积分标准")
    return rule_set
