"""The ledger engine (core/ledger/): export, import, hostile files, round trips.

Workbooks are built in memory with openpyxl; hostile zips are assembled by
hand (`raw_zip`) so that a bomb of hundreds of megabytes costs the test a few
hundred kilobytes.
"""

import datetime
import io
import pathlib
import re
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import ledger as engine
from core.ledger import Column, ImportContext, Ledger, declares_dtd, error_folder, parse_date
from core.models import AccessLog
from core.registry import registry
from stations.ledgers import inspection_ledger, station_ledger
from stations.models import ServiceStation, StationInspection, StationTraining
from tests.factories import ServiceStationFactory, StationInspectionFactory, make_id_number

pytestmark = pytest.mark.django_db

HEADER = ["序号", "名称", "所属区划", "负责人", "联系电话", "工作人员数", "星级", "红色服务站"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path):
    """Error workbooks go to a temporary MEDIA_ROOT; the users fixture's passwords hash fast."""
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def xlsx(rows, *, title="台账", before=(), merges=()):
    """An .xlsx in memory: `rows` on a sheet called `title`, after the sheets in `before` ((title, rows) pairs)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_rows in [*before, (title, rows)]:
        sheet = workbook.create_sheet(sheet_title)
        for row in sheet_rows:
            sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def station_rows(count, *, area="第1镇/1镇1村", start=1):
    return [[n, f"服务站{n:05d}", area, "王强", "13812345678", 3, 3, "否"] for n in range(start, start + count)]


def run_import(data, user, ledger=station_ledger, **kwargs):
    return ledger.import_file(io.BytesIO(data), user=user, **kwargs)


def upload(data, name="服务站台账.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def downloaded(response):
    return b"".join(response.streaming_content)


def rebuild(data, changes):
    """The package `data` with parts replaced (or added): {name: callable(old bytes) -> new bytes}."""
    changes = dict(changes)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in changes:
                content = changes.pop(info.filename)(content)
            target.writestr(info.filename, content)
        for name, make in changes.items():
            target.writestr(name, make(b""))
    return out.getvalue()


def deflated(content):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()


def zeros_member(megabytes):
    """(raw deflate stream, crc) of `megabytes` MB of zero bytes, built without compressing them all:
    one fully flushed block of 1 MB repeated, then an empty final block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\0" * 1048576) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc, chunk = 0, b"\0" * 1048576
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + b"\x03\x00", crc


