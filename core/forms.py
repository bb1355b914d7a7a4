"""Form base classes: scoping of area and related-record choices, crispy fieldsets."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from core.fields import is_sensitive, unique_field_sets
from core.models import Area, AreaScoped
from core.registry import registry
from core.widgets import RecordInput, iso_date_inputs


class AreaChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("所选区划不存在或不在您的管辖范围内。")})
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{'　' * max(obj.level - 3, 0)}{obj.name}"


def cache_lookups(form_field, cache):
    """Make a ModelChoiceField find each value once for all the forms that share `cache` (an import's rows).

    An area field loads every area its (scoped) queryset holds in one query, at its first value: a
    province's ledger names thousands of villages, and one query each was a query for most rows."""
    plain = form_field.to_python

    def to_python(value):
        if value in form_field.empty_values:
            return plain(value)
        model = form_field.queryset.model
        key = (model, str(value))
        if model is Area and (Area, None) not in cache:
            cache[(Area, None)] = True  # loaded: a code missing now is not one of the user's areas
            cache.update(((Area, area.pk), area) for area in form_field.queryset.iterator(chunk_size=5000))
        if key not in cache:
            try:
                cache[key] = plain(value)
            except ValidationError as exc:
                cache[key] = exc
        if isinstance(cache[key], ValidationError):
            raise cache[key]
        return cache[key]

    form_field.to_python = to_python


class MaskedSensitiveMixin:
    """On an edit page a stored ID number or phone is never sent to the browser: the box shows its
    masked form as a hint and an empty box keeps the stored value.  `self.kept_sensitive` holds
    the kept values; forms set it in __init__ (`self._mask_sensitive()` when masking)."""

    kept_sensitive = {}

    def _mask_sensitive(self):
        kept = {}
        if not self.instance.pk:
            return kept
        for name in self.fields:
            try:
                model_field = self._meta.model._meta.get_field(name)
            except Exception:
                continue
            value = getattr(self.instance, name, None)
            if is_sensitive(model_field) and value:
                kept[name] = value
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].widget.attrs["placeholder"] = f"{model_field.mask(value)}（留空则不修改）"
        return kept

    def clean(self):
        cleaned = super().clean()
        for name, value in self.kept_sensitive.items():
            if not cleaned.get(name) and name not in self.errors:
                cleaned[name] = value
        return cleaned


