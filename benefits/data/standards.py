"""National 抚恤补助标准 figures for the demo, as dated rows (元/年).

Source: the text of this project's issue 12 (优抚), which states:
  - the national disability table in force from 2022-08-01 runs from 116,270 元/年 (一级因战) to
    10,850 元/年 (十级因公);
  - the 三属 periodic amounts (定期抚恤金) were 36,910 (烈士遗属), 31,410 (因公牺牲军人遗属) and
    29,280 (病故军人遗属) 元/年;
  - the raise of 2024-08-01: disability +6%, 烈士遗属 +2,366 元.

Only these figures are given there, so only these rows are here: the grades between 一级因战 and
十级因公, the other causes, and the 2024 figures of 因公牺牲 and 病故 遗属 are NOT included (they are
not invented); staff enter the rest from the official tables on the 抚恤补助标准 page.  A raise is
a dated row computed from its rule (a percentage or an increment), rounded to the fen: 116,270 × 1.06
= 123,246.20, 10,850 × 1.06 = 11,501.00, 36,910 + 2,366 = 39,276.00.  Rows whose next figure is not
given stay open-ended.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

SOURCE = "本项目议题12（优抚）所引国家抚恤补助标准"

FROM_2022 = datetime.date(2022, 8, 1)
FROM_2024 = datetime.date(2024, 8, 1)

# (category, grade, cause, 元/年 from 2022-08-01)
BASE_2022 = [
    ("disabled_soldier", 1, "war", Decimal("116270.00")),
    ("disabled_soldier", 10, "duty", Decimal("10850.00")),
    ("martyr_family", None, "", Decimal("36910.00")),
    ("duty_death_family", None, "", Decimal("31410.00")),
    ("illness_death_family", None, "", Decimal("29280.00")),
]

# category: ("percent" | "increment", value), effective 2024-08-01
RAISES_2024 = {
    "disabled_soldier": ("percent", Decimal("6")),
    "martyr_family": ("increment", Decimal("2366")),
}

DOCUMENTS = {
    FROM_2022: "国家抚恤补助标准（2022年8月1日起执行）",
    FROM_2024: "国家抚恤补助标准调整（2024年8月1日起执行：伤残抚恤金提高6%，烈士遗属定期抚恤金每人每年增加2366元）",
}


def raised(amount, rule):
    kind, value = rule
    new = amount * (1 + value / 100) if kind == "percent" else amount + value
    return new.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rows():
    """[{category, disability_grade, disability_cause, national_amount, effective_from, effective_to, policy_document}]"""
    found = []
    for category, grade, cause, amount in BASE_2022:
        rule = RAISES_2024.get(category)
        base = {"category": category, "disability_grade": grade, "disability_cause": cause}
        found.append({**base, "national_amount": amount, "effective_from": FROM_2022,
                      "effective_to": FROM_2024 - datetime.timedelta(days=1) if rule else None,
                      "policy_document": DOCUMENTS[FROM_2022]})
        if rule:
            found.append({**base, "national_amount": raised(amount, rule), "effective_from": FROM_2024,
                          "effective_to": None, "policy_document": DOCUMENTS[FROM_2024]})
    return found
