"""Generic list, detail, create, edit, delete, export, import and transition
views, driven by one declaration per model.

An app's views.py says, for each model::

    @register
    class StationTrainingViews(ModelViews):
        model = StationTraining
        fields = ["station", "date", "topic", "attendees"]      # form, table and ledger follow
        list_filter, search_fields, date_filter = [], ["topic", "station__name"], "date"
        section = "stations"

(or names its form_class, filterset_class, table_class and ledger by hand) and its
urls.py is `urlpatterns = registry.urlpatterns("stations")`.  Every view starts
from `ModelViews.scope(user)`, which is the model's `visible_to(user)`: a record
outside the user's area is a 404; every write goes through core.services.
"""

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models.deletion import ProtectedError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig
from django_tables2.rows import BoundRows

from core import declarations, ledgerjobs, services
from core.audit import log_access
from core.dataversion import data_version
from core.fields import is_sensitive
from core.forms import LedgerImportForm
from core.ledger import ImportOutcome, LedgerError, inspected_archive
from core.models import AccessKind, CaseRecord, LedgerJob, LedgerJobStatus
from core.outside import masked_label, outside_links, visible_among
from core.registry import registry
from core.roles import CASEWORK_ROLES, WRITE_ROLES
from core.tasks import BrokerUnavailable, enqueue

logger = logging.getLogger(__name__)

PAGE_SIZES = (20, 50, 100, 200)