def raw_zip(members):
    """A zip assembled by hand from (name, raw deflate bytes, crc, declared uncompressed size)."""
    out, central = io.BytesIO(), []
    for name, payload, crc, size in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(payload), size, len(encoded), 0))
        out.write(encoded + payload)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(payload), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def with_sheet_member(payload, crc, size):
    """A real small station workbook whose sheet1.xml is replaced by the given raw member."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([HEADER[1:3], ["甲站", "第1镇"]])))
    members = []
    for info in source.infolist():
        if info.filename == "xl/worksheets/sheet1.xml":
            members.append((info.filename, payload, crc, size))
        else:
            content = source.read(info.filename)
            members.append((info.filename, deflated(content), zlib.crc32(content), len(content)))
    return raw_zip(members)


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    + "]>"
)
SHARED_STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" '
                       b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def laughing_sheet(content):
    return BILLION_LAUGHS.encode() + content.replace("甲站".encode(), b"&l9;")


def laughing_strings(_content):
    return BILLION_LAUGHS.encode() + (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                      b'count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>')


def small_book():
    return xlsx([HEADER[1:3], ["甲站", "第1镇"]])


@pytest.fixture
def stations(tree):
    """Two stations in township 1 (one per village) and one in township 2."""
    return {
        "a": ServiceStationFactory(name="甲站", area=tree["village11"], level=5, phone="13812345678", note="备注一"),
        "b": ServiceStationFactory(name="乙站", area=tree["village12"], level=5, phone="13900001111", star_rating=None,
                                   is_red_station=True),
        "outside": ServiceStationFactory(name="外镇站", area=tree["village21"], level=5),
    }


def export(client, url_name="stations:servicestation_export", query=""):
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    return response


def export_sheet(client, **kwargs):
    return load_workbook(io.BytesIO(downloaded(export(client, **kwargs)))).active


def sheet_names(sheet):
    """The 名称 column of an exported station sheet, below the header row."""
    return [row[1] for row in sheet.iter_rows(min_row=6, values_only=True)]


# ---------------------------------------------------------------------- export


def test_export_streams_a_workbook_with_header_block_and_frozen_header(users, stations, client_for):
    response = export(client_for(users["staff"]))

    assert response.streaming
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(downloaded(response))).active
    assert sheet["A1"].value == "服务站台账"
    assert sheet["A2"].value == "区划：测试省测试市云溪县"
    assert sheet["A3"].value.startswith("导出人：") and "（staff）" in sheet["A3"].value
    assert re.fullmatch(r"导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}；敏感信息已脱敏", sheet["A4"].value)  # masked by default
    assert [cell.value for cell in sheet[5]] == station_ledger.header_row()
    assert sheet.freeze_panes == "A6"
    assert sheet["A6"].value == 1  # 序号


def test_export_holds_only_the_users_area(users, stations, client_for):
    assert sorted(sheet_names(export_sheet(client_for(users["clerk"])))) == ["乙站", "甲站"]
    assert sheet_names(export_sheet(client_for(users["other_clerk"]))) == ["外镇站"]
    assert sorted(sheet_names(export_sheet(client_for(users["staff"])))) == ["乙站", "外镇站", "甲站"]


def test_export_is_masked_by_default_and_unmasked_only_by_choice_with_a_purpose(users, stations, client_for):
    """Staff and leader exports carried every phone of the county unmasked, with no choice."""
    phone = station_ledger.header_row().index("联系电话") + 1

    def phones(sheet):
        return {row[1]: row[phone - 1] for row in sheet.iter_rows(min_row=6, values_only=True)}

    clerk_sheet = export_sheet(client_for(users["clerk"]))
    staff_sheet = export_sheet(client_for(users["staff"]))
    assert phones(clerk_sheet) == {"甲站": "138****5678", "乙站": "139****1111"}
    assert phones(staff_sheet)["甲站"] == "138****5678"
    assert "脱敏" in clerk_sheet["A4"].value and "脱敏" in staff_sheet["A4"].value

    staff = client_for(users["staff"])
    asked = staff.get(reverse("stations:servicestation_export"), {"full": "1", "q": "甲"})
    assert asked.status_code == 200 and "用途" in asked.content.decode()  # the purpose is asked for first
    assert '<input type="hidden" name="q" value="甲">' in asked.content.decode()
    too_short = staff.get(reverse("stations:servicestation_export"), {"full": "1", "purpose": "看看"})
    assert "请写明用途" in too_short.content.decode()
    full = export_sheet(staff, query="?full=1&purpose=" + "报送民政局核对名册")
    assert phones(full)["甲站"] == "13812345678"
    assert full["A4"].value.endswith("；含完整身份证号和电话，用途：报送民政局核对名册，请妥善保管，用后销毁")
    log = AccessLog.objects.filter(kind="export").latest("id")
    assert log.detail["masked"] is False and log.detail["purpose"] == "报送民政局核对名册"
    assert "full" not in log.detail["filters"] and "purpose" not in log.detail["filters"]

    refused = client_for(users["clerk"]).get(reverse("stations:servicestation_export"), {"full": "1", "purpose": "报送民政局核对名册"})
    assert refused.status_code == 403


def test_export_masks_a_sensitive_field_reached_through_a_relation(users, stations):
    columns = [Column("服务站", "station.name"), Column("站点电话", "station.phone")]
    ledger = Ledger(model=StationInspection, title="检查", columns=columns)
    StationInspectionFactory(station=stations["a"])

    result = ledger.export(StationInspection.objects.visible_to(users["clerk"]), user=users["clerk"])

    with result.open() as handle:
        sheet = load_workbook(handle).active
    assert ledger.columns[1].sensitive
    inspection = StationInspection.objects.get()
    assert [cell.value for cell in sheet[6]] == [1, "甲站", "138****5678", inspection.pk]  # 系统编号 last


def test_export_writes_text_that_looks_like_a_formula_as_text(users, tree, client_for):
    ServiceStationFactory(name="=HYPERLINK(\"http://x\",\"点我\")", head="+1+2", address="-3+4", note="@SUM(A1)",
                          area=tree["village11"], level=5)

    content = downloaded(export(client_for(users["staff"])))

    sheet = load_workbook(io.BytesIO(content)).active
    row = {header: cell for header, cell in zip(station_ledger.header_row(), sheet[6], strict=True)}
    expected = {"名称": "=HYPERLINK(\"http://x\",\"点我\")", "负责人": "+1+2", "地址": "-3+4", "备注": "@SUM(A1)"}
    for header, text in expected.items():
        assert row[header].value == text
        assert row[header].data_type == "s"
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_export_survives_control_characters_pasted_into_text(users, tree):
    ServiceStationFactory(name="甲站", note="第一行\x0b第二行\x07", area=tree["village11"], level=5)

    result = station_ledger.export(ServiceStation.objects.visible_to(users["staff"]), user=users["staff"])

    with result.open() as handle:
        sheet = load_workbook(handle).active
    assert "第一行第二行" in [cell.value for cell in sheet[6]]


def test_export_is_logged_with_row_count_and_filters(users, stations, client_for):
    export(client_for(users["clerk"]), query="?q=甲")

    log = AccessLog.objects.get(kind="export")
    assert log.username == "clerk" and log.area_code == users["clerk"].area_id
    assert log.detail["rows"] == 1
    assert log.detail["filters"] == {"q": "甲"}
    assert log.detail["masked"] is True
    assert log.target == "服务站台账"


def test_export_respects_the_list_filters(users, stations, client_for):
    assert sheet_names(export_sheet(client_for(users["staff"]), query="?q=乙")) == ["乙站"]
    assert sheet_names(export_sheet(client_for(users["staff"]), query="?is_red_station=true")) == ["乙站"]


def test_export_streams_rows_without_loading_the_queryset(users, tree, django_assert_max_num_queries):
    ServiceStation.objects.bulk_create(
        [ServiceStation(name=f"站{n}", area=tree["village11"], level=5) for n in range(2100)])
    queryset = ServiceStation.objects.visible_to(users["staff"])

    with django_assert_max_num_queries(8):
        result = station_ledger.export(queryset, user=users["staff"])

    assert queryset._result_cache is None  # iterated in chunks, never cached whole
    assert result.rows == 2100
    handle = result.open()
    assert not pathlib.Path(result.path).exists()  # the temporary file goes once the response holds it open
    with handle:
        sheet = load_workbook(handle, read_only=True)["服务站台账"]
        assert sum(1 for _ in sheet.iter_rows(min_row=6)) == 2100


def test_export_writes_dates_as_date_cells(users, stations, client_for):
    StationInspectionFactory(station=stations["a"], date=datetime.date(2026, 3, 1))

    sheet = export_sheet(client_for(users["staff"]), url_name="stations:stationinspection_export")

    date_cell = sheet.cell(6, inspection_ledger.header_row().index("检查日期") + 1)
    assert date_cell.is_date and date_cell.value.date() == datetime.date(2026, 3, 1)


# ---------------------------------------------------------------------- import: reading the sheet


def test_import_of_a_good_file_creates_the_rows(users, tree):
    data = xlsx([HEADER, [1, "甲站", "第1镇/1镇1村", "王强", "13812345678", 3, 4, "是"],
                 [2, "乙站", "330727001002", "", "", "", "", ""]])

    outcome = run_import(data, users["clerk"])

    assert outcome.ok and outcome.created == 2 and not outcome.errors
    first, second = ServiceStation.objects.get(name="甲站"), ServiceStation.objects.get(name="乙站")
    assert (first.area_id, first.level, first.star_rating, first.is_red_station) == ("330727001001", 5, 4, True)
    assert (second.area_id, second.staff_count, second.star_rating) == ("330727001002", 0, None)  # model defaults
    assert first.history.get().history_change_reason == "台账导入"
    assert first.history.get().history_user == users["clerk"]


def test_import_finds_the_header_under_title_rows(users, tree):
    data = xlsx([["云溪县退役军人服务站台账"], ["填报单位：第1镇", None, "填报日期：2026年5月"], [], HEADER,
                 *station_rows(2)])

    outcome = run_import(data, users["clerk"])

    assert outcome.ok and outcome.created == 2


def test_import_reads_a_header_with_serial_merged_down_and_group_titles_across(users, tree):
    rows = [["服务站情况统计表"],
            ["序号", "基本情况", None, "人员情况", None, None],
            [None, "名称", "所属区划", "负责人", "联系电话", "工作人员数"],
            [1, "甲站", "第1镇/1镇1村", "王强", "13812345678", 2]]
    data = xlsx(rows, merges=["A1:F1", "A2:A3", "B2:C2", "D2:F2"])

    outcome = run_import(data, users["clerk"])

    assert outcome.ok, outcome.errors or outcome.file_error
    assert ServiceStation.objects.get(name="甲站").staff_count == 2


def test_import_reads_a_header_whose_columns_are_merged_over_two_rows(users, tree):
    rows = [["序号", "名称", "所属区划", "联系方式", None],
            [None, None, None, "负责人", "联系电话"],
            [1, "甲站", "第1镇/1镇1村", "王强", "13812345678"],
            [2, "乙站", "第1镇/1镇2村", "李明", "13900001111"]]
    data = xlsx(rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1"])

    outcome = run_import(data, users["clerk"])

    assert outcome.ok and outcome.created == 2, outcome.errors or outcome.file_error
    assert ServiceStation.objects.get(name="乙站").head == "李明"


def test_import_accepts_header_variants(users, tree):
    rows = [["*服务站名称", "所属镇街村居", "站长", "手机号码（11位）", "人数：", "星级评定", "设有荣誉墙"],
            ["甲站", "第1镇/1镇1村", "王强", "13812345678", 4, 5, "有"]]

    outcome = run_import(xlsx(rows), users["clerk"])

    assert outcome.ok, outcome.errors or outcome.file_error
    station = ServiceStation.objects.get(name="甲站")
    assert (station.head, station.phone, station.staff_count, station.star_rating, station.has_honour_wall) == (
        "王强", "13812345678", 4, 5, True)


def test_import_normalizes_full_width_digits(users, tree):
    rows = [HEADER, [1, "甲站", "３３０７２７００１００１", "王强", "１３８ １２３４ ５６７８", "３", "５", "否"]]

    outcome = run_import(xlsx(rows), users["clerk"])

    assert outcome.ok, outcome.errors
    station = ServiceStation.objects.get(name="甲站")
    assert (station.area_id, station.phone, station.staff_count, station.star_rating) == ("330727001001", "13812345678", 3, 5)


@pytest.mark.parametrize("ledger", [inspection_ledger, registry.get("stations.stationtraining").ledger], ids=["inspection", "training"])
def test_import_reads_excel_serials_and_text_dates(users, stations, ledger):
    header = ["服务站", "检查日期", "方式"] if ledger is inspection_ledger else ["服务站", "培训日期", "培训主题"]
    third = "实地检查" if ledger is inspection_ledger else "政策培训"
    values = [45000, "2023/1/5", "2023年1月5日", "20230105", datetime.datetime(2023, 1, 6, 0, 0), "2023-01-07 08:30", "2023.1"]
    data = xlsx([header, *[["甲站", value, third] for value in values]])

    outcome = run_import(data, users["clerk"], ledger=ledger)

    assert outcome.ok, outcome.errors
    model = StationInspection if ledger is inspection_ledger else StationTraining
    assert sorted(model.objects.values_list("date", flat=True)) == sorted([
        datetime.date(2023, 3, 15), datetime.date(2023, 1, 5), datetime.date(2023, 1, 5), datetime.date(2023, 1, 5),
        datetime.date(2023, 1, 6), datetime.date(2023, 1, 7), datetime.date(2023, 1, 1)])


def test_parse_date_refuses_what_is_not_a_date():
    with pytest.raises(ValidationError, match="日期不存在"):
        parse_date("2023-02-30")
    with pytest.raises(ValidationError, match="日期格式无法识别"):
        parse_date("明年春天")
    assert parse_date("45000") == datetime.date(2023, 3, 15)  # a serial stored as text
    assert parse_date(20230105) == datetime.date(2023, 1, 5)  # digits typed as a number


def test_import_skips_blank_rows_and_rows_with_only_a_serial_number(users, tree):
    rows = [HEADER, *station_rows(1), [], [None, "  ", None], *station_rows(1, start=2), [3], [4], [5]]

    outcome = run_import(xlsx(rows), users["clerk"])

    assert outcome.ok and outcome.total_rows == 2 and outcome.created == 2


def test_import_reads_the_sheet_that_holds_the_ledger(users, tree):
    instructions = ("填表说明", [["填表说明"], ["1. 名称：服务站全称"], ["2. 所属区划：写作“镇街/村居”"]])
    data = xlsx([HEADER, *station_rows(2)], title="服务站", before=[instructions])

    outcome = run_import(data, users["clerk"])

    assert outcome.ok and outcome.created == 2 and outcome.sheet == "服务站"


def test_import_reads_a_sheet_whose_dimension_claims_the_whole_grid(users, tree):
    """Some programs write A1:XFD1048576; read as declared, every row would be 16384 cells wide."""
    data = rebuild(xlsx([HEADER, *station_rows(2)]), {
        "xl/worksheets/sheet1.xml": lambda xml: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', xml)})

    outcome = run_import(data, users["clerk"])

    assert outcome.ok and outcome.created == 2


def test_import_without_a_recognizable_header_says_what_it_expected(users, tree):
    outcome = run_import(xlsx([["姓名", "性别"], ["张三", "男"]]), users["clerk"])

    assert not outcome.ok
    assert outcome.file_error.startswith("未找到表头。表头应包含：名称、所属区划")


def test_import_without_a_required_column_names_it(users, tree):
    outcome = run_import(xlsx([["所属区划", "负责人"], ["第1镇", "王强"]]), users["clerk"])

    assert outcome.file_error == "表头缺少必填列：名称。"


def test_import_of_a_sheet_with_a_header_and_no_rows(users, tree):
    assert run_import(xlsx([HEADER]), users["clerk"]).file_error == "表格中没有数据行。"


@override_settings(LEDGER_MAX_ROWS=5)
def test_import_refuses_more_rows_than_allowed(users, tree):
    outcome = run_import(xlsx([HEADER, *station_rows(6)]), users["clerk"])

    assert outcome.file_error == "一次最多导入5行，请拆分文件。"
    assert not ServiceStation.objects.exists()


# ---------------------------------------------------------------------- import: files that are not good .xlsx


@pytest.mark.parametrize("data, message", [
    (b"", "不是Excel"),
    ("名称,所属区划\n甲站,第1镇\n".encode(), "不是Excel"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "旧版Excel（.xls）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"), "密码"),
], ids=["empty", "csv", "pdf", "xls", "encrypted"])
def test_import_refuses_files_that_are_not_xlsx(users, tree, data, message):
    outcome = run_import(data, users["clerk"])

    assert not outcome.ok and message in outcome.file_error
    assert not ServiceStation.objects.exists()


def test_import_refuses_a_truncated_file(users, tree):
    data = xlsx([HEADER, *station_rows(50)])

    outcome = run_import(data[: len(data) // 2], users["clerk"])

    assert outcome.file_error == "文件已损坏或不完整，请在Excel中重新保存后上传。"


def test_import_refuses_a_zip_that_is_not_a_workbook(users, tree):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert "Word" in run_import(buffer.getvalue(), users["clerk"]).file_error


def test_import_refuses_a_file_with_a_corrupt_member(users, tree):
    content = b"<worksheet/>" * 100
    data = with_sheet_member(deflated(content), zlib.crc32(content) ^ 1, len(content))  # wrong checksum

    assert run_import(data, users["clerk"]).file_error == "文件已损坏或不完整，请在Excel中重新保存后上传。"


@override_settings(LEDGER_MAX_UPLOAD_BYTES=4096)
def test_import_refuses_a_file_over_the_size_limit(users, tree):
    data = xlsx([HEADER, *station_rows(300)])
    assert len(data) > 4096

    outcome = run_import(data, users["clerk"])

    assert outcome.file_error.startswith("文件过大") and "上限为4 KB" in outcome.file_error
    assert not ServiceStation.objects.exists()


@pytest.fixture(scope="module")
def zeros_400mb():
    return zeros_member(400)


def test_import_refuses_a_zip_bomb(users, tree, zeros_400mb):
    payload, crc = zeros_400mb
    data = with_sheet_member(payload, crc, 400 * 1048576)
    assert len(data) < 1048576  # 400 MB inflated, under 1 MB on the wire

    outcome = run_import(data, users["clerk"])

    assert "压缩炸弹" in outcome.file_error
    assert not ServiceStation.objects.exists()


def test_import_refuses_a_member_with_a_huge_ratio(users, tree):
    payload, crc = zeros_member(20)  # 20 MB, well under the total limit, a thousand times its size
    outcome = run_import(with_sheet_member(payload, crc, 20 * 1048576), users["clerk"])

    assert outcome.file_error == "文件压缩比异常（疑似压缩炸弹），已拒绝。"


@override_settings(LEDGER_MAX_UNCOMPRESSED_BYTES=64 * 1024)
def test_import_refuses_a_file_too_big_once_inflated(users, tree):
    outcome = run_import(xlsx([HEADER, *station_rows(1000)]), users["clerk"])

    assert outcome.file_error == "文件解压后过大（疑似压缩炸弹），已拒绝。"


def test_import_refuses_a_bomb_that_lies_about_its_size(users, tree, zeros_400mb):
    payload, _crc = zeros_400mb
    declared = 1000
    data = with_sheet_member(payload, zlib.crc32(b"\0" * declared), declared)  # says 1 KB, holds 400 MB

    outcome = run_import(data, users["clerk"])

    assert outcome.file_error  # zipfile stops at the declared size, so nothing big is ever inflated
    assert not ServiceStation.objects.exists()


@pytest.mark.parametrize("changes", [
    {"xl/worksheets/sheet1.xml": laughing_sheet},
    {"xl/sharedStrings.xml": laughing_strings, "[Content_Types].xml": lambda c: c.replace(b"</Types>", SHARED_STRINGS_TYPE)},
    {"xl/workbook.xml": lambda c: BILLION_LAUGHS.encode() + c},
], ids=["sheet", "shared-strings", "workbook"])
def test_import_refuses_an_xml_entity_bomb(users, tree, changes):
    outcome = run_import(rebuild(small_book(), changes), users["clerk"])

    assert outcome.file_error == "文件含有不安全的XML内容（DTD/实体声明），已拒绝。"
    assert not ServiceStation.objects.exists()


def test_openpyxl_itself_parses_with_defusedxml():
    """Belt and braces: were the engine's own DTD check gone, openpyxl would still refuse entity bombs."""
    from defusedxml import DefusedXmlException
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    for changes in ({"xl/worksheets/sheet1.xml": laughing_sheet},
                    {"xl/sharedStrings.xml": laughing_strings,
                     "[Content_Types].xml": lambda c: c.replace(b"</Types>", SHARED_STRINGS_TYPE)}):
        with pytest.raises(Exception) as caught:  # noqa: B017 - openpyxl wraps the cause in a ValueError
            workbook = load_workbook(io.BytesIO(rebuild(small_book(), changes)), read_only=True)
            list(workbook.active.iter_rows(values_only=True))
        chain, seen = [], caught.value
        while seen is not None:
            chain.append(seen)
            seen = seen.__cause__ or seen.__context__
        assert any(isinstance(e, DefusedXmlException) for e in chain)


