"""Target 2: ledger export of 100,000 veterans (a quarter of BENCH_SCALE when that is smaller).

Three writers of the same rows, from the same queryset (a province bureau user's, the veterans
with the lowest ids: whole counties), in the same run:

- the engine: `veteran_ledger.export(queryset, user=..., unmasked=True, purpose=...)`, as the export view
  calls it for an unmasked export (the reference writes the values unmasked too);
- the reference: a bare openpyxl write-only loop over the same query's `.values_list()` of the
  ledger's columns (no formatting, no masking, no header block);
- django-import-export: a ModelResource over the same queryset (select_related as the engine's),
  written as xlsx.

- a bare XlsxWriter loop (constant_memory), the writer the engine uses since issue 17, for the choice
  between the two (printed as a detail).

Targets: engine throughput at least 1.0 x the reference's; peak memory of a process doing nothing
but the engine export (resident set size, Django included) 250 MB or less; engine at least 3 x
faster than django-import-export.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import common

common.setup()

from django.db import reset_queries  # noqa: E402

from veterans.ledgers import veteran_ledger  # noqa: E402
from veterans.models import Veteran  # noqa: E402

ROWS = min(100_000, max(1000, common.SCALE // 4))
RATIO_TARGET = 1.0
MEMORY_TARGET_MB = 250
VS_DIE_TARGET = 3.0

# The ledger's columns as plain values (the reference writes them as they come from the database).
REFERENCE_COLUMNS = (
    "name", "sex", "ethnicity", "id_number", "birth_date", "phone", "address", "area__parent__name", "area__name", "area_id",
    "enlistment_date", "discharge_date", "discharge_category", "unit", "rank", "political_status", "education",
    "card__status", "documented", "status",
)


def the_queryset(user):
    """The veterans with the lowest ids in the province, ROWS of them, as the user sees them."""
    ids = Veteran.objects.inside(common.province_code()).order_by("id").values_list("id", flat=True)
    low = ids[0]
    high = ids[ROWS - 1]
    return Veteran.objects.visible_to(user).filter(id__gte=low, id__lte=high)


def engine_export(user):
    result = veteran_ledger.export(the_queryset(user), user=user, unmasked=True, purpose="基准测试：导出")  # as the reference: values unmasked
    size = Path(result.path).stat().st_size
    Path(result.path).unlink()
    return result.rows, size


def reference_export(user):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    rows = 0
    for row in the_queryset(user).values_list(*REFERENCE_COLUMNS).iterator(chunk_size=2000):
        sheet.append(row)
        rows += 1
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        workbook.save(handle.name)
        size = Path(handle.name).stat().st_size
    return rows, size


def xlsxwriter_export(user):
    """The same bare loop through XlsxWriter in constant-memory mode: each value by its typed method."""
    import datetime

    import xlsxwriter

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        workbook = xlsxwriter.Workbook(handle.name, {"constant_memory": True})
        sheet = workbook.add_worksheet("台账")
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
        rows = 0
        for rows, row in enumerate(the_queryset(user).values_list(*REFERENCE_COLUMNS).iterator(chunk_size=2000), start=1):
            for position, value in enumerate(row):
                if isinstance(value, str):
                    write_string(rows, position, value)
                elif isinstance(value, datetime.date):
                    write_datetime(rows, position, value, date_format)
                elif value is not None:
                    write_number(rows, position, value)
        workbook.close()
        size = Path(handle.name).stat().st_size
    return rows, size


def import_export_resource():
    from import_export import resources

    class VeteranResource(resources.ModelResource):
        class Meta:
            model = Veteran
            fields = ("name", "sex", "ethnicity", "id_number", "birth_date", "phone", "address", "area__parent__name",
                      "area__name", "area", "enlistment_date", "discharge_date", "discharge_category", "unit", "rank",
                      "political_status", "education", "card__status", "documented", "status")
            export_order = fields

    return VeteranResource()


def import_export_export(user):
    queryset = the_queryset(user).select_related(*veteran_ledger.select_related)
    dataset = import_export_resource().export(queryset)
    data = dataset.export("xlsx")
    return len(dataset), len(data)


def peak_rss_mb():
    """The peak resident set size of this process in MB: VmHWM, which (unlike getrusage's ru_maxrss,
    kept across exec on Linux) starts afresh in a new program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child():
    """Run in a fresh process: the engine export only; print the peak resident set size."""
    user = common.bench_users()["bench-province-staff"]
    baseline = peak_rss_mb()
    rows, _size = engine_export(user)
    print(json.dumps({"rows": rows, "baseline_mb": baseline, "peak_mb": peak_rss_mb()}))


