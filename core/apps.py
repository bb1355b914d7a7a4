from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import audit, checks, dataversion  # noqa: F401  (signal receivers, system checks)
        from core.contrib import discover

        # Every app's views, indicators, timeline, demo, scale and hooks modules register what they
        # contribute (pages, figures, timeline entries, data steps): import them all now, so the
        # registries are complete before any URL is resolved or command run.
        discover()