def test_an_entity_bomb_past_the_dtd_check_is_still_refused(users, tree, monkeypatch):
    monkeypatch.setattr(engine.safety, "declares_dtd", lambda head: False)

    outcome = run_import(rebuild(small_book(), {"xl/worksheets/sheet1.xml": laughing_sheet}), users["clerk"])

    assert outcome.file_error == "文件含有不安全的XML内容（DTD/实体声明），已拒绝。"


def test_the_chosen_reader_is_calamine_and_sees_no_hostile_file(users, tree, monkeypatch):
    """The import reads with python-calamine (bench/bench_import.py: several times openpyxl's
    read-only speed); every guard runs before it: a DTD, wherever in a part it stands, is refused
    and the reader never opens the file."""
    opened = []
    real = engine.reading.CalamineWorkbook
    monkeypatch.setattr(engine.reading, "CalamineWorkbook", type("Counting", (), {
        "from_filelike": staticmethod(lambda handle: opened.append(1) or real.from_filelike(handle))}))
    outcome = run_import(small_book(), users["clerk"])
    assert outcome.ok and opened == [1]  # a good file goes through calamine

    refuse_reading(monkeypatch)
    late = rebuild(small_book(), {"xl/worksheets/sheet1.xml": lambda c: c.replace(
        b"<sheetData>", b"<sheetData>" + BILLION_LAUGHS.split("\n", 1)[1].encode(), 1)})
    assert b"<!ENTITY" in zipfile.ZipFile(io.BytesIO(late)).read("xl/worksheets/sheet1.xml")
    assert not declares_dtd(zipfile.ZipFile(io.BytesIO(late)).read("xl/worksheets/sheet1.xml")[:65536])  # past the prolog
    outcome = run_import(late, users["clerk"])
    assert outcome.file_error == "文件含有不安全的XML内容（DTD/实体声明），已拒绝。"
    outcome = run_import(rebuild(small_book(), {"xl/worksheets/sheet1.xml": laughing_sheet}), users["clerk"])
    assert outcome.file_error == "文件含有不安全的XML内容（DTD/实体声明），已拒绝。"
    assert ServiceStation.objects.count() == 1


