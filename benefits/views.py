from django.utils.translation import gettext_lazy as _

from benefits import forms, ledgers, services
from benefits.models import Entitlement, EntitlementStatus, SubsidyStandard
from core.generic import ModelViews, ObjectAction, Panel, RelatedBlock
from core.registry import register, registry
from core.roles import Role


def active(entitlement):
    return entitlement.status == EntitlementStatus.ACTIVE


def person_flags(request, entitlement):
    flags = services.person_flags(entitlement)
    return {"flags": [(entitlement.beneficiary_name, pair, check) for pair, check in flags]} if flags else None


def veteran_flags(request, veteran):
    flags = services.veteran_flags(veteran)
    return {"flags": flags} if flags else None


@register
class EntitlementViews(ModelViews):
    model = Entitlement
    form_class = forms.EntitlementForm
    ledger = ledgers.entitlement_ledger
    list_display = ["veteran", "family_member", "category", "disability_grade", "disability_cause", "approved_on",
                    "pays_from", "status"]
    list_filter = ["category", "disability_cause", "household", "status"]
    search_fields = ["veteran__name", "family_member__name", "certificate_number", "bank_account"]
    date_filter = "approved_on"
    section = "benefits"
    detail_fieldsets = [
        (_("享受人"), ["veteran", "family_member", "category", "household"]),
        (_("伤残情况"), ["disability_grade", "disability_cause", "disabled_period"]),
        (_("认定与发放"), ["certificate_number", "certificate_date", "approved_on", "pays_from", "approval_document",
                        "bank_name", "bank_account"]),
        (_("状态"), ["status", "ended_on", "end_reason", "note"]),
    ]
    panels = (Panel(_("双重身份提示"), "benefits/_flags_panel.html", person_flags, order=10),)
    object_actions = (
        ObjectAction("end", _("终止资格"), forms.EndForm, services.entitlement_end, roles=[Role.STAFF], available=active,
                     help_text=_("去世由登记去世自动终止；取消资格、迁出等在此办理。")),
    )


@register
class SubsidyStandardViews(ModelViews):
    model = SubsidyStandard
    fields = ["area", "category", "disability_grade", "disability_cause", "household", "national_amount", "local_amount",
              "nursing_amount", "effective_from", "effective_to", "policy_document"]
    list_display = ["category", "disability_grade", "disability_cause", "household", "national_amount", "local_amount",
                    "nursing_amount", "annual_amount", "effective_from", "effective_to"]
    list_filter = ["category", "disability_cause", "household"]
    search_fields = ["policy_document"]
    date_filter = "effective_from"
    ledger_key = ["area", "category", "disability_grade", "disability_cause", "household", "effective_from"]
    section = "benefits"
    write_roles = (Role.STAFF,)  # the bureau's 优抚 staff keep the table; clerks read it


# On the veteran's page: the entitlements of the veteran and of the relatives, and the combinations to review.
registry.extend_detail("veterans.veteran", RelatedBlock(
    _("优抚对象资格"), "entitlements", add_url="benefits:entitlement_add", add_param="veteran",
    select_related=("veteran", "family_member"), order=40))
registry.extend_detail("veterans.veteran", Panel(_("双重身份提示"), "benefits/_flags_panel.html", veteran_flags, order=5))
from benefits import (  # noqa: E402 (each part's module registers itself)
    views_assist,  # noqa: E402,F401  (帮扶援助与经费)
    views_batches,  # noqa: E402,F401  (年度确认 and payment batches)
    views_payments,  # noqa: E402,F401  (the other payments' pages)
    views_scholarships,  # noqa: E402,F401  (烈士后裔助学金)
    views_transfer,  # noqa: E402,F401  (抚恤关系转移)
)
