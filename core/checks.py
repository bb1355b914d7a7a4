"""System checks (`python manage.py check`, run before every server start and test run) that hold each
app to the platform's declarations: a case record has pages, a history and an area; a hook names a
declared event."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from core import hooks
from core.models import Area, CaseRecord
from core.registry import registry


def area_path_error(model):
    """None if `model.area_path` leads, field by field, to a foreign key to Area; else what is wrong."""
    current = model
    parts = model.area_path.split("__")
    for position, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return f"area_path {model.area_path!r}: {current.__name__} has no field {part!r}"
        if not field.is_relation or field.related_model is None:
            return f"area_path {model.area_path!r}: {part!r} is not a relation"
        current = field.related_model
        if position == len(parts) - 1 and current is not Area:
            return f"area_path {model.area_path!r} ends at {current.__name__}, not Area"
    return None


def case_record_errors(models):
    errors = []
    for model in models:
        label = model._meta.label_lower
        if registry.for_model(model) is None:
            errors.append(checks.Error(f"case record {label} has no registered ModelViews",
                                       hint="declare and @register its ModelViews in the app's views.py", obj=model,
                                       id="core.E001"))
        if not hasattr(model, "history"):
            errors.append(checks.Error(f"case record {label} keeps no change history",
                                       hint="add history = HistoricalRecords()", obj=model, id="core.E002"))
        problem = area_path_error(model)
        if problem:
            errors.append(checks.Error(f"case record {label}: {problem}", obj=model, id="core.E003"))
    return errors


@checks.register()
def check_case_records(app_configs=None, **kwargs):
    models = [m for m in apps.get_models() if issubclass(m, CaseRecord)
              and (app_configs is None or apps.get_app_config(m._meta.app_label) in app_configs)]
    return case_record_errors(models)


@checks.register()
def check_hooks(app_configs=None, **kwargs):
    return [checks.Error(f"hook handlers registered for undeclared event {name!r}", id="core.E004")
            for name in hooks.unknown_handlers()]
