"""How the permission walk makes one record of each registered model.

Every model is made by tests.autofactory from its field declarations, inside village 1 of township 1
unless told otherwise; OBJECT_MAKERS holds the few that are not case records made that way (an area,
an account, a log entry, a summary run).  An app whose records must agree with another record (a
placement's category with the veteran's way of leaving the service) declares its makers in
tests/<app>/walk.py, as OBJECT_MAKERS and LINKS_ELSEWHERE dicts of its own; they are merged here.
"""

import datetime
import importlib
import io

from django.db.models.fields.files import FieldFile
from openpyxl import load_workbook

from core.fields import is_sensitive
from core.ledger import RECORD_KEY_HEADER
from core.models import AccessKind, AccessLog, Area, AreaLevel
from reports.models import SummaryRun
from tests import autofactory
from veterans.models import Veteran

OBJECT_MAKERS = {
    "core.area": lambda tree, users: tree["village11"],
    "core.user": lambda tree, users: users["clerk"],
    "core.accesslog": lambda tree, users: AccessLog.objects.create(
        kind=AccessKind.LOGIN_OK, username="clerk", area_code=tree["township1"].code),
    "reports.summaryrun": lambda tree, users: SummaryRun.objects.create(
        kind="half", year=2025, area=tree["township1"], requested_by=users["clerk"]),
}


# Records whose nature is a link to another area (a request to move a person registered elsewhere):
# {model label: callable(tree) -> the links made in another area}.
def _registered_elsewhere(tree):
    """A veteran of a third township, which neither township's users see, and the request's name for them."""
    county = tree["county"]
    township, _ = Area.objects.get_or_create(code=f"{county.code}003", defaults={
        "name": "第3镇", "level": AreaLevel.TOWNSHIP, "parent": county})
    village, _ = Area.objects.get_or_create(code=f"{township.code}001", defaults={
        "name": "3镇1村", "level": AreaLevel.VILLAGE, "parent": township})
    veteran = autofactory.make(Veteran, village)
    return {"veteran": veteran, "name": veteran.name}


LINKS_ELSEWHERE = {"veterans.transferrequest": _registered_elsewhere}


def _app_makers():
    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"tests.{config.label}.walk")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{config.label}", f"tests.{config.label}.walk"):
                raise
            continue
        OBJECT_MAKERS.update(getattr(module, "OBJECT_MAKERS", {}))
        LINKS_ELSEWHERE.update(getattr(module, "LINKS_ELSEWHERE", {}))


_app_makers()


def make_object(vs, tree, users, area=None):
    """A record of vs.model: in village 1 of township 1, or in `area`."""
    label = vs.model._meta.label_lower
    if area is None and label in OBJECT_MAKERS:
        return OBJECT_MAKERS[label](tree, users)
    elsewhere = LINKS_ELSEWHERE[label](tree) if label in LINKS_ELSEWHERE else {}
    return autofactory.make(vs.model, area or tree["village11"], **elsewhere)


def form_data(vs, obj, user):
    """The POST data of the record's own form, as a browser would send it (values unmasked)."""
    form = vs.form_class(instance=obj, user=user)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None or (isinstance(value, FieldFile) and not value):  # no file: the browser sends none
            value = ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    return data


def relation_fields(vs):
    """The form fields that place a record: its area and its parent records."""
    form_fields = vs.form_class.base_fields
    return [name for name in form_fields if vs.model._meta.get_field(name).is_relation]


def ledger_file(vs, objects, user):
    """An export of `objects` (unmasked) with the 系统编号 cells emptied: rows to import as new records."""
    queryset = vs.model._base_manager.filter(pk__in=[o.pk for o in objects])
    result = vs.ledger.export(queryset, user=user, unmasked=True, purpose="权限测试")
    book = load_workbook(result.open())
    sheet = book.active
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == RECORD_KEY_HEADER:
                for below in sheet.iter_rows(min_row=cell.row + 1, min_col=cell.column, max_col=cell.column):
                    below[0].value = None
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


def sensitive_values(obj):
    """Full values of the sensitive fields of a case record and its parents, to look for in pages."""
    values = []
    seen = set()

    def collect(record):
        if record is None or id(record) in seen:
            return
        seen.add(id(record))
        for field in record._meta.concrete_fields:
            if is_sensitive(field) and getattr(record, field.attname):
                value = getattr(record, field.attname)
                if isinstance(value, datetime.date):  # a birth date, as a page would write it whole
                    values.extend([value.isoformat(), f"{value.year}年{value.month}月{value.day}日"])
                else:
                    values.append(value)
            elif field.is_relation and field.related_model is not None and record._meta.label_lower != "core.user":
                if hasattr(field.related_model, "area_path"):
                    collect(getattr(record, field.name))

    if obj._meta.label_lower != "core.user":
        collect(obj)
    return values
