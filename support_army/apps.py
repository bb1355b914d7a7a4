from django.apps import AppConfig


class SupportArmyConfig(AppConfig):
    name = "support_army"
    verbose_name = "双拥"
    default_auto_field = "django.db.models.BigAutoField"
