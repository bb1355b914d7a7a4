"""The `Ledger` class: a model's declared columns, with export and import driven by them."""

from django.db import models

from core.fields import is_sensitive
from core.ledger.columns import RECORD_KEY_FIELD, RECORD_KEY_HEADER, Column, model_field_at
from core.ledger.exporting import LedgerExport
from core.ledger.importing import LedgerImport
from core.ledger.reading import LedgerReading


class Ledger(LedgerExport, LedgerReading, LedgerImport):
    """The columns of one model's Excel ledger, and export and import driven by them.

    `key` is a field name or a tuple of field names identifying an existing
    record (e.g. "code", or ("name", "area") for stations, which have no
    natural key).  Every ledger of a model with an integer primary key also
    ends with a 系统编号 column (`record_key`): export writes the record's key,
    and an imported row that carries one is that record (its masked cells
    unchanged), whatever its other cells say.  A row with neither is a new
    record.  Override `row_data` to combine columns into form fields.

    Each column takes what its declaration leaves out (header, kind,
    required) from the model field it names: see `Column`.
    """

    def __init__(self, *, model, title, columns, form_class=None, key=None, select_related=(), serial=True, record_key=True):
        self.model = model
        columns = list(columns)
        if record_key and isinstance(model._meta.pk, models.AutoField):
            columns.append(Column(RECORD_KEY_HEADER, RECORD_KEY_FIELD, kind="int", source="pk", width=10,
                                  aliases=("记录编号", "系统ID")))
        self.has_record_key = any(column.field == RECORD_KEY_FIELD for column in columns)
        self._labels = {}  # choice labels by model field, filled on first use
        self._choice_values = {}  # {normalized value or label: stored value} by model field, for import
        self._cell_plans = {}  # id(column) -> (source paths, formatter), for cell_value
        self.title = title
        self.columns = list(columns)
        self.form_class = form_class
        self.key = key
        self.key_fields = (key,) if isinstance(key, str) else tuple(key or ())
        self.select_related = select_related
        self.serial = serial
        imported = set(form_class.base_fields) if form_class is not None else set()
        fed_by = {}  # field -> how many columns feed it
        for column in self.columns:
            fed_by[column.field] = fed_by.get(column.field, 0) + 1
        for column in self.columns:
            column.bind(model, imported=column.field in imported, alone=fed_by[column.field] == 1)
        self._by_header = {}  # normalised header or alias -> column; the first declared wins
        for column in self.columns:
            for header in column.headers():
                self._by_header.setdefault(header, column)
            path = column.source if isinstance(column.source, str) else column.field
            model_field = model_field_at(model, path) if path else None
            if model_field is not None and is_sensitive(model_field):
                column.sensitive = True
                column.mask = column.mask or model_field.mask

    @property
    def has_sensitive(self):
        """Whether any column is masked on a masked export (so an unmasked one means something)."""
        return any(column.sensitive for column in self.columns)
