"""A ModelViews that declares only fields, list_display, list_filter, search_fields and date_filter gets
a scoped form with date boxes, a table with Chinese headers and a filterset (core.declarations)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.generic import ModelViews
from tests.factories import VeteranFactory
from veterans.models import AnnualCheck

pytestmark = pytest.mark.django_db


def declared(**attrs):
    base = {"model": AnnualCheck, "fields": ["veteran", "year", "checked_on", "result", "note"],
            "list_filter": ["result"], "search_fields": ["veteran__name", "note"], "date_filter": "checked_on"}
    viewset = type("AnnualCheckDeclared", (ModelViews,), {**base, **attrs})
    viewset.complete()
    return viewset


def request_for(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_the_form_is_scoped_with_date_boxes(users, tree):
    viewset = declared()
    inside, outside = VeteranFactory(area=tree["village11"]), VeteranFactory(area=tree["village21"])
    form = viewset.form_class(user=users["clerk"])
    assert list(form.fields) == ["veteran", "year", "checked_on", "result", "note"]
    assert form.fields["checked_on"].widget.input_type == "date"
    assert list(form.fields["veteran"].queryset) == [inside]
    bound = viewset.form_class(data={"veteran": outside.pk, "year": 2025, "checked_on": "2025-03-01", "result": "normal"},
                               user=users["clerk"])
    assert not bound.is_valid() and "veteran" in bound.errors


def test_the_table_has_chinese_headers_and_links_its_first_column(users, tree):
    viewset = declared(list_display=["year", "veteran", "result"])
    check = AnnualCheck.objects.create(veteran=VeteranFactory(area=tree["village11"], name="王建军"), year=2025)
    table = viewset.table_class(AnnualCheck.objects.all())
    assert [str(c.header) for c in table.columns] == ["年度", "退役军人", "核查结果"]
    assert check.get_absolute_url() in table.rows[0].get_cell("year")
    by_veteran = declared(list_display=["veteran", "year"]).table_class(AnnualCheck.objects.all())
    assert check.get_absolute_url() in by_veteran.rows[0].get_cell("veteran")  # the record, not the veteran
    assert viewset.list_select_related == ("veteran",)


def test_the_filterset_searches_filters_and_bounds_dates(users, tree):
    viewset = declared()
    a = AnnualCheck.objects.create(veteran=VeteranFactory(area=tree["village11"], name="王建军"), year=2024,
                                   checked_on=datetime.date(2024, 5, 1), result="normal")
    b = AnnualCheck.objects.create(veteran=VeteranFactory(area=tree["village12"], name="李四"), year=2025,
                                   checked_on=datetime.date(2025, 5, 1), result="updated", note="电话已更新")
    queryset = AnnualCheck.objects.visible_to(users["clerk"])

    def rows(**params):
        _filterset, qs = viewset.filter(request_for(users["clerk"], **params), queryset)
        return set(qs)

    assert rows(q="建军") == {a} and rows(q="电话") == {b}
    assert rows(result="updated") == {b}
    assert rows(date_after="2025-01-01") == {b} and rows(date_before="2024-12-31") == {a}
    filterset = viewset.filterset_class(request=request_for(users["clerk"]))
    assert str(filterset.form.fields["date_after"].label) == "核查日期自"


def test_searching_a_sensitive_field_by_contains_is_refused():
    with pytest.raises(ImproperlyConfigured):
        declared(search_fields=["veteran__id_number"])


def test_without_fields_the_form_takes_every_editable_field():
    viewset = declared(fields=None, list_display=None)
    assert viewset.form_class.base_fields.keys() == {"veteran", "year", "checked_on", "result", "note"}
    assert [name for name in viewset.table_class.base_columns] == ["veteran", "year", "checked_on", "result", "note"]


def test_a_declared_model_gets_its_ledger(users, tree):
    from openpyxl import load_workbook

    viewset = declared(fields=["veteran", "year", "checked_on", "result", "note"], ledger_key=("veteran", "year"))
    veteran = VeteranFactory(area=tree["village11"], name="王建军")
    AnnualCheck.objects.create(veteran=veteran, year=2025, checked_on=datetime.date(2025, 5, 1), result="updated")
    ledger = viewset.ledger
    assert ledger.title == "年度信息核查台账" and ledger.key_fields == ("veteran", "year")
    result = ledger.export(AnnualCheck.objects.all(), user=users["staff"])
    sheet = load_workbook(result.open()).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "年度" in r)
    assert header[:6] == ["序号", "退役军人", "年度", "核查日期", "核查结果", "说明"]
    assert rows[rows.index(header) + 1][1:5] == ["王建军", 2025, datetime.datetime(2025, 5, 1), "信息已更新"]
    assert declared(ledger=False).ledger is None
