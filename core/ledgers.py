from core.forms import ServiceStationForm, StationInspectionForm, StationTrainingForm
from core.ledger import Column, Ledger, by_name
from core.models import AccessLog, ServiceStation, StationInspection, StationTraining


def area_columns():
    """所属区划 by name ("镇街/村居") and by code: import takes whichever is filled."""
    return [
        Column("所属区划", "area", kind="area", export=lambda o: area_path(o.area), aliases=("区划", "所属镇街村居"), width=24),
        Column("区划代码", "area", kind="area", source="area_id", aliases=("统计用区划代码",)),
    ]


def area_path(area):
    parent = area.parent
    return f"{parent.name}/{area.name}" if parent is not None and area.level >= 5 else area.name


class AreaLedger(Ledger):
    """A ledger whose rows carry their area by name and by code; the code wins when both are filled."""

    def row_data(self, parsed, context):
        data = super().row_data(parsed, context)
        by_header = {column.header: value for column, value in parsed.items() if column.field == "area"}
        data["area"] = by_header.get("区划代码") or by_header.get("所属区划") or None
        return data


station_ledger = AreaLedger(
    model=ServiceStation,
    title="服务站台账",
    form_class=ServiceStationForm,
    key=("name", "area"),  # stations have no natural key: a station is its name in its area
    select_related=("area__parent",),
    columns=[
        Column("名称", "name", required=True, aliases=("服务站名称", "站点名称"), width=30),
        *area_columns(),
        Column("层级", "level", kind="choice", required=False, width=16),  # left empty, the form takes the area's level
        Column("负责人", "head", aliases=("站长",)),
        Column("联系电话", "phone", kind="phone", aliases=("电话", "手机号码")),
        Column("地址", "address", width=30),
        Column("工作人员数", "staff_count", kind="int", aliases=("工作人员", "人数")),
        Column("星级", "star_rating", kind="int", aliases=("星级评定",)),
        Column("红色服务站", "is_red_station", kind="bool"),
        Column("荣誉墙", "has_honour_wall", kind="bool", aliases=("设有荣誉墙",)),
        Column("备注", "note", width=30),
    ],
)

inspection_ledger = Ledger(
    model=StationInspection,
    title="服务站检查台账",
    form_class=StationInspectionForm,
    select_related=("station",),
    columns=[
        Column("服务站", "station", required=True, source="station__name",
               parse=by_name(ServiceStation, "服务站"), width=30),
        Column("检查日期", "date", kind="date", required=True),
        Column("方式", "kind", kind="choice"),
        Column("检查人", "inspector"),
        Column("发现问题", "findings", width=40),
        Column("整改状态", "status"),
    ],
)

training_ledger = Ledger(
    model=StationTraining,
    title="服务站培训台账",
    form_class=StationTrainingForm,
    select_related=("station",),
    columns=[
        Column("服务站", "station", required=True, source="station__name",
               parse=by_name(ServiceStation, "服务站"), width=30),
        Column("培训日期", "date", kind="date", required=True),
        Column("培训主题", "topic", required=True, width=30),
        Column("参训人数", "attendees", kind="int"),
    ],
)


def detail_text(detail):
    import json

    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)


access_log_ledger = Ledger(
    model=AccessLog,
    title="访问日志",
    record_key=False,
    columns=[
        Column("时间", None, source="at", width=18),
        Column("类型", None, source="kind", width=14),
        Column("用户名", None, source="username", width=14),
        Column("用户区划", None, source="area_code", width=14),
        Column("IP地址", None, source="ip", width=16),
        Column("对象", None, source="target", width=30),
        Column("详情", None, source="detail", export=detail_text, width=60),
    ],
)