class ModelViews:
    """Declaration of one model's pages; subclass, set attributes, `register`."""

    model = None
    # Admin-style declarations (core.declarations): a simple model needs nothing more than these.
    fields = None  # the form's fields (default: every editable field)
    list_display = None  # the table's columns (default: the form's first six)
    list_filter = ()  # filters beside the search box (choices, booleans, records)
    search_fields = ()  # the search box: "name", "veteran__name" (contains)
    date_filter = None  # a date field filtered by 自 / 至 boxes
    ledger_key = None  # the fields a ledger row is matched on (besides 系统编号), for the default ledger
    # ...or the classes themselves, written by hand:
    filterset_class = None
    table_class = None
    form_class = None
    ledger = None
    section = None  # navigation section key (core.registry.SECTION_LABELS)
    nav_label = None
    list_select_related = ()
    detail_fieldsets = None  # [(title, [field names])]; default: the form's fieldsets
    related = ()  # RelatedBlock instances shown on the detail page
    panels = ()  # Panel instances shown on the detail page, above the related blocks
    # The workflow box on the detail page: steps left out of its bare buttons (those that ask for data and are
    # offered as object actions instead), and whether to leave out the steps the user's own guard refuses too
    # (the clerk who filed an application sees no button to review it)
    workflow_hidden = ()
    workflow_guarded = False
    read_roles = CASEWORK_ROLES
    write_roles = WRITE_ROLES
    add_roles = None  # who may add records; default: write_roles
    actions = ("list", "detail", "add", "edit", "delete", "export", "import")
    object_actions = ()  # ObjectAction instances: service calls with a small form, offered on the detail page
    detail_template = "generic/detail.html"
    # callable(queryset, term, *, user) -> queryset: forms choosing a record of this model get a search box
    # (core.widgets.RecordInput) fed by core:record_autocomplete instead of a select of every record.
    autocomplete = None
    autocomplete_select_related = ()
    autocomplete_limit = 20
    # The write path (core.services): overrides of the plain create, update, delete and import steps.
    create_service = None  # callable(*, model, data, user) -> record
    update_service = None  # callable(*, instance, data, user) -> record
    delete_service = None  # callable(*, instance, user)
    bulk_create_service = None  # callable(*, model, instances, user, reason)

    @classmethod
    def complete(cls):
        """Fill in the form, table and filterset the declaration left out (called by register)."""
        declarations.complete(cls)

    @classmethod
    def workflow_actions(cls, obj, user):
        """The workflow's buttons for the user on the record's page (workflow_hidden, workflow_guarded)."""
        actions = [t for t in obj.workflow.available(obj, user) if t.name not in cls.workflow_hidden]
        if cls.workflow_guarded:
            actions = [t for t in actions if not (t.guard and t.guard(obj, user))]
        return actions

    @classmethod
    def detail_context(cls, request, obj):
        """Extra context for the detail page (a timeline, say); override per model."""
        return {}

    @classmethod
    def autocomplete_queryset(cls, queryset):
        return queryset.select_related(*cls.autocomplete_select_related) if cls.autocomplete_select_related else queryset

    @classmethod
    def autocomplete_label(cls, obj):
        """The text of one suggestion; override to tell apart records of the same name."""
        return str(obj)

    # -- permissions and scoping ------------------------------------------------
    @classmethod
    def scope(cls, user):
        """The records `user` may see: every page, export, import, autocomplete and the write path's
        after-write check start from it."""
        return cls.model.objects.visible_to(user)

    @classmethod
    def get_queryset(cls, request):
        return cls.scope(request.user)

    @classmethod
    def filter(cls, request, queryset):
        """(filterset, rows): the list's and the export's rows.  An invalid filter (say, an area
        outside the user's) gives no rows, and the filterset carries its error."""
        filterset = cls.filterset_class(request.GET or None, queryset=queryset, request=request)
        if not filterset.is_bound:
            return filterset, queryset
        return filterset, (filterset.qs if filterset.is_valid() else queryset.none())

    @classmethod
    def can_read(cls, user):
        return user.is_authenticated and user.role in cls.read_roles and bool(user.area_id or user.is_superuser)

    @classmethod
    def can_add(cls, user):
        roles = cls.write_roles if cls.add_roles is None else cls.add_roles
        return cls.can_write(user) and user.role in roles

    @classmethod
    def can_write(cls, user):
        return user.is_authenticated and user.role in cls.write_roles and bool(user.area_id or user.is_superuser)

    # -- urls ---------------------------------------------------------------------
    @classmethod
    def app_label(cls):
        return cls.model._meta.app_label

    @classmethod
    def url_name(cls, action, namespaced=True):
        name = f"{cls.model._meta.model_name}_{action}"
        return f"{cls.app_label()}:{name}" if namespaced else name

    @classmethod
    def urls(cls):
        prefix = cls.model._meta.model_name
        pk = "<int:pk>" if isinstance(cls.model._meta.pk, models.AutoField) else "<str:pk>"
        routes = {
            "list": (f"{prefix}/", ObjectListView),
            "add": (f"{prefix}/add/", ObjectEditView),
            "export": (f"{prefix}/export/", ObjectExportView),
            "import": (f"{prefix}/import/", ObjectImportView),
            "detail": (f"{prefix}/{pk}/", ObjectDetailView),
            "edit": (f"{prefix}/{pk}/edit/", ObjectEditView),
            "delete": (f"{prefix}/{pk}/delete/", ObjectDeleteView),
        }
        patterns = []
        for action, (route, view) in routes.items():  # fixed routes before the <pk> ones
            if cls.has_action(action):
                patterns.append(path(route, view.as_view(viewset=cls), name=cls.url_name(action, namespaced=False)))
        if cls.object_actions:
            patterns.append(
                path(f"{prefix}/{pk}/action/<str:name>/", ObjectActionView.as_view(viewset=cls),
                     name=cls.url_name("action", namespaced=False))
            )
        if getattr(cls.model, "workflow", None):
            patterns.append(
                path(f"{prefix}/{pk}/transition/<str:name>/", ObjectTransitionView.as_view(viewset=cls),
                     name=cls.url_name("transition", namespaced=False))
            )
        return patterns

    @classmethod
    def has_action(cls, action):
        if action in ("export", "import"):
            return cls.ledger is not None and action in cls.actions
        return action in cls.actions

    # -- forms --------------------------------------------------------------------
    @classmethod
    def get_form(cls, request, instance=None, data=None, files=None):
        initial = {key: value for key, value in request.GET.items() if key in cls.form_class.base_fields}
        return cls.form_class(data=data, files=files, instance=instance, initial=initial, user=request.user,
                              mask_sensitive=True)


