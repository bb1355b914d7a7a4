"""Table base and the column that masks sensitive values wherever a model field appears."""

import django_tables2 as tables
from django_tables2.columns import library
from django_tables2.data import TableListData

from core.fields import is_sensitive


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

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "没有符合条件的记录"
        template_name = "includes/table.html"
