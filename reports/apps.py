from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "报表"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reports import checks, dashboard, marks  # noqa: F401  (the indicator-name check; the roll-ups' change marks)