class ObjectAction:
    """A service call on one record, offered as a button on its detail page.

    `service(<subject>=record, user=..., **form.cleaned_data)` does the work, the record passed by its
    own name (`veteran=`; `subject` defaults to the model's name); a ValidationError it raises is
    shown on the form and nothing is changed.  `available(obj)` hides the button when the action makes
    no sense.
    """

    def __init__(self, name, label, form_class, service, *, roles=WRITE_ROLES, available=None, help_text="",
                 subject=None):
        self.name, self.label, self.form_class, self.service = name, label, form_class, service
        self.roles, self.available, self.help_text = tuple(roles), available, help_text
        self.subject = subject  # None: the model's name, set when the action is declared on a ModelViews

    def bind(self, model):
        if self.subject is None:
            self.subject = model._meta.model_name
        if self.subject == "user":
            raise ValueError(f"action {self.name}: name the record otherwise than 'user' (the acting user)")

    def allowed(self, obj, user):
        return user.role in self.roles and (self.available is None or self.available(obj))


class Panel:
    """A box on a record's detail page: `template` rendered with `context(request, obj)`.

    Declared on the model's own ModelViews (`panels = (...)`) or by another app with
    `registry.extend_detail("veterans.veteran", Panel(...))`.  `context` returns a dict, or None to
    leave the box out; `width` is its share of a row in twelfths (6: two boxes side by side).
    """

    def __init__(self, label, template, context=None, *, width=12, order=100, roles=None):
        self.label, self.template, self.context = label, template, context
        self.width, self.order, self.roles = width, order, tuple(roles) if roles else None

    def render(self, request, obj, page_context):
        """{"label", "width", "html"}, or None when the box is left out; the template sees the page's
        context (object, can_write...) and the panel's own."""
        if self.roles is not None and request.user.role not in self.roles:
            return None
        extra = self.context(request, obj) if self.context else {}
        if extra is None:
            return None
        html = render_to_string(self.template, {**page_context, **extra}, request=request)
        return {"label": self.label, "width": self.width, "html": html}


class RelatedBlock:
    """Related records listed on a detail page: `RelatedBlock("检查记录", "stationinspection_set", InspectionTable)`.

    Without a table class, the related model's list table is used.
    `add_url` and `add_param` put an "add" button that pre-fills the parent.  Another app adds its
    own to a model's page with `registry.extend_detail(label, RelatedBlock(...))`.
    """

    def __init__(self, label, accessor, table_class=None, *, add_url=None, add_param=None, limit=50, select_related=(),
                 order=100):
        self.label, self.accessor, self.table_class = label, accessor, table_class
        self.add_url, self.add_param, self.limit, self.select_related = add_url, add_param, limit, select_related
        self.order = order

    def render(self, request, obj, user):
        qs = getattr(obj, self.accessor).all()
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        rows = list(qs[: self.limit + 1])
        total = len(rows) if len(rows) <= self.limit else qs.count()  # a count query only when the block is full
        table_class = self.table_class or registry.for_model(qs.model).table_class  # default: the related list's table
        table = table_class(rows[: self.limit], request=request, orderable=False)
        add_link = None
        if self.add_url and user.can_write_cases:
            add_link = f"{reverse(self.add_url)}?{self.add_param}={obj.pk}"
        return {"label": self.label, "table": table, "total": total, "add_link": add_link}


class ViewSetMixin(LoginRequiredMixin):
    viewset = None
    write = False
    action = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        allowed = self.viewset.can_write(request.user) if self.write else self.viewset.can_read(request.user)
        if not allowed:
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return get_object_or_404(self.viewset.get_queryset(self.request), pk=self.kwargs["pk"])

    def base_context(self, **extra):
        vs = self.viewset
        meta = vs.model._meta
        context = {
            "viewset": vs,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "can_write": vs.can_write(self.request.user),
            "can_add": vs.can_add(self.request.user),
            "urls": {action: vs.url_name(action) for action in ("list", "add", "export", "import") if vs.has_action(action)},
        }
        context.update(extra)
        return context


COUNT_CACHE_SECONDS = 600


def cached_count(request, model, queryset):
    """The list's total, cached under the data version that every change to a case record renews
    (core.dataversion), so it is never stale: counting a province's million rows would cost
    100-250 ms on every page."""
    params = sorted((k, v) for k, v in request.GET.lists() if k not in ("page", "sort", "per_page"))
    raw = f"{model._meta.label_lower}|{request.user.pk}|{request.user.area_id}|{request.user.role}|{params}"
    key = f"count:{data_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
    total = cache.get(key)
    if total is None:
        total = queryset.count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


