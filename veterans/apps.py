from django.apps import AppConfig


class VeteransConfig(AppConfig):
    name = "veterans"
    verbose_name = "退役军人"
    default_auto_field = "django.db.models.BigAutoField"
