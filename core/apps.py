import importlib
import importlib.util
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings


def project_apps():
    """The app configs of this project (not Django's or third parties')."""
    base = Path(settings.BASE_DIR)
    return [c for c in apps.get_app_configs() if Path(c.path).parent == base]


def import_app_modules(module):
    """Import `<app>.<module>` for every project app that has one."""
    for config in project_apps():
        if importlib.util.find_spec(f"{config.name}.{module}"):
            importlib.import_module(f"{config.name}.{module}")


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import audit, checks, dataversion  # noqa: F401  (signal receivers, system checks)

        # views.py registers pages (navigation, permission walk), indicators.py figures:
        # import them all so the registries are complete before any URL is resolved.
        import_app_modules("views")
        import_app_modules("indicators")
