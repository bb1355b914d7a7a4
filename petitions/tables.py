import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import CaseTable
from petitions.fields import mask_name
from petitions.models import OPEN_STATES, Petition, Petitioner, Referral


def days_left_html(petition, today=None):
    """剩5天 / 今日到期 / 超期3天 (in red) for an open petition; — otherwise."""
    if petition.status not in OPEN_STATES or petition.due_on is None:
        return "—"
    left = petition.days_left(today)
    if left < 0:
        return format_html('<span class="text-danger fw-bold">超期{}天</span>', -left)
    if left == 0:
        return format_html('<span class="text-danger">今日到期</span>')
    return format_html('<span class="{}">剩{}天</span>', "text-warning-emphasis" if left <= 5 else "", left)


class PetitionTable(CaseTable):
    received_on = tables.Column(linkify=True)
    petitioners = tables.Column(verbose_name=_("信访人"), empty_values=(), orderable=False)
    collective = tables.Column(verbose_name=_("集体访"))
    days_left = tables.Column(verbose_name=_("办理时限"), empty_values=(), order_by=("due_on",))

    class Meta(CaseTable.Meta):
        model = Petition
        fields = ("received_on", "number", "channel", "petitioners", "people", "collective", "category", "area", "status",
                  "days_left", "outcome")

    def render_petitioners(self, record):
        # names masked for every role in lists (the whole name is revealed on the petitioner's page)
        people = list(record.petitioner_set.all())
        if not people:
            return "—"
        first = mask_name(people[0].name)
        return first if len(people) == 1 else f"{first}等{len(people)}人"

    def render_collective(self, value):
        return format_html('<span class="badge text-bg-danger">集体访</span>') if value else ""

    def render_days_left(self, record):
        return days_left_html(record)


class PetitionerTable(CaseTable):
    name = tables.Column(linkify=True)
    # whether the person is in the registry, not who: the veteran's name would tell the masked one
    in_registry = tables.Column(verbose_name=_("在册退役军人"), empty_values=(), orderable=False)

    class Meta(CaseTable.Meta):
        model = Petitioner
        fields = ("name", "phone", "relation", "in_registry", "petition")

    def render_name(self, value):
        return mask_name(value)

    def render_in_registry(self, record):
        return _("是") if record.veteran_id else _("否")


class ReferralTable(CaseTable):
    referred_on = tables.Column(linkify=True)

    class Meta(CaseTable.Meta):
        model = Referral
        fields = ("referred_on", "kind", "organisation", "status", "finished_on", "result", "petition")