def test_a_dtd_is_found_however_the_part_is_written():
    bomb = BILLION_LAUGHS + "<worksheet/>"
    assert declares_dtd(bomb.encode())
    assert declares_dtd(bomb.encode("utf-16"))  # with a byte-order mark
    assert declares_dtd(bomb.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"))
    assert declares_dtd(("<?xml version='1.0'?>" + "<!--" + "x" * 70000 + "-->" + bomb).encode())  # pushed far down
    assert not declares_dtd(b'<?xml version="1.0"?>\n<!-- a comment --><worksheet><t>&lt;!DOCTYPE</t></worksheet>')
    assert not declares_dtd(b"")


# ---------------------------------------------------------------------- import: validation


def test_one_bad_row_among_thousands_writes_nothing(users, tree):
    rows = station_rows(3000)
    rows[1499][6] = 9  # 星级 of the station on sheet row 1501
    before = ServiceStation.objects.count()

    outcome = run_import(xlsx([HEADER, *rows]), users["clerk"])

    assert not outcome.ok and outcome.total_rows == 3000
    assert ServiceStation.objects.count() == before
    assert [(e.row, e.column) for e in outcome.errors] == [(1501, "星级")]
    assert re.search(r"[\u4e00-\u9fff]", outcome.errors[0].message)  # the reason is in Chinese
    assert outcome.error_rows == 1

    path = error_folder() / f"{outcome.error_file}.xlsx"
    assert outcome.error_file.startswith(f"{users['clerk'].pk}-") and path.exists()
    sheet = load_workbook(path).active
    # Rows stand at their numbers in the upload: the header in row 1, the bad station in row 1501.
    header = [cell.value for cell in sheet[1]]
    assert header[:len(HEADER)] == HEADER and header[-1].startswith("错误说明")
    bad = [row for row in sheet.iter_rows(min_row=2) if row[-1].value]
    assert len(bad) == 1 and bad[0][0].row == 1501
    star = bad[0][HEADER.index("星级")]
    assert star.value == 9 and star.coordinate == "G1501"
    assert star.fill.fgColor.rgb.endswith("FFC7CE")
    assert star.comment.text == outcome.errors[0].message
    assert bad[0][-1].value.startswith("第1501行：星级：")
    assert sheet.cell(1501, 2).value == "服务站01500"
    good = next(sheet.iter_rows(min_row=2, max_row=2))
    assert good[HEADER.index("星级")].fill.fill_type is None


def test_import_refuses_an_area_outside_the_users_scope(users, tree):
    rows = [HEADER, [1, "甲站", "第2镇/2镇1村", "王强", "", 1, "", ""], [2, "乙站", "330727002", "王强", "", 1, "", ""]]

    outcome = run_import(xlsx(rows), users["clerk"])

    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (2, "所属区划", "区划“第2镇/2镇1村”不存在或不在您的管辖范围内。"),
        (3, "所属区划", "区划“330727002”不存在或不在您的管辖范围内。"),
    ]
    assert not ServiceStation.objects.exists()


