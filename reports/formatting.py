"""Numbers and comparisons written the way the bureaus' summaries write them."""

from decimal import ROUND_HALF_UP, Decimal

MONEY_UNITS = ("万元", "元")


def plain(number, places=2):
    """At most `places` decimals, no trailing zeros: 2337.90 -> 2337.9, 6000.00 -> 6000."""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(yuan):
    """Sums in 万元 with at most two decimals; sums under 10,000 yuan in 元."""
    yuan = Decimal(yuan or 0)
    if abs(yuan) < 10000:
        return f"{plain(yuan, 0)}元"
    return f"{plain(yuan / 10000)}万元"


def value_text(value, unit):
    if value is None:
        return "—"
    if unit in MONEY_UNITS:
        return money(value)
    if unit == "%":
        return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
    return f"{plain(value)}{unit}"


def comparison(current, previous, unit):
    """较去年增加676张 / 较去年减少3人 / 与去年持平 / 较去年增长7个百分点; "" when nothing to compare."""
    if current is None or previous is None:
        return ""
    if unit != "%" and not previous:
        return ""
    diff = Decimal(current) - Decimal(previous)
    if unit == "%":
        if diff == 0:
            return "与去年持平"
        return f"较去年{'增长' if diff > 0 else '下降'}{plain(abs(diff))}个百分点"
    if diff == 0:
        return "与去年持平"
    amount = money(abs(diff)) if unit in MONEY_UNITS else f"{plain(abs(diff))}{unit}"
    return f"较去年{'增加' if diff > 0 else '减少'}{amount}"


def change_value(current, previous, unit):
    """The signed change for the annex: a number, or None."""
    if current is None or previous is None:
        return None
    diff = Decimal(current) - Decimal(previous)
    if unit == "万元":
        diff = diff / 10000
    return float(diff.quantize(Decimal("0.01")))
