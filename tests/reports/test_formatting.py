"""Numbers and comparisons written the way the bureaus' summaries write them."""

from decimal import Decimal

import pytest

from reports.formatting import change_value, comparison, money, plain, value_text


@pytest.mark.parametrize(("yuan", "text"), [
    (23379000, "2337.9万元"),
    (1354500, "135.45万元"),
    (6000, "6000元"),
    (10000, "1万元"),
    (9999, "9999元"),
    (Decimal("81260000.00"), "8126万元"),
    (Decimal("12345.678"), "1.23万元"),  # at most two decimals
    (Decimal("12355"), "1.24万元"),  # rounded half up
    (Decimal("6000.40"), "6000元"),  # 元 without decimals
    (0, "0元"),
    (None, "0元"),
])
def test_money(yuan, text):
    assert money(yuan) == text


@pytest.mark.parametrize(("number", "text"), [
    (Decimal("2337.90"), "2337.9"), (Decimal("6000.00"), "6000"), (100, "100"), (0, "0"), (Decimal("-0.001"), "0"),
    (Decimal("135.454"), "135.45"), (Decimal("135.455"), "135.46"), (96.56, "96.56"),
])
def test_plain_has_no_trailing_zeros(number, text):
    assert plain(number) == text


@pytest.mark.parametrize(("value", "unit", "text"), [
    (Decimal("96.56"), "%", "96.56%"),
    (Decimal("96.555"), "%", "96.56%"),
    (Decimal("60"), "%", "60.00%"),  # rates always with two decimals
    (96.5, "%", "96.50%"),
    (9359, "张", "9359张"),
    (Decimal("46.50"), "小时", "46.5小时"),
    (23379000, "万元", "2337.9万元"),
    (6000, "元", "6000元"),
    (1354500, "元", "135.45万元"),  # a large sum counted in 元 is still written in 万元
    (None, "%", "—"),
])
def test_value_text(value, unit, text):
    assert value_text(value, unit) == text


@pytest.mark.parametrize(("current", "previous", "unit", "text"), [
    (9359, 8683, "张", "较去年增加676张"),
    (5, 8, "人", "较去年减少3人"),
    (12, 12, "场", "与去年持平"),
    (Decimal("96.56"), Decimal("89.56"), "%", "较去年增长7个百分点"),
    (Decimal("80.00"), Decimal("82.50"), "%", "较去年下降2.5个百分点"),
    (Decimal("50.00"), Decimal("50.00"), "%", "与去年持平"),
    (Decimal("50.00"), Decimal("0.00"), "%", "较去年增长50个百分点"),  # a rate of 0 is a figure
    (23379000, 22000000, "万元", "较去年增加137.9万元"),
    (22000000, 23379000, "万元", "较去年减少137.9万元"),
    (6000, 7000, "元", "较去年减少1000元"),
    (Decimal("46.5"), Decimal("20"), "小时", "较去年增加26.5小时"),
])
def test_comparison(current, previous, unit, text):
    assert comparison(current, previous, unit) == text


@pytest.mark.parametrize(("current", "previous", "unit"), [
    (5, None, "人"),  # nothing last year
    (5, 0, "人"),  # no count last year: nothing to compare with
    (None, 3, "人"),
    (Decimal("96.56"), None, "%"),
    (None, Decimal("80"), "%"),
])
def test_no_previous_data_means_no_comparison(current, previous, unit):
    assert comparison(current, previous, unit) == ""


@pytest.mark.parametrize(("current", "previous", "unit", "change"), [
    (23379000, 22000000, "万元", 137.9),
    (9359, 8683, "张", 676.0),
    (Decimal("96.56"), Decimal("89.56"), "%", 7.0),
    (5, 8, "人", -3.0),
    (5, None, "人", None),
    (None, 5, "人", None),
])
def test_change_value_for_the_annex(current, previous, unit, change):
    assert change_value(current, previous, unit) == change
