"""Sunshine placement (阳光安置) scoring: the arithmetic of a score rule set, its figures kept as data
(placement.models.ScoreRuleSet / ScoreRule rows), and the working-day count of the public notice.

The 2018 interim method (《符合政府安排工作条件退役士兵服役表现量化评分暂行办法》, 退役军人事务部、
中央军委政治工作部, 2018) counts service 3 points a year up to 12 years and 4 a year beyond; a part year
of under 6 months counts half a year, 6 months or more a full year.  Service runs from the day the
recruiting office approved enlistment to the discharge order; here from the veteran record's 入伍时间
to 退役时间, in whole months (a month is complete on the same day of the month).

The public notice runs for a number of working days.  Working days are Monday to Friday; no holiday
calendar is kept (a notice over the National Day week should be given more days by hand).
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

HALF = Decimal("0.5")


def service_months(enlisted, discharged):
    """Whole months from `enlisted` to `discharged`: 2008-09-01 → 2020-12-01 is 147 (12 years 3 months)."""
    if not enlisted or not discharged or discharged < enlisted:
        return 0
    months = (discharged.year - enlisted.year) * 12 + discharged.month - enlisted.month
    if discharged.day < enlisted.day:
        months -= 1
    return max(months, 0)


def counted_years(months, full_from=6):
    """Service years as the method counts them: whole years, plus half a year for a remainder of under
    `full_from` months, or a whole year for `full_from` months or more.  147 months → 12.5; 150 → 13."""
    years, rest = divmod(int(months), 12)
    if rest == 0:
        return Decimal(years)
    return Decimal(years) + (Decimal(1) if rest >= full_from else HALF)


def service_points(months, *, per_year, per_year_beyond, threshold_years, full_from=6):
    """Points for `months` of service: `per_year` for each counted year up to `threshold_years`, then
    `per_year_beyond` for each counted year after.  12.5 years at 3/4 over 12: 36 + 2 = 38."""
    years = counted_years(months, full_from)
    within = min(years, Decimal(threshold_years))
    beyond = max(years - Decimal(threshold_years), Decimal(0))
    return (within * Decimal(per_year) + beyond * Decimal(per_year_beyond)).quantize(Decimal("0.01"), ROUND_HALF_UP)


# Awards as the veteran record's 立功受奖 text writes them ("三等功1次，嘉奖3次", "战时二等功"): the counts
# the record holds, to check score items against.
AWARD_WORDS = {"jiajiang": "嘉奖", "merit3": "三等功", "merit2": "二等功", "merit1": "一等功"}
AWARD_PATTERN = re.compile(r"(战时)?(嘉奖|三等功|二等功|一等功)(?:\s*[×x*]?\s*(\d+)\s*次?)?")


def recorded_awards(text):
    """{(award code, wartime): count} read from a 立功受奖 text; "三等功" alone is once."""
    found = {}
    words = {word: code for code, word in AWARD_WORDS.items()}
    for wartime, word, count in AWARD_PATTERN.findall(text or ""):
        key = (words[word], bool(wartime))
        found[key] = found.get(key, 0) + (int(count) if count else 1)
    return found


def add_working_days(start, days):
    """The last day of a notice of `days` working days (Mon-Fri) starting on `start`: the start counts
    when it is a working day.  Wed 2025-06-04 + 5 → Tue 2025-06-10; Sat 2025-06-07 + 5 → Fri 2025-06-13."""
    day, left = start, int(days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    left -= 1
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
