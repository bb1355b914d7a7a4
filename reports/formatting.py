"""Numbers, comparisons, dates and times written the way the bureaus' summaries write them.

Rules, each tested with worked figures in tests/reports/test_formatting.py:

* Counts: the figure and its counter word, no trailing zeros: 9359张, 46.5小时.
* Money: 万元 with at most two decimals (2337.9万元); a sum under 10,000 yuan in whole 元 (6000元).
* Rates: two decimals and %, except a rate of exactly 100, which reads 100% (96.56%, 60.00%, 100%).
* 余 ("more than"), where a sentence asks for it (``{name:yu}``, core.indicators): the figure rounded
  *down* to whole tens, and from 1000 on to its two leading digits (the seeds' 40余场, 790余个,
  6500余人次, 30000余小时), 余 written only when something was dropped:
  6543 -> 6500余, 1873 -> 1800余, 798 -> 790余, 43 -> 40余, 46.5 -> 40余, 6500 -> 6500, 40 -> 40.
  A figure under 10 is written exactly (no "7余人").  Money is rounded down to whole 万元 instead
  (81,263,456 yuan -> 8126万余元, 40,000 yuan -> 4万元), a sum under 10,000 yuan as a count (6543元 -> 6500余元).
  Rates never take 余.
* Dates in Arabic numerals without leading zeros (GB/T 9704 7.3.5): 2026年7月1日; times in local time
  (settings.TIME_ZONE): 2026年12月2日 14:05.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import timezone

MONEY_UNITS = ("万元", "元")
RATE_UNIT = "%"
ABOUT = "余"


def plain(number, places=2):
    """At most `places` decimals, no trailing zeros: 2337.90 -> 2337.9, 6000.00 -> 6000."""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounded_down(number):
    """(the figure kept before 余, whether anything was dropped): rounded down to tens, from 1000 on to two
    leading digits.

    6543 -> (6500, True); 6500 -> (6500, False); 798 -> (790, True); 46.5 -> (40, True); 7.5 -> (7.5, False):
    under 10 nothing goes.
    """
    value = Decimal(number)
    if abs(value) < 10:
        return value, False
    digits = len(str(int(abs(value))))
    step = Decimal(10) ** max(1, digits - 2)
    kept = (value / step).to_integral_value(rounding=ROUND_DOWN) * step
    return kept, kept != value


def count_text(number, unit, about=False):
    """6543, 人次 -> 6543人次; with about: 6500余人次."""
    if about:
        kept, dropped = rounded_down(number)
        return f"{plain(kept)}{ABOUT if dropped else ''}{unit}"
    return f"{plain(number)}{unit}"


def money(yuan, about=False):
    """Sums in 万元 with at most two decimals; sums under 10,000 yuan in 元.  With `about`, whole 万元 and 余."""
    yuan = Decimal(yuan or 0)
    if abs(yuan) < 10000:
        return count_text(yuan.quantize(Decimal(1), rounding=ROUND_HALF_UP), "元", about)
    if about:
        wan = yuan / 10000
        kept = wan.to_integral_value(rounding=ROUND_DOWN)
        return f"{plain(kept)}万{ABOUT}元" if kept != wan else f"{plain(kept)}万元"
    return f"{plain(yuan / 10000)}万元"


def rate_text(value):
    """96.5612 -> 96.56%; 60 -> 60.00%; exactly 100 -> 100%."""
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == 100:
        return "100%"
    return f"{value}%"


def value_text(value, unit, about=False):
    if value is None:
        return "—"
    if unit in MONEY_UNITS:
        return money(value, about)
    if unit == RATE_UNIT:
        return rate_text(value)
    return count_text(value, unit, about)


def comparison(current, previous, unit, about=False, growth=False):
    """较去年增加676张 / 较去年减少3人 / 与去年持平 / 较去年增长7个百分点; "" when nothing to compare.
    With `about` the difference is written with 余 (较去年增加650余名); with `growth` (not on a rate) the
    change over last year's figure follows in per cent, two decimals at most: 较去年增加125.5万元（增长5.02%）."""
    if current is None or previous is None:
        return ""
    if unit != RATE_UNIT and not previous:
        return ""
    diff = Decimal(current) - Decimal(previous)
    if unit == RATE_UNIT:
        if diff == 0:
            return "与去年持平"
        return f"较去年{'增长' if diff > 0 else '下降'}{plain(abs(diff))}个百分点"
    if diff == 0:
        return "与去年持平"
    amount = money(abs(diff), about) if unit in MONEY_UNITS else count_text(abs(diff), unit, about)
    text = f"较去年{'增加' if diff > 0 else '减少'}{amount}"
    if growth:
        share = abs(diff) * 100 / abs(Decimal(previous))
        text += f"（{'增长' if diff > 0 else '下降'}{plain(share)}%）"
    return text


def change_value(current, previous, unit):
    """The signed change for the annex: a number, or None."""
    if current is None or previous is None:
        return None
    diff = Decimal(current) - Decimal(previous)
    if unit == "万元":
        diff = diff / 10000
    return float(diff.quantize(Decimal("0.01")))


def chinese_date(day):
    """2026-07-01 -> 2026年7月1日 (GB/T 9704: Arabic numerals, the year in full, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def local_time(moment):
    """An aware datetime in local time (settings.TIME_ZONE), Chinese form: 2026年12月2日 14:05; "" for None."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{chinese_date(local)} {local:%H:%M}"


def percent(number):
    """A progress or share already in percent: 100 -> 100%, 37 -> 37%."""
    return f"{plain(number or 0)}%"
