"""The score rule tables the system knows, as data: loaded into ScoreRuleSet / ScoreRule rows of an area
(`load_rule_set`), after which staff keep them on the pages (积分办法, 积分标准) like any record.

2018: 《符合政府安排工作条件退役士兵服役表现量化评分暂行办法》(退役军人事务部、中央军委政治工作部，2018年),
for soldiers discharged before winter 2022: service 3 points a year up to 12 years and 4 a year beyond
(a part year under 6 months counts half a year, 6 months or more a full year); peacetime 嘉奖 0.5,
三等功 10, 二等功 20, 一等功 40; wartime 3/20/40/80; commendations by the Central Military Commission 20,
army-wide ones by its departments 10; disability grades 5-10 因战 50/40/30/20/10/5, 因公 40/30/20/10/5/2.
Its points for hardship postings (艰苦边远地区, by the month), overseas bases and combat days are not
seeded: they need the allowance records this system does not hold.

2023: 《安排工作退役军士和义务兵服现役表现量化评分办法》(退役军人事务部、中央军委政治工作部, 2023年印发,
a revision of the 2018 method), for 退役军士（警士）和义务兵 placed by arranged work who left active service in
winter 2022 or later (士官 not converted to the new ranks are scored by reference to it).  What is sourced, from
退役军人事务部's 政策解读 of 2023-08-22 and 法治日报's report of 2023-08-23 (《退役士兵服现役表现量化评分办法印发》):
8 chapters, 34 articles -- 总则; 军衔和服现役年限计分; 奖励和表彰计分; 残疾等级计分; 其他情形计分; 减分情形;
工作要求及责任; 附则.  The method adds a rank item (points graded by the rank held at discharge) and adjusts
the service-year points; awards are scored in three classes (战时, 平时, 重大非战争军事行动) by level, and
commendations separately; deductions are a chapter of their own.

RULES_2023 therefore declares the method (its name, source, discharge period) with NO figures: neither
explanation nor the report prints the tables, and the figures found on unofficial pages disagree with one
another, so none is seeded.  The item codes are ready (RuleCode rank_* by the ranks of 《义务兵暂行条例》
《军士暂行条例》, deduct_* by the sanctions of the 纪律条令, a deduction's points entered as the points taken
off); staff enter the figures from the text they hold as 积分标准 rows of the loaded 积分办法, and check the
service threshold (12 years) and the half-year rule (6 months), which are carried over from 2018 as the
model's defaults and are not confirmed for 2023.  Until a figure is entered, an item needing it is refused
("积分办法中没有……的分值"), so nothing is scored on a guess.
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


RULES_2023 = {
    "name": "2023年安排工作退役军士和义务兵服现役表现量化评分办法",
    "source": "退役军人事务部、中央军委政治工作部《安排工作退役军士和义务兵服现役表现量化评分办法》（2023年）；"
              "分值未载入，须按原文录入积分标准",
    "discharged_from": datetime.date(2022, 12, 1),
    "discharged_to": None,
    "threshold_years": 12,
    "full_year_months": 6,
    "tie_breaks": "service,older",
    "rules": {},
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
