"""Hostile ledger uploads: how long the import takes to refuse them (issue: sparse-row upload).

    python bench/bench_hostile.py

Builds, in memory, (1) a 5 KB workbook with one cell at row 100,000,000 (openpyxl used to walk the
gap for about twenty minutes), (2) one with a cell at column XFD, and (3) a dense workbook of
300,000 rows (over the default LEDGER_MAX_ROWS of 200,000; refused after 55 s before), and times
the ledger import refusing each, median of 5.  Needs no database: the file is refused before any
row is read.
"""

import io
import statistics
import time
import zipfile

import common

common.setup()

from stations.ledgers import station_ledger  # noqa: E402

HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TARGET_SECONDS = 1.0


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def workbook(sheet_xml):
    from openpyxl import Workbook

    base = io.BytesIO()
    Workbook().save(base)
    source = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


def refusal_seconds(data):
    times, message = [], ""
    for _ in range(5):
        started = time.perf_counter()
        outcome = station_ledger.import_file(io.BytesIO(data), user=None)
        times.append(time.perf_counter() - started)
        message = outcome.file_error
    return statistics.median(times), message


def main():
    header = cell("A1", "名称") + cell("B1", "所属区划")
    cases = {
        "sparse_row_100m": workbook(HEAD + b'<row r="1">' + header + b'</row><row r="100000000">' + cell("A100000000", "x")
                                    + b"</row></sheetData></worksheet>"),
        "far_column_xfd": workbook(HEAD + b'<row r="1">' + header + cell("XFD1", "x") + b"</row></sheetData></worksheet>"),
        "dense_300k_rows": workbook(HEAD + b'<row r="1">' + header + b"</row>"
                                    + b"".join(b'<row r="%d">' % n + cell(f"A{n}", f"站{n}") + b"</row>" for n in range(2, 300_002))
                                    + b"</sheetData></worksheet>"),
    }
    for name, data in cases.items():
        seconds, message = refusal_seconds(data)
        print(f"{name}: {len(data) / 1024:.0f} KB, refused in {seconds * 1000:.0f} ms: {message}")
        verdict = "PASS" if seconds <= TARGET_SECONDS and message else "MISS"
        print(f"BENCH hostile_{name} {seconds:.3f} s target {TARGET_SECONDS} {verdict}")


if __name__ == "__main__":
    main()
