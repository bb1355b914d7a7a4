"""Admin-style defaults of a ModelViews declaration (DESIGN.md mechanism 2).

A simple model needs no hand-written form, filterset or table::

    @register
    class HonourPlaqueViews(ModelViews):
        model = HonourPlaque
        fields = ["veteran", "hung_on", "kind", "note"]            # the form (default: every editable field)
        list_display = ["veteran", "hung_on", "kind"]              # the table (default: the first six fields)
        list_filter = ["kind"]                                     # filters beside the search box
        search_fields = ["veteran__name", "note"]                  # the search box (contains)
        date_filter = "hung_on"                                    # 自 / 至 date boxes
        section = "honors"

Whatever a declaration gives by hand (form_class, filterset_class, table_class,
ledger) is used as it is.  Dates get date boxes (core.widgets) in forms and filters
alike.  A model whose form is declared by its fields gets its Excel ledger too
(`<verbose_name_plural>台账`, one column a field, headers and kinds from the model,
matched on `ledger_key` when one is declared); `ledger = False` leaves it out.
"""

import django_filters
import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from core.fields import is_sensitive
from core.filtersets import CaseFilterSet
from core.forms import CaseForm
from core.ledger import Column, Ledger
from core.tables import CaseTable
from core.widgets import DateInput

LIST_DISPLAY_DEFAULT = 6


def editable_fields(model):
    """The fields a clerk fills in: editable, not the primary key, not a timestamp."""
    return [f.name for f in [*model._meta.fields, *model._meta.many_to_many]
            if f.editable and not f.primary_key and not f.auto_created]


def form_fields(viewset):
    return list(viewset.fields) if viewset.fields else editable_fields(viewset.model)


def build_form(viewset):
    model = viewset.model
    names = form_fields(viewset)
    form = modelform_factory(model, form=CaseForm, fields=names)
    form.Meta.fieldsets = [(model._meta.verbose_name, names)]
    return form


def build_table(viewset):
    model = viewset.model
    names = list(viewset.list_display or form_fields(viewset)[:LIST_DISPLAY_DEFAULT])
    # the first column opens the record itself (linkify=True on a foreign key would open the linked record)
    attrs = {names[0]: tables.Column(linkify=lambda record: record.get_absolute_url(),
                                     verbose_name=model._meta.get_field(names[0]).verbose_name)}
    attrs["Meta"] = type("Meta", (CaseTable.Meta,), {"model": model, "fields": tuple(names)})
    return type(f"{model.__name__}Table", (CaseTable,), attrs)


def build_filterset(viewset):
    model = viewset.model
    lookups, numbers = [], []
    for path in viewset.search_fields:
        field = model_field(model, path)
        if is_sensitive(field):  # numbers are searched by core.search's rules, never by "contains"
            if getattr(field, "whole_value", None) and field.index_field() is not None:
                numbers.append((path, field))  # the whole number, through its keyed index
                continue
            raise ImproperlyConfigured(f"{model.__name__}: search_fields may not name the sensitive field {path!r}")
        lookups.append(path if "__" in path and path.rsplit("__", 1)[1] in ("exact", "icontains", "startswith")
                       else f"{path}__icontains")
    attrs = {"search_fields": tuple(lookups), "number_fields": tuple(numbers)}
    if viewset.date_filter:
        label = model._meta.get_field(viewset.date_filter).verbose_name
        attrs["date_after"] = django_filters.DateFilter(field_name=viewset.date_filter, lookup_expr="gte", widget=DateInput(),
                                                        label=_("%(label)s自") % {"label": label})
        attrs["date_before"] = django_filters.DateFilter(field_name=viewset.date_filter, lookup_expr="lte", widget=DateInput(),
                                                         label=_("%(label)s至") % {"label": label})
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": list(viewset.list_filter)})
    return type(f"{model.__name__}FilterSet", (CaseFilterSet,), attrs)


def model_field(model, path):
    """The model field at the end of a lookup path ("veteran__name")."""
    current, field = model, None
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            break  # a lookup (icontains) after the field
        current = field.related_model if field.is_relation else current
    if field is None:
        raise ImproperlyConfigured(f"{model.__name__}: no field at {path!r}")
    return field


def build_ledger(viewset):
    model = viewset.model
    return Ledger(model=model, title=f"{model._meta.verbose_name_plural}台账", form_class=viewset.form_class,
                  key=viewset.ledger_key, columns=[Column(field=name) for name in form_fields(viewset)])


def complete(viewset):
    """Fill in what the declaration left out (called by core.registry.register)."""
    if viewset.form_class is None and {"add", "edit"} & set(viewset.actions):
        viewset.form_class = build_form(viewset)
        if viewset.ledger is None:
            viewset.ledger = build_ledger(viewset)
    if viewset.ledger is False:
        viewset.ledger = None
    if viewset.table_class is None:
        viewset.table_class = build_table(viewset)
    if viewset.filterset_class is None:
        viewset.filterset_class = build_filterset(viewset)
    if not viewset.list_select_related:
        viewset.list_select_related = tuple(
            name for name in (viewset.list_display or ())
            if isinstance(viewset.model._meta.get_field(name), models.ForeignKey))
    return viewset