def test_import_reports_bad_values_in_chinese(users, tree):
    rows = [HEADER, [1, "甲站", "第1镇/1镇1村", "王强", "123", 2, 9, "也许"], [2, "", "第1镇", "", "", "很多", "", ""]]

    outcome = run_import(xlsx(rows), users["clerk"])

    errors = {(e.row, e.column): e.message for e in outcome.errors}
    assert errors[(2, "联系电话")] == "联系电话格式不正确：应为11位手机号或固定电话。"
    assert errors[(2, "红色服务站")] == "应填“是”或“否”：也许"
    assert errors[(3, "名称")] == "必填项为空。"
    assert errors[(3, "工作人员数")] == "应为整数：很多"
    assert not ServiceStation.objects.exists()
    # the star rating is checked by the form once the row's own cells parse
    rows = [HEADER, [1, "甲站", "第1镇/1镇1村", "王强", "", 2, 9, ""]]
    (error,) = run_import(xlsx(rows), users["clerk"]).errors
    assert error.column == "星级" and "5" in error.message and re.search(r"[\u4e00-\u9fff]", error.message)


def test_import_refuses_the_same_station_twice_in_one_file(users, tree):
    rows = [HEADER, *station_rows(1), [2, "服务站00001", "330727001001", "李明", "", 1, "", ""]]

    outcome = run_import(xlsx(rows), users["clerk"])

    assert [(e.row, e.column, e.message) for e in outcome.errors] == [(3, "名称", "与第2行重复。")]


