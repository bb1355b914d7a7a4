"""Target 3: ledger import of 10,000 valid rows (half of BENCH_SCALE when that is smaller).

The file is made the way a bureau makes one: the engine exports existing veterans (as a province
bureau user, unmasked), then every ID number is replaced by a new valid one (region 369901, a
county code the generated province does not use; birth date kept, so the row stays consistent).
Every row is therefore a new veteran.

- the engine: `veteran_ledger.import_file(SimpleUploadedFile(...), user=...)`, as the import view
  calls it: file checks, header matching, parsing, every row through VeteranForm, then one
  all-or-nothing transaction;
- django-import-export: a ModelResource mapping the same Chinese headers (choice labels and
  是/否 translated by small widgets, the area by its code), `clean_model_instances = True` so
  that it validates every row too, `import_data(..., use_transactions=True)` on the same rows
  (the header row first: it cannot skip the title block).

After each run the imported veterans and their history rows are deleted again.

The two readers are also timed alone on the same file (best of 3): openpyxl's read-only mode and
python-calamine, which the engine reads with since issue 17 (chosen by these figures).

Targets: the engine imports 1,500 rows per second or more end to end and is faster than
django-import-export.
"""

import io
import random
import sys
from pathlib import Path

import common

common.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from core.models import Area  # noqa: E402
from veterans.ledgers import veteran_ledger  # noqa: E402
from veterans.models import Veteran  # noqa: E402

