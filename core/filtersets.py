"""FilterSet base: a search box over `search_fields` and an area filter that
includes everything inside the chosen area, limited to the user's own."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.models import Area
from core.search import limit_message, log_whole_search


class AreaInput(forms.TextInput):
    """A text box for an area by name or code, with suggestions fetched as the user types
    (a select of every village would be a hundred thousand options at province scale)."""

    template_name = "includes/area_input.html"

    def __init__(self, level=None, attrs=None):
        self.level = level
        super().__init__(attrs={"placeholder": _("名称或区划代码"), "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = f"?format=options&level={self.level}" if self.level else "?format=options"
        context["widget"]["suggest_url"] = f"{reverse_lazy('core:area_autocomplete')}{query}"
        return context


class AreaLookupField(forms.CharField):
    """An Area named by its code or its unique name, among the areas the user can see."""

    def __init__(self, *args, **kwargs):
        self.areas = Area.objects.none()
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        area = self.areas.filter(code=value).first()
        if area is None:
            matches = list(self.areas.filter(name=value)[:2])
            if len(matches) > 1:
                raise ValidationError(_("名称“%(v)s”不唯一，请输入区划代码。") % {"v": value})
            area = matches[0] if matches else None
        if area is None:
            raise ValidationError(_("找不到“%(v)s”，或不在您的管辖范围内。") % {"v": value})
        return area


class AreaFilter(django_filters.Filter):
    """Records inside the named area (the area itself and everything under it)."""

    field_class = AreaLookupField

    def __init__(self, *args, level=None, **kwargs):
        self.level = level
        kwargs.setdefault("widget", AreaInput(level=level))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.inside(value.code) if value else qs


class CaseFilterSet(django_filters.FilterSet):
    search_fields = ()
    number_fields = ()  # (path, field) of encrypted fields found by their whole value (a bank account)

    q = django_filters.CharFilter(label=_("搜索"), method="filter_search",
                                  widget=forms.TextInput(attrs={"placeholder": _("输入关键字"), "type": "search"}))
    within = AreaFilter(label=_("区划"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        visible = Area.objects.visible_to(user) if user else Area.objects.none()
        for name, filter_ in self.filters.items():
            if isinstance(filter_, AreaFilter):
                field = self.form.fields[name]
                field.areas = visible.filter(level=filter_.level) if filter_.level else visible
        self.form.order_fields(["q", "within"])
        for form_field in self.form.fields.values():
            if isinstance(form_field.widget, forms.NullBooleanSelect):  # "未知" reads oddly as a filter
                form_field.widget.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        conditions = [Q(**{lookup: value}) for lookup in self.search_fields]
        for path, field in self.number_fields:
            whole = field.whole_value(value)
            if whole is None:
                continue
            if log_whole_search(self.request, queryset.model, field, whole) == "limited":
                messages.warning(self.request, limit_message())
                return queryset.none()
            conditions.append(Q(**{path: whole}))
        return queryset.filter(reduce(or_, conditions)) if conditions else queryset
