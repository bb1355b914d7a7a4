"""The registry of model pages (DESIGN.md mechanism 2).

Each app declares one `ModelViews` subclass per model in its views.py and
calls `register`.  The registry gives every model the same URL names
(`<app>:<model>_list`, `_detail`, `_add`, `_edit`, `_delete`, `_export`,
`_import`, `_transition`), feeds the navigation, and lets the permission walk
in tests visit every page.
"""

from dataclasses import dataclass, field


@dataclass
class NavItem:
    label: str
    url_name: str
    roles: tuple


@dataclass
class Section:
    key: str
    label: str
    items: list = field(default_factory=list)


# The sections of the home page and the top bar, in order.  Apps add items.
SECTION_LABELS = [
    ("veterans", "退役军人"),
    ("benefits", "优抚"),
    ("placement", "安置就业"),
    ("honors", "褒扬纪念"),
    ("support_army", "双拥"),
    ("petitions", "信访"),
    ("reports", "报表"),
    ("stations", "服务体系"),
    ("system", "系统管理"),
]


# Where each section's page is: /<path>/ shows its lists with their counts and its actions.
SECTION_PATHS = {
    "veterans": "veterans/", "benefits": "benefits/", "placement": "placement/", "honors": "honors/",
    "support_army": "support_army/", "petitions": "petitions/", "reports": "reports/", "stations": "stations/",
    "system": "system/",
}


class Registry:
    def __init__(self):
        self._views = {}
        # Boxes other apps add to a model's detail page: {model label: [RelatedBlock or Panel]}.
        self._detail_parts = {}
        # Panels on the home page: callables (request) -> (template name, context) or None.
        self.home_panels = []
        self.sections = {key: Section(key, label) for key, label in SECTION_LABELS}

    def register(self, views_class):
        label = views_class.model._meta.label_lower
        views_class.complete()
        self._views[label] = views_class
        for action in views_class.object_actions:
            action.bind(views_class.model)
        if views_class.section:
            self.add_nav(views_class.section, views_class.nav_label or views_class.model._meta.verbose_name_plural,
                         views_class.url_name("list"), views_class.read_roles)
        return views_class

    def add_nav(self, section, label, url_name, roles):
        items = self.sections[section].items
        if not any(item.url_name == url_name for item in items):
            items.append(NavItem(str(label), url_name, tuple(roles)))

    def extend_detail(self, model_label, part):
        """Add a RelatedBlock (a table of related records) or a Panel (core.generic) to the detail page
        of another app's model: `registry.extend_detail("veterans.veteran", RelatedBlock(...))`."""
        parts = self._detail_parts.setdefault(model_label.lower(), [])
        if part not in parts:
            parts.append(part)
            parts.sort(key=lambda p: getattr(p, "order", 100))
        return part

    def detail_parts(self, model):
        return list(self._detail_parts.get(model._meta.label_lower, []))

    def urlpatterns(self, app_label):
        """The URL patterns of every model registered by one app, for its urls.py."""
        patterns = []
        for views_class in self._views.values():
            if views_class.app_label() == app_label:
                patterns += views_class.urls()
        return patterns

    def for_model(self, model):
        return self._views.get(model._meta.label_lower)

    def for_list(self, url_name):
        """The ModelViews whose list page is `url_name`, or None (a page that is not a model's list)."""
        return next((vs for vs in self._views.values() if vs.url_name("list") == url_name), None)

    def get(self, label):
        return self._views[label.lower()]

    def all(self):
        return list(self._views.values())

    def navigation(self, user):
        """Sections with the items this user may open (sections with none are shown as 建设中)."""
        result = []
        for section in self.sections.values():
            items = [item for item in section.items if user.is_authenticated and user.role in item.roles]
            result.append({"key": section.key, "label": section.label, "items": items, "built": bool(section.items),
                           "url_name": f"section_{section.key}"})
        return result


registry = Registry()
register = registry.register
