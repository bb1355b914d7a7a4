"""The roles of DOMAIN.md §1, with the administrator's duties separated as GB/T 22239 level 3 asks
(三员分立): 系统管理员 keeps accounts and areas, 安全管理员 grants roles and unlocks accounts,
审计员 reads the logs.  A role is one value, so no account holds two of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("局领导")
    STAFF = "staff", _("局机关")
    CLERK = "clerk", _("服务站")
    AUDITOR = "auditor", _("审计员")
    ADMIN = "admin", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    PENDING = "pending", _("待授权")


CASEWORK_ROLES = (Role.LEADER, Role.STAFF, Role.CLERK)
WRITE_ROLES = (Role.STAFF, Role.CLERK)
