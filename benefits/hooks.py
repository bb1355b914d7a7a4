"""What the 优抚 app does when something happens to a veteran (core.hooks): a death or a move out of
the system ends the entitlements the veteran holds in person, inside the same transaction.

The funeral grant (丧葬补助) a 三属 recipient's death adds, and the transfer of a beneficiary to
another county (抚恤关系转移), come with the payment batches (issue 12, later part)."""

from django.utils.translation import gettext as _

from benefits.models import EndReason
from benefits.services import end_veteran_own
from core import hooks


@hooks.on("veterans.death")
def end_at_death(*, veteran, user, death_date, **kwargs):
    end_veteran_own(veteran, user, death_date, EndReason.DEATH, _("本人去世，资格终止"))


@hooks.on("veterans.move_out")
def end_at_move_out(*, veteran, user, move, **kwargs):
    end_veteran_own(veteran, user, move.moved_on, EndReason.MOVED, _("迁出本地，资格终止"))
