"""Table base and the column that masks sensitive values wherever a model field appears."""

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.columns import library
from django_tables2.data import TableListData

from core.fields import is_sensitive
from core.outside import masked_label, outside_links, visible_among


@library.register
class SensitiveColumn(tables.Column):
    """Masks ID numbers and phones (4403**********1234, 138****5678) in every table."""

    def __init__(self, *args, mask=None, **kwargs):
        self.mask = mask
        super().__init__(*args, **kwargs)

    def render(self, value):
        return self.mask(value) if self.mask else value

    @classmethod
    def from_field(cls, field, **kwargs):
        if is_sensitive(field):
            kwargs.setdefault("verbose_name", field.verbose_name)
            kwargs["orderable"] = False  # sorting by a masked column would tell its hidden digits apart
            return cls(mask=field.mask, **kwargs)
        return None


class ModelRows(TableListData):
    """Records already loaded (a detail page's related block), still telling tables2 their model."""

    def __init__(self, rows, model):
        super().__init__(list(rows))
        self._model = model

    @property
    def model(self):
        return self._model


class CaseTable(tables.Table):
    """Base of every table.  Headers come from the model's Chinese verbose names even when the rows
    are a list (tables2 names a column of list data after its attribute: Name, Veteran, Year)."""

    def __init__(self, data=None, *args, **kwargs):
        model = getattr(self._meta, "model", None)
        if isinstance(data, (list, tuple)) and model is not None:
            data = ModelRows(data, model)
        super().__init__(data, *args, **kwargs)
        for field in outside_links(model) if model is not None else ():
            if field.name in self.columns.names():
                bound = self.columns[field.name]
                bound.render = self._outside_render(field)
                bound.link = None  # the render links the visible ones itself

    def _outside_render(self, field):
        """A link that may lead outside the user's area (core.outside): masked, unlinked, when it does.
        The visible records among the rows shown are read once, with the first cell."""
        table, visible = self, {}

        def render(value, record):
            if "pks" not in visible:
                rows = table.page.object_list.data if getattr(table, "page", None) else table.data
                user = getattr(getattr(table, "request", None), "user", None)
                keys = [getattr(row, field.attname) for row in rows]
                visible["pks"] = visible_among(field, user, keys) if user is not None else set()
            if getattr(record, field.attname) in visible["pks"]:
                url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else None
                return format_html('<a href="{}">{}</a>', url, value) if url else value
            return masked_label(value)

        return render

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "没有符合条件的记录"
        template_name = "includes/table.html"
