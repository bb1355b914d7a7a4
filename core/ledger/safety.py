"""What an upload must pass before any parser sees it: its size, its kind, its zip members'
inflation, no XML part with a DTD, and no worksheet reaching past the row and column limits."""

import codecs
import io
import re
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from core.ledger.errors import LedgerError

# Zip members bigger than this must not inflate more than BOMB_RATIO times.
BOMB_ENTRY_BYTES = 10 * 1024 * 1024
BOMB_RATIO = 200
XML_PART_SUFFIXES = (".xml", ".rels", ".vml")
XML_HEAD_BYTES = 64 * 1024  # the root element of every part starts well within this
# Where a worksheet's rows and cells say they stand (<row r="100000000">): read from the sheet's
# XML before openpyxl, which walks every row of a gap one by one.
ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
WIDE_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{2,3})\d+\"")  # columns AA and beyond
EXTENT_CHUNK = 1024 * 1024
# A markup declaration anywhere in a part (UTF-8, UTF-16 either way): no part of an .xlsx package has
# one.  The prolog check (declares_dtd) refuses a DTD where XML allows it; this second look, made in
# the same pass as the extent check, holds whatever reader follows, even one that would not refuse
# entities itself.
MARKUP_DECLARATION = re.compile(b"|".join(
    re.escape(word.encode(encoding)) for word in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")))
ROW_SLACK = 1000  # rows a sheet may hold beyond LEDGER_MAX_ROWS: title, header, blank and footer lines


def human_size(size):
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB".replace(".0 ", " ")
    return f"{max(size, 1) / 1024:.0f} KB"


def checked_archive(upload):
    """The upload's bytes, once they are known to be a sane .xlsx package: not too big, not
    another kind of file, no member that inflates suspiciously, no XML part with a DTD."""
    return inspected_archive(upload)[0]


def inspected_archive(upload):
    """(bytes, last row): checked_archive's bytes and the number of the last row any of its sheets
    reaches (from the same pass), which tells a big import (a background job) from a small one."""
    limit = settings.LEDGER_MAX_UPLOAD_BYTES
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        size = max(getattr(upload, "size", None) or 0, len(data))
        raise LedgerError(_("文件过大（%(size)s），上限为%(limit)s。") % {
            "size": human_size(size), "limit": human_size(limit)})
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise LedgerError(_("文件设置了打开密码，请在Excel中取消密码后再导入。"))
        raise LedgerError(_("这是旧版Excel（.xls）文件，请在Excel中“另存为”.xlsx格式后再导入。"))
    if data.startswith(b"%PDF"):
        raise LedgerError(_("这是PDF文件，不是Excel表格，请上传.xlsx文件。"))
    if not data.startswith(b"PK"):
        raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise LedgerError(_("文件已损坏或不完整，请在Excel中重新保存后上传。")) from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise LedgerError(_("这是Word文件，不是Excel表格，请上传.xlsx文件。"))
        raise LedgerError(_("文件不是Excel（.xlsx）格式，请上传.xlsx文件。"))
    # zipfile never inflates a member beyond its declared size (a lie fails the CRC check),
    # so the declared sizes bound what reading the file can cost.
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > BOMB_ENTRY_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            raise LedgerError(_("文件压缩比异常（疑似压缩炸弹），已拒绝。"))
    if total > settings.LEDGER_MAX_UNCOMPRESSED_BYTES:
        raise LedgerError(_("文件解压后过大（疑似压缩炸弹），已拒绝。"))
    try:
        for info in infos:
            if info.filename.lower().endswith(XML_PART_SUFFIXES):
                with archive.open(info) as member:
                    if declares_dtd(member.read(XML_HEAD_BYTES)):
                        raise LedgerError(_("文件含有不安全的XML内容（DTD/实体声明），已拒绝。"))
        # Every member, not only xl/worksheets/*.xml: openpyxl opens a sheet wherever the workbook's
        # relationships say it is (xl/ws2/s.bin will do), and the members' total size is bounded above.
        last_row = 0
        for info in infos:
            if not info.is_dir():
                with archive.open(info) as member:
                    last_row = max(last_row, check_sheet_extent(member, info.filename))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise LedgerError(_("文件已损坏或不完整，请在Excel中重新保存后上传。")) from None
    return data, last_row


def check_sheet_extent(member, name):
    """Refuse a worksheet whose rows or cells stand beyond the import's limits, from its XML alone.

    openpyxl walks a gap between rows one row at a time: one cell at row 100,000,000 of a 5 KB
    file kept a request at full CPU for twenty minutes, and blank rows never reached the row limit.
    Every row's and wide cell's own reference is read here, in one pass over the inflated part (its
    size is already bounded), before any parser sees the sheet.  The declared <dimension> is no
    guide: some programs write A1:XFD1048576 for a sheet of ten rows (and openpyxl is told to
    ignore it, reset_dimensions).  A markup declaration (<!DOCTYPE, <!ENTITY) anywhere in the part is
    refused in the same pass.  Returns the last row's number."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    max_rows = settings.LEDGER_MAX_ROWS + ROW_SLACK
    max_columns = settings.LEDGER_MAX_COLUMNS
    sheet = re.sub(r"\D", "", name.rsplit("/", 1)[-1]) or "1"
    last_row, last_column = 0, 0
    tail = b""
    while True:
        chunk = member.read(EXTENT_CHUNK)
        if not chunk:
            break
        text = tail + chunk
        if (b"<!" in text or b"!\x00" in text) and MARKUP_DECLARATION.search(text):  # a byte search first: cheap
            raise LedgerError(_("文件含有不安全的XML内容（DTD/实体声明），已拒绝。"))
        for match in ROW_REF.finditer(text):
            last_row = max(last_row, int(match[1]))
        for match in WIDE_CELL_REF.finditer(text):
            last_column = max(last_column, column_index_from_string(match[1].decode()))
        if last_row > max_rows:
            raise LedgerError(_("第%(sheet)s张工作表在第%(row)d行（或更远）还有内容，超过一次导入的上限（%(limit)d行）：若确有这么多行，"
                                "请拆分文件；若是远处的空白格式或隐藏内容，请在Excel中删除多余的行后再导入。") % {
                "sheet": sheet, "row": last_row, "limit": settings.LEDGER_MAX_ROWS})
        if last_column > max_columns:
            raise LedgerError(_("第%(sheet)s张工作表在第%(col)s列还有内容，超过上限（%(limit)d列）。请在Excel中删除多余的列后再导入。") % {
                "sheet": sheet, "col": get_column_letter(min(last_column, 16384)), "limit": max_columns})
        tail = text[-256:]
    return last_row


def declares_dtd(head):
    """Whether an XML part's prolog (in `head`, its first bytes) declares a DTD.

    No part of an .xlsx package has one, and a DTD is how entity-expansion
    bombs and external entities get in, so such a file is refused before any
    parser sees it (openpyxl's parsers refuse them too: this does not depend
    on them).  A part whose root element does not start within `head` is
    treated the same: its prolog is not what Excel writes.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    elif head[:2] == b"<\x00":
        text = head.decode("utf-16-le", errors="ignore")
    elif head[:2] == b"\x00<":
        text = head.decode("utf-16-be", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    root = re.search(r"<[^?!]", text)
    if root is None:
        return len(head) >= XML_HEAD_BYTES
    prolog = text[:root.start()]
    return "<!DOCTYPE" in prolog or "<!ENTITY" in prolog
