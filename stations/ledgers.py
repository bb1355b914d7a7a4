from core.ledger import Column, Ledger
from core.ledgers import AreaLedger, area_columns
from stations.forms import ServiceStationForm, StationInspectionForm
from stations.models import ServiceStation, StationInspection

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
        Column(field="established_on", aliases=("挂牌日期", "建站日期")),
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