def test_id_numbers_are_normalized_and_old_ones_refused():
    column = Column("公民身份号码", kind="id_number")
    context = ImportContext(user=None)
    number = next(n for n in (make_id_number(sequence=s) for s in range(200)) if n.endswith("X"))
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[:-1]) + "x"

    assert station_ledger.parse_cell(column, number[:-1] + "x", context) == number
    assert station_ledger.parse_cell(column, f" {full_width} ", context) == number
    assert station_ledger.parse_cell(column, None, context) == ""
    with pytest.raises(ValidationError, match="15位旧身份证号码"):
        station_ledger.parse_cell(column, "330727800517123", context)
    with pytest.raises(ValidationError, match="校验位"):
        station_ledger.parse_cell(column, number[:-1] + "0", context)


# ---------------------------------------------------------------------- round trips and updates


def test_export_then_import_changes_nothing(users, stations, client_for):
    content = downloaded(export(client_for(users["staff"])))
    count, history = ServiceStation.objects.count(), ServiceStation.history.count()

    outcome = run_import(content, users["staff"])

    assert outcome.ok, outcome.errors or outcome.file_error
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert ServiceStation.objects.count() == count
    assert ServiceStation.history.count() == history


def test_a_clerks_masked_export_imports_back_unchanged(users, stations, client_for):
    content = downloaded(export(client_for(users["clerk"])))

    outcome = run_import(content, users["clerk"])

    assert outcome.ok and outcome.unchanged == 2, outcome.errors
    assert ServiceStation.objects.get(name="甲站").phone == "13812345678"


def test_a_masked_phone_on_a_new_row_is_refused(users, tree):
    outcome = run_import(xlsx([HEADER, [1, "新站", "第1镇/1镇1村", "王强", "138****5678", 1, "", ""]]), users["clerk"])

    (error,) = outcome.errors
    assert (error.column, error.message) == ("联系电话", "此格是脱敏后的内容（含*），新记录不能导入，请填写完整信息。")


def test_an_edited_row_updates_its_station_only_when_asked(users, stations, client_for):
    workbook = load_workbook(io.BytesIO(downloaded(export(client_for(users["staff"])))))
    sheet = workbook.active
    head = [cell.value for cell in sheet[5]]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[1].value == "甲站")
    row[head.index("负责人")].value = "赵六"
    buffer = io.BytesIO()
    workbook.save(buffer)

    refused = run_import(buffer.getvalue(), users["staff"])
    (error,) = refused.errors
    assert (error.column, error.message) == ("名称", "该记录已存在且内容不同；如需更新，请勾选“更新已有记录”。")
    assert ServiceStation.objects.get(pk=stations["a"].pk).head == "王强"

    outcome = run_import(buffer.getvalue(), users["staff"], update=True)

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    station = ServiceStation.objects.get(pk=stations["a"].pk)
    assert station.head == "赵六" and station.note == "备注一"
    latest = station.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == ("~", "台账导入", users["staff"])


