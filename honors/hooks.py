"""A veteran's move and death reach the household's honour plaque (core.hooks)."""

from core import hooks
from honors import services


@hooks.on("veterans.move")
def plaque_moves(*, veteran, user, **kwargs):
    services.plaque_follow_move(veteran=veteran, user=user)


@hooks.on("veterans.move_out")
def plaque_moves_out(*, veteran, user, **kwargs):
    services.plaque_retire(veteran=veteran, user=user)


@hooks.on("veterans.death")
def plaque_after_death(*, veteran, user, **kwargs):
    services.plaque_retire(veteran=veteran, user=user)