ROWS = min(10_000, max(500, common.SCALE // 2))
REGION = "369901"
RATE_TARGET = 1500


def cleanup():
    """Delete what an import of the bench file created (and anything a broken earlier run left)."""
    # ID numbers are encrypted (core/crypto.py): no prefix lookup, the rows are found by reading them.
    for model in (Veteran.history.model, Veteran):
        pks = [pk for pk, number in model._base_manager.values_list("pk", "id_number").iterator(chunk_size=5000)
               if number.startswith(REGION)]
        for start in range(0, len(pks), 1000):
            model._base_manager.filter(pk__in=pks[start:start + 1000])._raw_delete(model.objects.db)


def make_file(user):
    """(xlsx bytes as exported then edited, rows as (header, [values]) for django-import-export)."""
    from openpyxl import load_workbook

    ids = Veteran.objects.inside(common.province_code()).order_by("-id").values_list("id", flat=True)
    high, low = ids[0], ids[ROWS - 1]
    queryset = Veteran.objects.visible_to(user).filter(id__gte=low, id__lte=high)
    result = veteran_ledger.export(queryset, user=user, unmasked=True, purpose="基准测试：导入")
    workbook = load_workbook(result.path)
    Path(result.path).unlink()
    sheet = workbook.active
    header_row = next(r for r in range(1, 11) if sheet.cell(r, 1).value == "序号")
    headers = [cell.value for cell in next(sheet.iter_rows(min_row=header_row, max_row=header_row))]
    id_column = headers.index("公民身份号码")
    key_column = headers.index("系统编号")  # new veterans: no record key
    rng = random.Random(2026)
    used = set()
    rows = []
    for cells in sheet.iter_rows(min_row=header_row + 1):  # once over the sheet: sheet[r] costs a scan of every cell
        cells[id_column].value = common.renumbered(cells[id_column].value, REGION, rng, used)
        cells[key_column].value = None
        rows.append([cell.value for cell in cells[:key_column]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), headers[:key_column], rows


def import_export_resource():
    from import_export import fields, resources, widgets

    from veterans.models import DischargeCategory, Education, PoliticalStatus

    class LabelWidget(widgets.Widget):
        def __init__(self, choices):
            super().__init__()
            self.values = {str(label): value for value, label in choices}

        def clean(self, value, row=None, **kwargs):
            return self.values.get(value, value or "")

    class YesNoWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return value == "是"

    class DateWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return value.date() if hasattr(value, "date") else value or None

    def text(attribute, header):
        return fields.Field(attribute=attribute, column_name=header, widget=widgets.CharWidget(allow_blank=True))

    class VeteranImportResource(resources.ModelResource):
        name = text("name", "姓名")
        id_number = text("id_number", "公民身份号码")
        ethnicity = text("ethnicity", "民族")
        phone = text("phone", "联系电话")
        address = text("address", "户籍地址")
        area = fields.Field(attribute="area", column_name="区划代码", widget=widgets.ForeignKeyWidget(Area, "code"))
        enlistment_date = fields.Field(attribute="enlistment_date", column_name="入伍时间", widget=DateWidget())
        discharge_date = fields.Field(attribute="discharge_date", column_name="退役时间", widget=DateWidget())
        discharge_category = fields.Field(attribute="discharge_category", column_name="退役方式",
                                          widget=LabelWidget(DischargeCategory.choices))
        unit = text("unit", "服役部队")
        rank = text("rank", "退役时军衔/职务")
        political_status = fields.Field(attribute="political_status", column_name="政治面貌",
                                        widget=LabelWidget(PoliticalStatus.choices))
        education = fields.Field(attribute="education", column_name="文化程度", widget=LabelWidget(Education.choices))
        documented = fields.Field(attribute="documented", column_name="建档立卡", widget=YesNoWidget())

        class Meta:
            model = Veteran
            import_id_fields = ("id_number",)
            fields = ("name", "id_number", "ethnicity", "phone", "address", "area", "enlistment_date", "discharge_date",
                      "discharge_category", "unit", "rank", "political_status", "education", "documented")
            clean_model_instances = True

    return VeteranImportResource()


def read_openpyxl(data):
    """Every row's values through openpyxl's read-only mode (the import's reader before issue 17)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    workbook.close()
    return rows


def read_calamine(data):
    """Every row's values through python-calamine (the import's reader now), as the engine reads them."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))
    workbook.close()
    return rows


def engine_import(data, user):
    outcome = veteran_ledger.import_file(SimpleUploadedFile("退役军人台账.xlsx", data), user=user)
    if not outcome.ok or outcome.created != ROWS:
        problems = outcome.file_error or "; ".join(f"row {e.row} {e.column}: {e.message}" for e in outcome.errors[:5])
        raise SystemExit(f"engine import failed: created {outcome.created} of {ROWS}: {problems}")
    return outcome


def import_export_import(headers, rows):
    import tablib

    dataset = tablib.Dataset(*rows, headers=headers)
    result = import_export_resource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    if result.totals["new"] != ROWS:
        raise SystemExit(f"django-import-export created {result.totals['new']} of {ROWS}")
    return result


def main():
    user = common.bench_users()["bench-province-staff"]
    cleanup()
    making, (data, headers, rows) = common.timed(make_file, user)
    common.detail(f"{ROWS} new veterans in a {len(data) / 1e6:.1f} MB file (made in {making:.1f} s), imported by {user.username}")
    openpyxl_seconds, openpyxl_rows = min((common.timed(read_openpyxl, data) for _n in range(3)), key=lambda r: r[0])
    calamine_seconds, calamine_rows = min((common.timed(read_calamine, data) for _n in range(3)), key=lambda r: r[0])
    if openpyxl_rows != calamine_rows:
        raise SystemExit(f"the readers differ: openpyxl {openpyxl_rows} rows, calamine {calamine_rows}")
    common.detail(f"reading only (best of 3): openpyxl read-only {openpyxl_seconds:.2f} s "
                  f"({ROWS / openpyxl_seconds:.0f} rows/s), python-calamine {calamine_seconds:.2f} s "
                  f"({ROWS / calamine_seconds:.0f} rows/s)")
    try:
        engine_seconds, _outcome = common.timed(engine_import, data, user)
    finally:
        cleanup()
    try:
        die_seconds, _result = common.timed(import_export_import, headers, rows)
    finally:
        cleanup()
    engine_rate, die_rate = ROWS / engine_seconds, ROWS / die_seconds
    common.detail(f"engine: {engine_seconds:.2f} s, {engine_rate:.0f} rows/s")
    common.detail(f"django-import-export: {die_seconds:.2f} s, {die_rate:.0f} rows/s")
    common.bench("ledger_import_reader", ROWS / calamine_seconds, "rows/s", ">openpyxl", calamine_seconds < openpyxl_seconds,
                 openpyxl_seconds / calamine_seconds, ("openpyxl_read_only", ROWS / openpyxl_seconds, "rows/s"))
    common.bench("ledger_import_throughput", engine_rate, "rows/s", f">={RATE_TARGET}", engine_rate >= RATE_TARGET)
    common.bench("ledger_import_vs_import_export", engine_rate / die_rate, "x", ">1", engine_rate > die_rate,
                 engine_rate / die_rate, ("django_import_export", die_rate, "rows/s"))


if __name__ == "__main__":
    main()
    sys.exit(0)
