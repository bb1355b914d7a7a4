"""The events of a veteran's life that other apps hang their records off (core.hooks), and this app's
own handlers of them."""

from django.utils.translation import gettext as _

from core import hooks
from veterans.models import PreferentialCard

DEATH = hooks.declare("veterans.death", "登记去世", ("veteran", "user", "death_date"))
MOVE = hooks.declare("veterans.move", "迁移户籍", ("veteran", "user", "move", "from_area_id"))
MOVE_OUT = hooks.declare("veterans.move_out", "迁出本地", ("veteran", "user", "move"))


@hooks.on(DEATH.name)
def cancel_card(*, veteran, user, **kwargs):
    """A card still in use is cancelled when its holder dies."""
    card = PreferentialCard.objects.filter(veteran=veteran).exclude(status="cancelled").first()
    if card is not None:
        card.workflow.apply(card, "cancel", user=user, remark=_("持证人去世，注销"), by_rule=True)
