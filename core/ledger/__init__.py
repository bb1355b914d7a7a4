"""Excel ledgers (台账): one declaration drives export and import (DESIGN.md mechanism 5).

A ledger is a list of `Column`s::

    station_ledger = Ledger(
        model=ServiceStation, title="服务站台账", form_class=ServiceStationForm, key=("name", "area"),
        columns=[Column(field="name", aliases=("站点名称",)), Column("荣誉墙", "has_honour_wall"), ...],
    )

A column takes its header, kind (the parser) and required flag from the model
field it names unless it declares them (see `Column`): only aliases and what
differs from the model are written by hand.

Export streams the rows of a scoped queryset through openpyxl's write-only
mode (constant memory) under a header block (title, area, who exported it and
when), masks sensitive columns for roles that may not see them, and writes any
text starting with = + - @ as a text cell, never as a formula.

Import reads an uploaded .xlsx in read-only mode after refusing oversize
files, zip bombs and XML with a DTD (entity bombs, external entities), picks
the sheet with the best header, finds the header row under title rows and
merged cells, matches header variants, parses forgiving input (full-width
digits, Excel date serials, text dates), validates every row through the
model's form, and only if every row is good writes them all in one
transaction.  Otherwise nothing is written and the user gets an error
workbook with each bad cell marked and the reason in Chinese.

`key` names the field (or fields) that identify an existing record, so a file
that was exported and imported back changes nothing, and edited rows update
their record when the user asks for it.

The package's files, in the order a file goes through them:

- columns.py: `Column`, the cell parsers, `model_field_at`, `by_name`;
- exporting.py: the streaming export, masking, formula-safe cells;
- safety.py: the checks an upload passes before any parser sees it (size, zip bombs, DTDs, sheet extent);
- reading.py: the sheet, its header and its rows;
- importing.py: rows validated, matched by 系统编号 or by key, and written (`Ledger._write`);
- errors.py: `LedgerError`, `CellError` and the error workbook;
- ledger.py: `Ledger`, composed of the export, reading and import halves.
"""

from core.ledger.columns import (
    EXCEL_EPOCH,
    FALSE_WORDS,
    RECORD_KEY_FIELD,
    RECORD_KEY_HEADER,
    TRUE_WORDS,
    Column,
    by_name,
    is_blank,
    model_field_at,
    normalize_header,
    normalize_text,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    value_at,
)
from core.ledger.errors import CellError, LedgerError, error_folder, write_error_workbook
from core.ledger.exporting import FORMULA_START, ILLEGAL_XML_CHARS, ExportResult, cell_text, export_cell, text_cell
from core.ledger.importing import ImportContext, ImportOutcome, Masked
from core.ledger.ledger import Ledger
from core.ledger.reading import FOOTER_WORDS, HEADER_DEPTH, HEADER_SCAN_COLUMNS, HEADER_SCAN_ROWS, SheetData, is_footer
from core.ledger.safety import (
    BOMB_ENTRY_BYTES,
    BOMB_RATIO,
    EXTENT_CHUNK,
    ROW_REF,
    ROW_SLACK,
    WIDE_CELL_REF,
    XML_HEAD_BYTES,
    XML_PART_SUFFIXES,
    check_sheet_extent,
    checked_archive,
    declares_dtd,
    human_size,
    inspected_archive,
)

__all__ = [
    "BOMB_ENTRY_BYTES", "BOMB_RATIO", "EXCEL_EPOCH", "EXTENT_CHUNK", "FALSE_WORDS", "FOOTER_WORDS", "FORMULA_START",
    "HEADER_DEPTH", "HEADER_SCAN_COLUMNS", "HEADER_SCAN_ROWS", "ILLEGAL_XML_CHARS", "RECORD_KEY_FIELD",
    "RECORD_KEY_HEADER", "ROW_REF", "ROW_SLACK", "TRUE_WORDS", "WIDE_CELL_REF", "XML_HEAD_BYTES", "XML_PART_SUFFIXES",
    "CellError", "Column", "ExportResult", "ImportContext", "ImportOutcome", "Ledger", "LedgerError", "Masked",
    "SheetData", "by_name", "cell_text", "check_sheet_extent", "checked_archive", "declares_dtd", "error_folder",
    "export_cell", "human_size", "inspected_archive", "is_blank", "is_footer", "model_field_at", "normalize_header", "normalize_text",
    "parse_bool", "parse_date", "parse_decimal", "parse_int", "text_cell", "value_at", "write_error_workbook",
]