def main():
    user = common.bench_users()["bench-province-staff"]
    common.detail(f"{ROWS} veterans, exported by {user.username} ({user.get_role_display()}, {user.area.name})")
    reset_queries()
    # Read the rows once first, so that no writer pays for bringing the table into the database's cache.
    for _row in the_queryset(user).values_list(*REFERENCE_COLUMNS).iterator(chunk_size=2000):
        pass
    reference_seconds, (reference_rows, reference_size) = common.timed(reference_export, user)
    engine_seconds, (engine_rows, engine_size) = common.timed(engine_export, user)
    xlsxwriter_seconds, (xlsxwriter_rows, xlsxwriter_size) = common.timed(xlsxwriter_export, user)
    die_seconds, (die_rows, die_size) = common.timed(import_export_export, user)
    if not engine_rows == reference_rows == die_rows == xlsxwriter_rows == ROWS:
        raise SystemExit(f"row counts differ: engine {engine_rows}, reference {reference_rows}, django-import-export {die_rows}")
    reference_rate = ROWS / reference_seconds
    engine_rate = ROWS / engine_seconds
    die_rate = ROWS / die_seconds
    xlsxwriter_rate = ROWS / xlsxwriter_seconds
    common.detail(f"bare XlsxWriter constant_memory loop: {xlsxwriter_seconds:.2f} s, {xlsxwriter_rate:.0f} rows/s, "
                  f"{xlsxwriter_size / 1e6:.1f} MB ({xlsxwriter_rate / reference_rate:.2f} x the openpyxl loop)")
    common.detail(f"reference (openpyxl write-only, values_list): {reference_seconds:.2f} s, {reference_rate:.0f} rows/s, "
                  f"{reference_size / 1e6:.1f} MB")
    common.detail(f"engine (veteran_ledger.export): {engine_seconds:.2f} s, {engine_rate:.0f} rows/s, {engine_size / 1e6:.1f} MB")
    common.detail(f"django-import-export (ModelResource, xlsx): {die_seconds:.2f} s, {die_rate:.0f} rows/s, "
                  f"{die_size / 1e6:.1f} MB")

    child = subprocess.run([sys.executable, __file__, "--memory"], capture_output=True, text=True, env=os.environ.copy())
    if child.returncode != 0:
        raise SystemExit(f"memory run failed:\n{child.stderr}")
    memory = json.loads(child.stdout.strip().splitlines()[-1])
    common.detail(f"memory: peak RSS {memory['peak_mb']:.0f} MB (after Django set-up {memory['baseline_mb']:.0f} MB)")

    ratio = engine_rate / reference_rate
    common.bench("ledger_export_throughput", engine_rate, "rows/s", f">={RATIO_TARGET * reference_rate:.0f}",
                 ratio >= RATIO_TARGET, ratio, ("openpyxl_write_only", reference_rate, "rows/s"))
    common.bench("ledger_export_peak_rss", memory["peak_mb"], "MB", f"<={MEMORY_TARGET_MB}", memory["peak_mb"] <= MEMORY_TARGET_MB)
    speedup = engine_rate / die_rate
    common.bench("ledger_export_vs_import_export", speedup, "x", f">={VS_DIE_TARGET:g}", speedup >= VS_DIE_TARGET,
                 speedup, ("django_import_export", die_rate, "rows/s"))


if __name__ == "__main__":
    if "--memory" in sys.argv:
        memory_child()
    else:
        main()
