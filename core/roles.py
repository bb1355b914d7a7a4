"""The five roles of DOMAIN.md §1."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("局领导")
    STAFF = "staff", _("局机关")
    CLERK = "clerk", _("服务站")
    AUDITOR = "auditor", _("审计员")
    ADMIN = "admin", _("系统管理员")


CASEWORK_ROLES = (Role.LEADER, Role.STAFF, Role.CLERK)
WRITE_ROLES = (Role.STAFF, Role.CLERK)
