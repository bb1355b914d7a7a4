from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础平台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import audit  # noqa: F401  (signal receivers)
