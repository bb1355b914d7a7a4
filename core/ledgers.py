from core.forms import ServiceStationForm, StationInspectionForm, StationTrainingForm
from core.ledger import Column, Ledger
from core.models import AccessLog, ServiceStation, StationInspection, StationTraining


def area_columns():
    """所属区划 by name ("镇街/村居") and by code: import takes whichever is filled."""
    return [
        Column(field="area", export=lambda o: area_path(o.area), aliases=("区划", "所属镇街村居"), width=24),
        Column("区划代码", "area", aliases=("统计用区划代码",)),
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
        Column(field="name", aliases=("服务站名称", "站点名称"), width=30),
        *area_columns(),
        Column(field="level", required=False, width=16),  # left empty, the form takes the area's level
        Column(field="head", aliases=("站长",)),
        Column(field="phone", aliases=("电话", "手机号码")),
        Column(field="address", width=30),
        Column(field="staff_count", aliases=("工作人员", "人数")),
        Column(field="star_rating", aliases=("星级评定",)),
        Column(field="is_red_station"),
        Column("荣誉墙", "has_honour_wall", aliases=("设有荣誉墙",)),
        Column(field="note", width=30),
    ],
)

inspection_ledger = Ledger(
    model=StationInspection,
    title="服务站检查台账",
    form_class=StationInspectionForm,
    select_related=("station",),
    columns=[
        Column(field="station", width=30),
        Column(field="date"),
        Column(field="kind"),
        Column(field="inspector"),
        Column(field="findings", width=40),
        Column(field="status"),
    ],
)

training_ledger = Ledger(
    model=StationTraining,
    title="服务站培训台账",
    form_class=StationTrainingForm,
    select_related=("station",),
    columns=[
        Column(field="station", width=30),
        Column(field="date"),
        Column(field="topic", width=30),
        Column(field="attendees"),
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
        Column(source="at", width=18),
        Column(source="kind", width=14),
        Column(source="username", width=14),
        Column(source="area_code", width=14),
        Column(source="ip", width=16),
        Column(source="target", width=30),
        Column(source="detail", export=detail_text, width=60),
    ],
)
