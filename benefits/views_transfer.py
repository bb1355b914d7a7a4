"""Pages of 抚恤关系转移: the list and the detail, seen by both counties; the receiving county's staff
accept or return a transfer on its page (the workflow's buttons), the old county's staff hand a
returned one over again."""

from django.utils.translation import gettext_lazy as _

from benefits.models_transfer import BenefitTransfer
from core.generic import ModelViews, RelatedBlock
from core.models import code_range
from core.registry import register, registry
from core.roles import Role


@register
class BenefitTransferViews(ModelViews):
    """Both sides see a transfer: the receiving county (its area inside theirs) and the old one (its
    from_area inside theirs); anybody else gets a 404."""

    model = BenefitTransfer
    ledger = False
    actions = ("list", "detail")
    list_display = ["moved_on", "veteran", "family_member", "from_area", "area", "pays_through", "pays_from", "status"]  # 迁移日期 opens the row
    list_filter = ["status"]
    search_fields = ["veteran__name", "family_member__name"]
    date_filter = "moved_on"
    list_select_related = ("veteran", "family_member", "from_area", "area")
    write_roles = (Role.STAFF,)
    section = "benefits"
    nav_label = _("抚恤关系转移")
    detail_fieldsets = [
        (None, ["veteran", "family_member", "transferred_entitlements", "moved_on", "from_area", "area", "status"]),
        (_("发放衔接"), ["rule", "pays_through", "pays_from"]),
        (_("办理"), ["decided_on", "decided_by", "return_reason", "note", "created_at"]),
    ]

    # the workflow's buttons only for the side that may press them (accept and return: the receiving county;
    # hand over again: the old one); the other side sees the state and the log
    workflow_guarded = True

    @classmethod
    def scope(cls, user):
        receiving = BenefitTransfer.objects.visible_to(user)
        if not (getattr(user, "does_casework", False) and user.area_id):
            return receiving
        return receiving | BenefitTransfer.objects.filter(**code_range("from_area", user.area_id))


# On the entitlement's page (seen by the county that holds it now): the transfers that carried it.
registry.extend_detail("benefits.entitlement", RelatedBlock(
    _("抚恤关系转移"), "transfers", select_related=("veteran", "family_member", "from_area", "area"), order=60))
