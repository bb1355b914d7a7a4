"""Numbers, comparisons, dates and times written the way the bureaus' summaries write them (worked figures)."""

import datetime
from decimal import Decimal

import pytest

from core.indicators import placeholders, rate
from reports.formatting import (
    change_value,
    chinese_date,
    comparison,
    local_time,
    money,
    percent,
    plain,
    rate_text,
    rounded_down,
    value_text,
)


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
    (Decimal("60"), "%", "60.00%"),  # rates with two decimals ...
    (100, "%", "100%"),  # ... but all of them is 100%
    (Decimal("100.00"), "%", "100%"),
    (Decimal("99.99"), "%", "99.99%"),
    (Decimal("96.5612"), "%", "96.56%"),
    (0, "%", "0.00%"),
    (96.5, "%", "96.50%"),
    (9359, "张", "9359张"),
    (3421, "名", "3421名"),
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


@pytest.mark.parametrize(("number", "kept", "dropped"), [
    (6543, 6500, True),  # from 1000 on: two leading digits kept, the rest dropped
    (6500, 6500, False),
    (1873, 1800, True),
    (798, 790, True),  # below 1000: whole tens
    (43, 40, True),
    (99, 90, True),
    (Decimal("10.5"), 10, True),
    (40, 40, False),
    (10, 10, False),
    (Decimal("46.5"), 40, True),
    (30412, 30000, True),
    (123456, 120000, True),
    (Decimal("7.5"), Decimal("7.5"), False),  # under 10: exact
    (7, 7, False),
    (0, 0, False),
])
def test_rounded_down_for_yu(number, kept, dropped):
    assert rounded_down(number) == (kept, dropped)


@pytest.mark.parametrize(("value", "unit", "text"), [
    (6543, "人次", "6500余人次"),
    (6500, "人次", "6500人次"),  # nothing dropped: no 余
    (1873, "人次", "1800余人次"),
    (43, "场", "40余场"),
    (798, "个", "790余个"),
    (Decimal("30012.5"), "小时", "30000余小时"),
    (Decimal("46.5"), "小时", "40余小时"),
    (7, "名", "7名"),
    (81263456, "元", "8126万余元"),  # money: whole 万元
    (Decimal("40000"), "元", "4万元"),
    (Decimal("2870500"), "万元", "287万余元"),
    (6543, "元", "6500余元"),  # under 10,000 yuan: as a count
    (Decimal("96.56"), "%", "96.56%"),  # a rate takes no 余
])
def test_value_with_yu(value, unit, text):
    assert value_text(value, unit, about=True) == text


@pytest.mark.parametrize(("current", "previous", "unit", "text"), [
    (1400, 750, "名", "较去年增加650名"),
    (1400, 738, "名", "较去年增加660余名"),  # 662
    (400, 137, "场", "较去年增加260余场"),
    (23379000, 22000000, "万元", "较去年增加137万余元"),
    (5, 8, "人", "较去年减少3人"),
])
def test_comparison_with_yu(current, previous, unit, text):
    assert comparison(current, previous, unit, about=True) == text


@pytest.mark.parametrize(("numerator", "denominator", "value", "text"), [
    (9359, 9692, Decimal("96.56"), "96.56%"),  # 96.5642…
    (5, 5, Decimal("100.00"), "100%"),
    (99996, 100000, Decimal("99.99"), "99.99%"),  # would round to 100.00: only all of them reads 100%
    (0, 4, Decimal("0.00"), "0.00%"),
    (3, 0, None, "—"),
])
def test_rates_from_counts(numerator, denominator, value, text):
    assert rate(numerator, denominator) == value
    assert value_text(rate(numerator, denominator), "%") == text


def test_rate_text_of_exactly_100():
    assert rate_text(100) == "100%" and rate_text(Decimal("100.004")) == "100%" and rate_text(Decimal("99.995")) == "100%"


@pytest.mark.parametrize(("day", "text"), [
    (datetime.date(2026, 7, 1), "2026年7月1日"),  # no leading zeros (GB/T 9704)
    (datetime.date(2025, 12, 31), "2025年12月31日"),
])
def test_chinese_date(day, text):
    assert chinese_date(day) == text


def test_local_time_in_chinese(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    utc = datetime.UTC
    assert local_time(datetime.datetime(2026, 12, 2, 6, 5, 30, tzinfo=utc)) == "2026年12月2日 14:05"
    assert local_time(datetime.datetime(2026, 12, 31, 16, 0, tzinfo=utc)) == "2027年1月1日 00:00"  # the next day there
    assert local_time(None) == ""


@pytest.mark.parametrize(("number", "text"), [(100, "100%"), (0, "0%"), (37, "37%"), (None, "0%")])
def test_percent(number, text):
    assert percent(number) == text


@pytest.mark.parametrize(("current", "previous", "unit", "text"), [
    # 2,657万元 against 2,530万元: 127万元 more, 127 / 2530 = 5.0197…% -> 5.02%
    (Decimal("26570000"), Decimal("25300000"), "元", "较去年增加127万元（增长5.02%）"),
    # 480 against 500 people: 20 fewer, 4%
    (480, 500, "名", "较去年减少20名（下降4%）"),
    # 23.55万元 against 24万元: 4,500 元 fewer, 4500 / 240000 = 1.875% -> 1.88%
    (Decimal("235500"), Decimal("240000"), "元", "较去年减少4500元（下降1.88%）"),
    (552, 552, "名", "与去年持平"),
    (552, 0, "名", ""),
    (552, None, "名", ""),
    (Decimal("96.56"), Decimal("89.56"), "%", "较去年增长7个百分点"),  # a rate: 个百分点 only
])
def test_comparison_with_growth(current, previous, unit, text):
    assert comparison(current, previous, unit, growth=True) == text


def test_growth_goes_with_cmp_only():
    assert placeholders("{benefits.pension_paid:cmp:pct}")[0].growth
    with pytest.raises(ValueError, match="goes with cmp only"):
        placeholders("{benefits.pension_paid:pct}")