def load_page(table):
    """Load the table's current page in two steps: the primary keys of its rows in the list's order
    (an index-only scan however deep the page), then those rows with their joins.  Selecting the
    joined rows with OFFSET makes PostgreSQL join and sort every row before the offset."""
    page = table.page
    ordered = table.data.data
    order = list(ordered.query.order_by)
    if order and not any(isinstance(o, str) and o.lstrip("-") in ("pk", "id") for o in order):
        # a sort by a column with ties (township) is no order for OFFSET: PostgreSQL may put a row on
        # two pages and none on another; the primary key breaks the ties
        ordered = ordered.order_by(*order, "pk")
    size = table.paginator.per_page
    start = (page.number - 1) * size
    keys = list(ordered.values_list("pk", flat=True)[start:start + size])
    records = ordered.filter(pk__in=keys).order_by().in_bulk() if keys else {}
    page.object_list = BoundRows(data=[records[pk] for pk in keys if pk in records], table=table)


class ObjectListView(ViewSetMixin, View):
    """Search box, filters, sortable columns, pagination and the total count."""

    def get(self, request):
        vs = self.viewset
        queryset = vs.get_queryset(request)
        if vs.list_select_related:
            queryset = queryset.select_related(*vs.list_select_related)
        filterset, qs = vs.filter(request, queryset)
        table = vs.table_class(qs)  # RequestConfig below orders and paginates it once
        if issubclass(vs.model, CaseRecord):  # only case records renew the data version
            table.data._length = cached_count(request, vs.model, qs)
        per_page = request.GET.get("per_page", "")
        per_page = int(per_page) if per_page.isdigit() and int(per_page) in PAGE_SIZES else PAGE_SIZES[0]
        RequestConfig(request, paginate={"per_page": per_page}).configure(table)
        load_page(table)
        query = request.GET.copy()
        query.pop("page", None)
        links = []
        for size in PAGE_SIZES:
            query["per_page"] = size
            links.append((size, query.urlencode()))
        query.pop("per_page")
        context = self.base_context(
            filterset=filterset, table=table, total=table.paginator.count, page_size_links=links,
            per_page=per_page, querystring=query.urlencode(),
        )
        template = "generic/_table.html" if request.htmx and request.htmx.target == "object-table" else "generic/list.html"
        return render(request, template, context)


def field_rows(obj, field_names, user, reveal_url=None):
    """(label, display value, sensitive?) for each named field, sensitive values masked."""
    rows = []
    meta = obj._meta
    for name in field_names:
        try:
            model_field = meta.get_field(name)
        except Exception:  # a property or method named in the fieldsets
            value = getattr(obj, name)
            rows.append({"label": getattr(value, "short_description", name), "value": value() if callable(value) else value})
            continue
        label = model_field.verbose_name
        if model_field.choices:
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
        sensitive = is_sensitive(model_field)
        if sensitive and value:
            value = model_field.mask(value)
        if isinstance(model_field, models.BooleanField):
            value = _("是") if value else _("否")
        link = None
        if model_field in outside_links(type(obj)) and value is not None and not visible_among(model_field, user, [value.pk]):
            value = masked_label(value)  # a record of another area, linked from one of the user's (core.outside)
        elif isinstance(model_field, models.ForeignKey) and value is not None and hasattr(value, "get_absolute_url"):
            link = value.get_absolute_url()
        rows.append({
            "label": label, "value": value, "link": link, "name": name,
            "revealable": bool(sensitive and getattr(obj, name) and user.can_reveal),
        })
    return rows


def history_rows(obj, limit=30):
    """The change history of a record: who, when, what changed (sensitive values masked)."""
    history = getattr(obj, "history", None)
    if history is None:
        return []
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    if not records:  # a record loaded in bulk without history (generated data, old imports)
        return []
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                old, new = change.old, change.new
                if is_sensitive(field):
                    old, new = field.mask(old), field.mask(new)
                changes.append({"field": field.verbose_name, "old": old, "new": new})
        rows.append({
            "date": newer.history_date, "user": newer.history_user, "type": newer.get_history_type_display(),
            "changes": changes, "reason": newer.history_change_reason,
        })
    return rows[:limit]


