import importlib
import importlib.util

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import audit  # noqa: F401  (signal receivers)

        # Every project app's views.py registers its pages; import them all so the
        # registry (navigation, permission walk) is complete before any URL is resolved.
        for config in apps.get_app_configs():
            if config.path.startswith(str(self.path.rsplit("/", 1)[0])) and importlib.util.find_spec(f"{config.name}.views"):
                importlib.import_module(f"{config.name}.views")
