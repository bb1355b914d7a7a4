from core.ledger import Column, Ledger, by_name
from core.ledgers import AreaLedger, area_columns
from stations.forms import ServiceStationForm, StationInspectionForm, StationTrainingForm
from stations.models import ServiceStation, StationInspection, StationTraining

station_ledger = AreaLedger(
    model=ServiceStation,
    title="服务站台账",
    form_class=ServiceStationForm,
    key=("name", "area"),  # stations have no natural key: a station is its name in its area
    select_related=("area__parent",),
    columns=[
        Column("名称", "name", required=True, aliases=("服务站名称", "站点名称"), width=30),
        *area_columns(),
        Column("层级", "level", kind="choice", width=16),
        Column("建成日期", "established_on", kind="date", aliases=("挂牌日期", "建站日期")),
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