class ObjectDetailView(ViewSetMixin, View):
    def get(self, request, pk):
        vs = self.viewset
        obj = self.get_object()
        fieldsets = vs.detail_fieldsets or getattr(vs.form_class.Meta, "fieldsets", None) or [(None, vs.form_class.Meta.fields)]
        groups = [{"title": title, "rows": field_rows(obj, names, request.user)} for title, names in fieldsets]
        workflow = getattr(vs.model, "workflow", None)
        extra = registry.detail_parts(vs.model)
        blocks = [*vs.related, *(p for p in extra if isinstance(p, RelatedBlock))]
        panels = sorted([*vs.panels, *(p for p in extra if isinstance(p, Panel))], key=lambda p: p.order)
        context = self.base_context(
            object=obj, groups=groups, history=history_rows(obj),
            related=[block.render(request, obj, request.user) for block in blocks],
        )
        if workflow:
            context["workflow"] = {
                "state": workflow.label(getattr(obj, workflow.field_name)),
                "actions": vs.workflow_actions(obj, request.user),
                "log": [{"at": e.at, "user": e.user, "remark": e.remark, "source": workflow.label(e.source),
                         "destination": workflow.label(e.destination)} for e in workflow.log(obj)],
                "transition_url": vs.url_name("transition"),
                "labels": workflow.states,
            }
        context["edit_url"] = reverse(vs.url_name("edit"), args=[obj.pk]) if vs.has_action("edit") else None
        context["delete_url"] = reverse(vs.url_name("delete"), args=[obj.pk]) if vs.has_action("delete") else None
        context["object_actions"] = [
            {"label": a.label, "url": reverse(vs.url_name("action"), args=[obj.pk, a.name])}
            for a in vs.object_actions if a.allowed(obj, request.user)
        ]
        for row in (r for g in groups for r in g["rows"] if r.get("revealable")):
            row["reveal_url"] = reverse("core:reveal", args=[vs.model._meta.label_lower, obj.pk, row["name"]])
        context.update(vs.detail_context(request, obj))
        context["panels"] = [p for p in (panel.render(request, obj, context) for panel in panels) if p is not None]
        return render(request, vs.detail_template, context)


