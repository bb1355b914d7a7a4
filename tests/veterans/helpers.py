"""Helpers shared by the veterans tests."""

import datetime
import io

from openpyxl import Workbook, load_workbook

from core import idnumber
from tests.factories import VeteranFactory

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def id_number(born=datetime.date(1980, 5, 17), *, female=False, check=None, region="330727", start=0):
    """A valid ID number born on `born`; with `check="X"` one whose check digit is X."""
    for sequence in range(start, start + 1000):
        for digit in ("02468" if female else "13579"):
            prefix = f"{region}{born:%Y%m%d}{sequence % 100:02d}{digit}"
            number = prefix + idnumber.check_digit(prefix)
            if check is None or number[-1] == check:
                return number
    raise AssertionError("no such ID number")


def wrong_check_digit(number):
    """`number` with a check digit that does not fit."""
    for digit in "0123456789X":
        if digit != number[-1]:
            return number[:-1] + digit
    raise AssertionError


def years_ago(years, today=None):
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def veteran(area, **kwargs):
    return VeteranFactory(area=area, **kwargs)


def form_data(area, **overrides):
    """POST data for the veteran add page."""
    data = {
        "name": "周建国",
        "id_number": id_number(datetime.date(1975, 3, 9)),
        "ethnicity": "汉族",
        "phone": "13812345678",
        "area": area.code,
        "address": "第1镇1村8号",
        "current_address": "",
        "political_status": "party",
        "education": "senior",
        "branch": "army",
        "enlistment_date": "1993-12-01",
        "discharge_date": "1996-12-01",
        "discharge_category": "self_employed",
        "unit": "某部",
        "rank": "上士",
        "merits": "",
        "registered_on": "2024-03-01",
        "documented": "on",
        "plaque_hung_on": "",
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def xlsx(rows, *, title="Sheet1", merges=(), sheet_setup=None):
    """An .xlsx file in memory with `rows` (lists of cell values) on one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    if sheet_setup:
        sheet_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exported(ledger, queryset, user):
    """The bytes of `ledger`'s export of `queryset` as `user`."""
    with ledger.export(queryset, user=user).open() as handle:
        return handle.read()


def sheet_rows(data, min_row=1):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=min_row, values_only=True)]


def downloaded(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def listed(response):
    """The records on a list page (the current page of its table)."""
    return [row.record for row in response.context["table"].page.object_list]
