"""What the 优抚 app does when something happens to a veteran (core.hooks): a death or a move out of
the system ends the entitlements the veteran holds in person, inside the same transaction.

A move to another county inside the system hands the entitlements over (抚恤关系转移,
benefits.services_transfer), inside the move's transaction.

The funeral grant (丧葬补助) a 三属 recipient's death adds comes with the payment batches (issue 12, later part)."""

from django.utils.translation import gettext as _

from benefits.models import EndReason
from benefits.services import end_veteran_own
from benefits.services_transfer import transfers_for_move
from core import hooks


@hooks.on("veterans.death")
def end_at_death(*, veteran, user, death_date, **kwargs):
    end_veteran_own(veteran, user, death_date, EndReason.DEATH, _("本人去世，资格终止"))


@hooks.on("veterans.move_out")
def end_at_move_out(*, veteran, user, move, **kwargs):
    end_veteran_own(veteran, user, move.moved_on, EndReason.MOVED, _("迁出本地，资格终止"))


@hooks.on("veterans.move")
def transfer_on_move(*, veteran, user, move, from_area_id, **kwargs):
    transfers_for_move(veteran=veteran, user=user, move=move, from_area_id=from_area_id)