class ObjectEditView(ViewSetMixin, View):
    """Create (no pk) or edit; errors are shown next to each field and nothing is saved."""

    write = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" not in kwargs and not self.viewset.can_add(request.user):
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        return super().dispatch(request, *args, **kwargs)

    def get_instance(self):
        return self.get_object() if "pk" in self.kwargs else None

    def get(self, request, pk=None):
        instance = self.get_instance()
        form = self.viewset.get_form(request, instance=instance)
        return self.render_form(form, instance)

    def post(self, request, pk=None):
        instance = self.get_instance()
        form = self.viewset.get_form(request, instance=instance, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                if instance is None:
                    obj = services.record_create(model=self.viewset.model, data=form.cleaned_data, user=request.user)
                else:
                    obj = services.record_update(instance=form.instance, data=form.cleaned_data, user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
                if "_addanother" in request.POST:
                    return redirect(reverse(self.viewset.url_name("add")))
                return redirect(reverse(self.viewset.url_name("detail"), args=[obj.pk]))
        return self.render_form(form, instance, status=200)

    def render_form(self, form, instance, status=200):
        context = self.base_context(form=form, object=instance)
        return render(self.request, "generic/edit.html", context, status=status)


class ObjectDeleteView(ViewSetMixin, View):
    write = True

    def get(self, request, pk):
        return render(request, "generic/delete.html", self.base_context(object=self.get_object()))

    def post(self, request, pk):
        obj = self.get_object()
        try:
            services.record_delete(instance=obj, user=request.user)
        except ProtectedError:
            messages.error(request, _("“%(obj)s”仍有关联记录，不能删除。") % {"obj": obj})
            return redirect(reverse(self.viewset.url_name("detail"), args=[obj.pk]))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse(self.viewset.url_name("detail"), args=[obj.pk]))
        messages.success(request, _("已删除：%(obj)s") % {"obj": obj})
        return redirect(reverse(self.viewset.url_name("list")))


PURPOSE_MIN_LENGTH = 4
FULL_EXPORT_PARAMS = ("full", "purpose")


def full_export_choice(request, *, title, back_url, back_label, what=None, extra=None):
    """Whether a download is asked for unmasked, and why: `(full, purpose, page)`.

    Masked by default.  `?full=1` asks for the sensitive values whole: only roles that may reveal
    (others get 403), and only with a stated `purpose` of at least PURPOSE_MIN_LENGTH characters,
    which the caller logs and writes into the file's header block.  Without one, `page` is the form
    asking for it (generic/export_full.html, the other query parameters kept) and the caller returns
    it instead of the file.  `what` names the values ("身份证号和电话")."""
    what = what or _("身份证号和电话")
    full = request.GET.get("full") == "1"
    purpose = request.GET.get("purpose", "").strip()[:100]
    if full and not request.user.can_reveal:
        raise PermissionDenied(_("您的角色无权导出完整的%(what)s。") % {"what": what})
    if full and len(purpose) < PURPOSE_MIN_LENGTH:
        kept = [(key, value) for key, value in request.GET.items() if key not in FULL_EXPORT_PARAMS]
        context = {**(extra or {}), "kept": kept, "purpose": purpose, "error": bool(request.GET.get("purpose")),
                   "title": title, "what": what, "back_url": back_url, "back_label": back_label,
                   "purpose_min_length": PURPOSE_MIN_LENGTH}
        return full, purpose, render(request, "generic/export_full.html", context)
    return full, purpose, None


def queue_failed(job):
    """The broker went away between the check and the commit: the job says so instead of waiting."""
    LedgerJob.objects.filter(pk=job.pk).update(status=LedgerJobStatus.FAILED, error=_("任务队列暂时无法连接，请稍后重试。"))


class ObjectExportView(ViewSetMixin, View):
    """The list's rows (same filters, same scope) as a streaming Excel ledger, masked.

    `?full=1` asks for ID numbers and phones unmasked (full_export_choice): only roles that may
    reveal, and only with a stated purpose, which is logged and written into the file's header
    block; without one the page asks for it."""

    EXPORT_PARAMS = ("page", "sort", *FULL_EXPORT_PARAMS)

    def get(self, request):
        vs = self.viewset
        full, purpose, page = full_export_choice(
            request, title=_("导出含完整身份证号和电话的%(ledger)s") % {"ledger": vs.ledger.title},
            back_url=reverse(vs.url_name("list")), back_label=vs.model._meta.verbose_name_plural,
            extra=self.base_context())
        if page is not None:
            return page
        _filterset, qs = vs.filter(request, vs.get_queryset(request))
        total = qs.count()
        if ledgerjobs.export_in_background(total):  # a big export: a job with a page, not a long request
            try:
                with transaction.atomic():
                    job = ledgerjobs.new_export_job(vs, request, total=total, unmasked=full, purpose=purpose)
                    enqueue("core.tasks.run_ledger_job_task", job.pk, on_error=lambda exc: queue_failed(job))
            except BrokerUnavailable as exc:  # nothing made: the list again, with the reason
                messages.error(request, _("共%(n)d行，需在后台导出，但%(reason)s") % {"n": total, "reason": exc})
                kept = request.GET.copy()
                for key in self.EXPORT_PARAMS:
                    kept.pop(key, None)
                return redirect(reverse(vs.url_name("list")) + (f"?{kept.urlencode()}" if kept else ""))
            return redirect(job.get_absolute_url())
        result = vs.ledger.export(qs, user=request.user, unmasked=full, purpose=purpose)
        filters = {key: value for key, value in request.GET.items() if value and key not in self.EXPORT_PARAMS}
        detail = {"ledger": vs.ledger.title, "filters": filters, "rows": result.rows, "masked": result.masked}
        if not result.masked:
            detail["purpose"] = purpose
        log_access(request, AccessKind.EXPORT, target=vs.ledger.title, detail=detail)
        response = FileResponse(result.open(), as_attachment=True, filename=result.filename,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return response


class ObjectImportView(ViewSetMixin, View):
    """Upload an .xlsx ledger: every row validated first, then all written or none."""

    write = True

    def get(self, request):
        return render(request, "generic/import.html", self.base_context(form=LedgerImportForm(ledger=self.viewset.ledger)))

    def post(self, request):
        vs = self.viewset
        form = LedgerImportForm(request.POST, request.FILES, ledger=vs.ledger)
        if not form.is_valid():
            return render(request, "generic/import.html", self.base_context(form=form))
        upload = form.cleaned_data["file"]
        try:
            data, last_row = inspected_archive(upload)
        except LedgerError:
            last_row = 0  # refused: the import below says why, as ever
        if ledgerjobs.import_in_background(last_row):
            update = form.cleaned_data.get("update", False)
            try:
                with transaction.atomic():
                    job = ledgerjobs.new_import_job(vs, request, data=data, name=upload.name, update=update, last_row=last_row)
                    enqueue("core.tasks.run_ledger_job_task", job.pk, on_error=lambda exc: queue_failed(job))
            except BrokerUnavailable as exc:  # nothing made, nothing written
                outcome = ImportOutcome(file_error=_("文件较大，需在后台导入，但%(reason)s") % {"reason": exc})
                return render(request, "generic/import.html", self.base_context(form=form, outcome=outcome), status=503)
            return redirect(job.get_absolute_url())
        try:
            outcome = vs.ledger.import_file(upload, user=request.user, update=form.cleaned_data.get("update", False),
                                            queryset=vs.get_queryset(request))
        except (OperationalError, InterfaceError):
            # The database went away (a restart) mid-import: its one transaction wrote nothing.
            logger.exception("ledger import interrupted by the database")
            outcome = ImportOutcome(file_error=_("数据库连接中断，导入未完成，没有写入任何数据。请稍后重新导入同一文件。"))
            return render(request, "generic/import.html", self.base_context(form=form, outcome=outcome), status=503)
        log_access(request, AccessKind.IMPORT, target=vs.ledger.title, detail={
            "file": upload.name, "rows": outcome.total_rows, "created": outcome.created, "updated": outcome.updated,
            "outcome": "ok" if outcome.ok else "rejected", "errors": len(outcome.errors),
        })
        if outcome.ok:
            text = _("导入成功：新增%(c)d条，更新%(u)d条，未变%(s)d条。") % {
                "c": outcome.created, "u": outcome.updated, "s": outcome.unchanged}
            if outcome.footer_rows:
                text += _("（已跳过表尾%(n)d行：合计、制表人等）") % {"n": outcome.footer_rows}
            messages.success(request, text)
            return redirect(reverse(vs.url_name("list")))
        return render(request, "generic/import.html", self.base_context(form=form, outcome=outcome))


class ObjectActionView(ViewSetMixin, View):
    """GET shows the action's form; POST runs its service in a transaction."""

    write = True

    def get_action(self):
        """The action and its record: a role without the action gets 403 before any lookup,
        a record outside the area 404, an action that does not apply to the record now 403."""
        action = next((a for a in self.viewset.object_actions if a.name == self.kwargs["name"]), None)
        if action is None:
            raise Http404
        if self.request.user.role not in action.roles:
            raise PermissionDenied(_("您的角色无权进行此操作。"))
        obj = self.get_object()
        if not action.allowed(obj, self.request.user):
            raise PermissionDenied(_("当前不能对该记录执行此操作。"))
        return action, obj

    def get(self, request, pk, name):
        action, obj = self.get_action()
        form = action.form_class(obj=obj, user=request.user)
        return render(request, "generic/action.html", self.base_context(object=obj, action=action, form=form))

    def post(self, request, pk, name):
        action, obj = self.get_action()
        form = action.form_class(request.POST, obj=obj, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    action.service(**{action.subject: obj}, user=request.user, **form.cleaned_data)
                    services.ensure_visible(obj, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已完成：%(action)s") % {"action": action.label})
                return redirect(reverse(self.viewset.url_name("detail"), args=[obj.pk]))
        return render(request, "generic/action.html", self.base_context(object=obj, action=action, form=form))


class ObjectTransitionView(ViewSetMixin, View):
    """POST a workflow transition; a refused one leaves the record as it was."""

    write = True

    def post(self, request, pk, name):
        obj = self.get_object()
        try:
            obj.workflow.apply(obj, name, user=request.user, remark=request.POST.get("remark", ""))
        except ValidationError as exc:  # TransitionNotAllowed, or a refusal of the transition's effect
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": obj.workflow.transitions[name].label})
        return HttpResponseRedirect(reverse(self.viewset.url_name("detail"), args=[obj.pk]))

    def get(self, request, pk, name):
        raise Http404