def test_a_row_matching_two_stored_stations_is_refused(users, stations):
    ServiceStationFactory(name="甲站", area=stations["a"].area, level=5)

    outcome = run_import(xlsx([HEADER, [1, "甲站", "第1镇/1镇1村", "王强", "", 3, "", ""]]), users["clerk"], update=True)

    assert [e.message for e in outcome.errors] == ["系统中有2条记录与此行匹配，无法确定是哪一条，请在系统中核实。"]


def test_station_ledger_matches_stations_on_name_and_area():
    assert station_ledger.key_fields == ("name", "area")
    assert all(column.sensitive for column in station_ledger.columns if column.field == "phone")


# ---------------------------------------------------------------------- the import page


def test_import_page_writes_a_good_file_and_logs_it(users, tree, client_for):
    client = client_for(users["clerk"])

    response = client.post(reverse("stations:servicestation_import"), {"file": upload(xlsx([HEADER, *station_rows(2)]))})

    assert response.status_code == 302 and response["Location"] == reverse("stations:servicestation_list")
    assert ServiceStation.objects.count() == 2
    log = AccessLog.objects.get(kind="import")
    assert log.detail["created"] == 2 and log.detail["outcome"] == "ok" and log.username == "clerk"
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == ["导入成功：新增2条，更新0条，未变0条。"]


def test_import_page_shows_errors_and_serves_the_error_workbook_to_its_owner_only(users, tree, client_for):
    client = client_for(users["clerk"])
    rows = [HEADER, *station_rows(2), [3, "丙站", "第1镇/1镇1村", "王强", "123", 1, "", ""]]

    response = client.post(reverse("stations:servicestation_import"), {"file": upload(xlsx(rows))})

    assert response.status_code == 200
    page = response.content.decode()
    assert "共3行，其中1行有误，未导入任何数据。" in page
    assert "联系电话格式不正确" in page
    token = response.context["outcome"].error_file
    link = reverse("core:import_errors", args=[token])
    assert f'href="{link}"' in page
    assert not ServiceStation.objects.exists()
    assert AccessLog.objects.get(kind="import").detail["outcome"] == "rejected"

    download = client.get(link)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(downloaded(download))).active
    # The bad row is row 4 of the upload (header, 2 good rows): row 4 of the error workbook too.
    assert sheet.cell(4, HEADER.index("联系电话") + 1).comment is not None
    assert sheet.cell(4, 2).value == "丙站"
    assert sheet.cell(4, len(HEADER) + 1).value.startswith("第4行：联系电话：")
    assert client_for(users["other_clerk"]).get(link).status_code == 404
    assert client_for(users["staff"]).get(link).status_code == 404


def test_import_page_shows_why_a_file_cannot_be_read(users, tree, client_for):
    response = client_for(users["clerk"]).post(reverse("stations:servicestation_import"), {"file": upload(b"just text")})

    assert response.status_code == 200
    assert "文件不是Excel（.xlsx）格式，请上传.xlsx文件。" in response.content.decode()


@override_settings(LEDGER_MAX_UPLOAD_BYTES=4096)
def test_import_page_refuses_an_oversize_file(users, tree, client_for):
    response = client_for(users["clerk"]).post(reverse("stations:servicestation_import"),
                                               {"file": upload(xlsx([HEADER, *station_rows(300)]))})

    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert not ServiceStation.objects.exists()


