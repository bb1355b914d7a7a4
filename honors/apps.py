from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "honors"
    verbose_name = "褒扬纪念"
    default_auto_field = "django.db.models.BigAutoField"
