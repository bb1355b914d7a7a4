from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "优抚"
    default_auto_field = "django.db.models.BigAutoField"