class CaseForm(MaskedSensitiveMixin, forms.ModelForm):
    """Base of every case form.

    Takes the user; limits the area to theirs and inside it (defaulting to
    their own), limits every choice of another case record to the records
    they can see, and lays the fields out in `Meta.fieldsets`.
    """

    def __init__(self, *args, user, mask_sensitive=False, import_context=None, **kwargs):
        self.user = user
        self.import_context = import_context  # a ledger import's core.ledger.ImportContext: look-ups shared by its rows
        super().__init__(*args, **kwargs)
        self.kept_sensitive = self._mask_sensitive() if mask_sensitive else {}
        # A field whose model default is callable (a date defaulting to today) gets show_hidden_initial,
        # so has_changed() would compare with a hidden input a ledger row never has: compare with the
        # record instead, which is what both the pages and the imports mean.
        for form_field in self.fields.values():
            form_field.show_hidden_initial = False
        iso_date_inputs(self.fields)
        for name, form_field in self.fields.items():
            if not isinstance(form_field, forms.ModelChoiceField):
                continue
            model = form_field.queryset.model
            if model is Area:
                choices = Area.objects.visible_to(user).only("code", "name", "level")
                new = AreaChoiceField(queryset=choices, label=form_field.label, required=form_field.required,
                                      help_text=form_field.help_text or _("默认为您所在区划"))
                self.fields[name] = new
            elif issubclass(model, AreaScoped):
                form_field.queryset = model.objects.visible_to(user)
                form_field.error_messages["invalid_choice"] = _("所选记录不存在或不在您的管辖范围内。")
                if import_context is None:
                    self._record_input(form_field, model)
            if import_context is not None:
                cache_lookups(self.fields[name], import_context.choices)
        self._default_area()
        if import_context is None:  # an import never renders its forms
            self.helper = self.layout_helper()

    @staticmethod
    def _record_input(form_field, model):
        """A search box instead of a select of every record, for models that declare an autocomplete."""
        viewset = registry.for_model(model)
        if viewset is None or viewset.autocomplete is None or isinstance(form_field.widget, forms.HiddenInput):
            return
        form_field.widget = RecordInput(viewset, form_field.queryset, attrs=form_field.widget.attrs)
        form_field.error_messages["required"] = _("请输入姓名、拼音或完整身份证号，并从候选中选择。")

    def _default_area(self):
        """A new record's area defaults to the user's."""
        if self.instance.pk or not self.user.area_id:
            return
        for name, form_field in self.fields.items():
            if isinstance(form_field, AreaChoiceField) and not self.initial.get(name):
                self.initial[name] = self.user.area_id

    def rebind(self, data, instance=None):
        """Bind this form to another ledger row, as a new form of the same user would be.

        An import validates thousands of rows with one form: building a form per row deep-copies
        every field and builds its scoped querysets, which took half of an import's time."""
        opts = self._meta
        self.instance = opts.model() if instance is None else instance
        self.initial = {} if instance is None else model_to_dict(instance, opts.fields, opts.exclude)
        self._default_area()
        self.data = data
        self.is_bound = True
        self._errors = None
        self._validate_unique = False
        for bound in self._bound_fields_cache.values():  # kept (their labels are costly to build); only the initial value is the row's
            bound.__dict__.pop("initial", None)
        for cached in ("cleaned_data", "changed_data"):
            self.__dict__.pop(cached, None)
        self.kept_sensitive = {}
        return self

    def layout_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.include_media = False
        fieldsets = getattr(self.Meta, "fieldsets", None)
        if fieldsets:
            helper.layout = Layout(*[
                Fieldset(title or "", Div(*[Div(f, css_class="col-md-6") for f in names if f in self.fields], css_class="row"))
                for title, names in fieldsets
            ])
        return helper

    def _get_validation_exclusions(self):
        """In an import, the model's ForeignKey.validate() is skipped for a field whose ModelChoiceField
        has already found the record in its (scoped) queryset -- one query a row less -- unless a
        uniqueness rule involves the field (the model still checks those)."""
        exclude = super()._get_validation_exclusions()
        if self.import_context is None or getattr(self, "_checking_unique", False):
            return exclude
        constrained = {name for names in unique_field_sets(self._meta.model) for name in names}
        exclude.update(name for name, field in self.fields.items()
                       if isinstance(field, forms.ModelChoiceField) and name not in constrained
                       and self.cleaned_data.get(name) is not None)
        return exclude

    def validate_unique(self):
        """Django's check, less the fields whose uniqueness an import has checked for all its rows at once."""
        self._checking_unique = True
        try:
            exclude = self._get_validation_exclusions()
        finally:
            self._checking_unique = False
        if self.import_context is not None:
            exclude.update(self.import_context.checked_unique)
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("台账文件（.xlsx）"), help_text=_("第一张含表头的工作表会被读取；标题行、合并单元格均可。"))
    update = forms.BooleanField(label=_("更新已有记录"), required=False,
                                help_text=_("勾选后，与已有记录匹配且内容不同的行将更新该记录；不勾选则作为错误列出。"))

    def __init__(self, *args, ledger, **kwargs):
        self.ledger = ledger
        super().__init__(*args, **kwargs)
        if not ledger.key and not ledger.has_record_key:
            del self.fields["update"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        """The file's content decides (the ledger engine reads it): a workbook saved without its
        extension, or as .XLSX, is still a workbook.  Names that say another kind get their message."""
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(_("这是旧版Excel（.xls）文件，请另存为.xlsx格式后再导入。"))
        if name.endswith((".csv", ".txt")):
            raise forms.ValidationError(_("这是CSV/文本文件，请在Excel中另存为.xlsx格式后再导入。"))
        if name.endswith((".et", ".ods", ".numbers")):
            raise forms.ValidationError(_("请在WPS或Excel中将文件另存为.xlsx格式后再导入。"))
        return upload