def test_import_page_round_trip_reports_everything_unchanged(users, stations, client_for):
    client = client_for(users["staff"])
    content = downloaded(export(client))

    response = client.post(reverse("stations:servicestation_import"), {"file": upload(content)}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["导入成功：新增0条，更新0条，未变3条。"]
    assert ServiceStation.objects.count() == 3


@pytest.mark.parametrize(("row", "footer"), [
    (["合计", None, 12], True), ([None, "合 计：", 3], True), (["总计"], True), (["制表人：张三", None, "审核人：李四"], True),
    (["填报日期：2026年11月30日"], True), (["审核人:"], True), (["注：身份证号须18位"], True), (["单位负责人（签字）："], True),
    ([1, "合计"], False), (["王合计"], False), ([None, "张三", "制表人"], False), ([], False), ([2026, "填报日期"], False),
])
def test_footer_lines_are_told_from_records(row, footer):
    from core.ledger import is_footer

    assert is_footer(row) is footer


def test_choice_words_take_label_parts_and_synonyms_but_never_an_ambiguous_part():
    from core.choices import table

    words = table([("a", "高中/中专"), ("b", "中专/技校"), ("c", "大学本科")])
    assert words["高中"] == "a" and words["技校"] == "b" and words["高中/中专"] == "a" and words["c"] == "c"
    assert "中专" not in words  # it is part of two labels: neither is assumed


def test_synonyms_must_name_existing_values():
    from django.db import models

    from core.choices import synonyms

    with pytest.raises(ValueError, match="nope"):
        @synonyms({"某": "nope"})
        class Kind(models.TextChoices):
            A = "a", "甲"


def test_a_workbook_saved_without_its_extension_is_read_by_its_content(users, tree, client_for):
    client = client_for(users["clerk"])
    response = client.post(reverse("stations:servicestation_import"),
                           {"file": upload(xlsx([HEADER, *station_rows(2)]), name="服务站台账")})
    assert response.status_code == 302 and ServiceStation.objects.count() == 2
    refused = client.post(reverse("stations:servicestation_import"), {"file": upload(b"a,b\n1,2\n", name="台账.csv")})
    assert "这是CSV/文本文件" in refused.content.decode() and ServiceStation.objects.count() == 2
    not_excel = client.post(reverse("stations:servicestation_import"), {"file": upload(b"just text", name="台账")})
    assert "文件不是Excel（.xlsx）格式" in not_excel.content.decode()


# ---------------------------------------------------------------------- import: sheets that reach far


def sheet_xml_workbook(sheet_xml):
    """A valid .xlsx whose first worksheet's XML is replaced by `sheet_xml` (bytes)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([HEADER, *station_rows(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    return buffer.getvalue()


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


class NeverOpened:
    @staticmethod
    def from_filelike(*args, **kwargs):
        pytest.fail("the sheet was opened")


def refuse_reading(monkeypatch):
    """Fail the test if the file reaches a reader: the import's (python-calamine) or openpyxl."""
    monkeypatch.setattr(engine.reading, "CalamineWorkbook", NeverOpened)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the sheet was opened"))


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def test_a_cell_at_row_100_million_is_refused_before_any_row_is_read(users, tree, monkeypatch):
    """5 KB, one cell at row 100,000,000: openpyxl walked the gap row by row for twenty minutes."""

    header = b"".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    data = sheet_xml_workbook(SHEET_HEAD + b'<row r="1">' + header + b'</row><row r="100000000">'
                              + inline("B100000000", "远处") + b"</row></sheetData></worksheet>")
    assert len(data) < 6000
    refuse_reading(monkeypatch)

    outcome = run_import(data, users["clerk"])

    assert outcome.file_error.startswith("第1张工作表在第100000000行（或更远）还有内容，超过一次导入的上限（200000行）")
    assert not ServiceStation.objects.exists()


def test_a_sheet_moved_out_of_xl_worksheets_is_checked_too(users, tree, monkeypatch):
    """openpyxl finds a sheet through the workbook's relationships, wherever it lies: a sheet moved
    to xl/ws2/s.bin (3,000,000 rows of gap took openpyxl 3.7 s) is refused before it is opened."""
    import openpyxl

    header = b"".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    source = zipfile.ZipFile(io.BytesIO(sheet_xml_workbook(
        SHEET_HEAD + b'<row r="1">' + header + b'</row><row r="100000000">' + inline("B100000000", "远处")
        + b"</row></sheetData></worksheet>")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", b"ws2/s.bin")
            out.writestr("xl/ws2/s.bin" if info.filename == "xl/worksheets/sheet1.xml" else info.filename, data)
    moved = buffer.getvalue()
    opened = openpyxl.load_workbook(io.BytesIO(moved), read_only=True)  # openpyxl does find the moved sheet
    assert opened.worksheets[0]["B1"].value == HEADER[1]
    opened.close()
    refuse_reading(monkeypatch)

    outcome = run_import(moved, users["clerk"])

    assert outcome.file_error.startswith("第1张工作表在第100000000行（或更远）还有内容")
    assert not ServiceStation.objects.exists()


def test_a_far_column_is_refused(users, tree):
    far = sheet_xml_workbook(SHEET_HEAD + b'<row r="1">' + inline("A1", "名称") + inline("XFD1", "x")
                             + b"</row></sheetData></worksheet>")
    assert run_import(far, users["clerk"]).file_error.startswith("第1张工作表在第XFD列还有内容，超过上限（200列）")


@override_settings(LEDGER_MAX_ROWS=1000)
def test_a_file_with_too_many_rows_is_refused_before_it_is_read(users, tree, monkeypatch):
    """A file of more rows than allowed (300,000 at the default limit took 55 s to refuse)."""

    rows = b"".join(b'<row r="%d">' % n + inline(f"B{n}", f"站{n}") + b"</row>" for n in range(1, 2100))
    data = sheet_xml_workbook(SHEET_HEAD + rows + b"</sheetData></worksheet>")
    refuse_reading(monkeypatch)

    assert "超过一次导入的上限（1000行）" in run_import(data, users["clerk"]).file_error


def test_a_sheet_within_the_limits_still_imports(users, tree):
    header = b"".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER[:3]))
    row = inline("A2", "1") + inline("B2", "远站") + inline("C2", "第1镇/1镇1村")
    data = sheet_xml_workbook(SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:C1200"/><sheetData>')
                              + b'<row r="1">' + header + b'</row><row r="1200">' + row.replace(b"2\"", b"1200\"")
                              + b"</row></sheetData></worksheet>")
    outcome = run_import(data, users["clerk"])
    assert outcome.ok, (outcome.file_error, outcome.errors)
    assert ServiceStation.objects.get().name == "远站"


def test_a_database_lost_mid_import_writes_nothing_and_says_so(users, tree, client_for, monkeypatch):
    """PostgreSQL restarted during the write: the one transaction rolls back, the page says it in Chinese."""
    from django.db import OperationalError

    real_write = Ledger._write

    def write_then_lose_the_database(self, valid, outcome, user):
        def fail_after_some(*args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        with transaction.atomic():
            ServiceStation.objects.create(name="写了一半", area=tree["village11"], level=5)
            monkeypatch.setattr("simple_history.utils.bulk_create_with_history", fail_after_some)
            real_write(self, valid, outcome, user)

    monkeypatch.setattr(Ledger, "_write", write_then_lose_the_database)
    response = client_for(users["clerk"]).post(reverse("stations:servicestation_import"),
                                               {"file": upload(xlsx([HEADER, *station_rows(30)]))})
    assert response.status_code == 503
    assert "数据库连接中断，导入未完成，没有写入任何数据" in response.content.decode()
    assert not ServiceStation.objects.exists()
