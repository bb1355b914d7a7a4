from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = "服务体系"
    default_auto_field = "django.db.models.BigAutoField"
