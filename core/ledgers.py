from core.ledger import Column, Ledger
from core.models import AccessLog


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
