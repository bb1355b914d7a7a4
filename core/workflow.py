"""Workflows as explicit state tables (DESIGN.md mechanism 4).

A model declares its states and the transitions between them once::

    card_workflow = Workflow(
        states={"applied": "已申请", "issued": "已发放"},
        initial="applied",
        transitions=[Transition("issue", "发放", source=["applied"], target="issued", roles=["staff"])],
    )

and `card_workflow.apply(obj, "issue", user=..., remark=...)` is the only way
to change the state: it checks the source state, the user's role and any
guard, saves the record, and writes a `TransitionLog` row (who, when, from, to,
remark).  A refused transition raises `TransitionNotAllowed` with a Chinese
message and changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


class TransitionNotAllowed(ValidationError):
    pass


@dataclass
class Transition:
    name: str
    label: str
    source: list
    target: str
    roles: list
    guard: object = None  # callable(obj, user) -> error message or None
    fields: dict = field(default_factory=dict)  # extra fields set on the record: {field: callable(obj, user)}
    remark_required: bool = False


class Workflow:
    def __init__(self, *, states, initial, transitions, field="status"):
        self.states = dict(states)
        self.initial = initial
        self.field = field
        self.transitions = {t.name: t for t in transitions}
        for t in transitions:
            unknown = {*t.source, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {unknown}")

    @property
    def choices(self):
        return list(self.states.items())

    def label(self, state):
        return self.states.get(state, state)

    def available(self, obj, user):
        """Transitions the user may make from the record's current state."""
        state = getattr(obj, self.field)
        return [t for t in self.transitions.values() if state in t.source and self._role_ok(t, user)]

    @staticmethod
    def _role_ok(transition, user):
        return bool(user and user.is_authenticated and user.does_casework and user.role in transition.roles)

    def check(self, obj, name, user, remark="", *, by_rule=False):
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionNotAllowed(_("未知的操作。"))
        state = getattr(obj, self.field)
        if state not in transition.source:
            raise TransitionNotAllowed(
                _("当前状态为“%(state)s”，不能执行“%(action)s”。") % {"state": self.label(state), "action": transition.label}
            )
        if not by_rule and not self._role_ok(transition, user):
            raise TransitionNotAllowed(_("您的角色无权执行“%(action)s”。") % {"action": transition.label})
        if transition.remark_required and not (remark or "").strip():
            raise TransitionNotAllowed(_("执行“%(action)s”须填写说明。") % {"action": transition.label})
        if transition.guard:
            message = transition.guard(obj, user)
            if message:
                raise TransitionNotAllowed(message)
        return transition

    def apply(self, obj, name, *, user, remark="", by_rule=False):
        """Make the transition.  `by_rule=True` is for services that apply a rule (a card is
        cancelled when its holder dies): the role check is skipped, the state check is not."""
        from core.models import TransitionLog

        with transaction.atomic():
            # Re-read the row under lock so two clerks cannot both move it.
            locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
            transition = self.check(locked, name, user, remark, by_rule=by_rule)
            source = getattr(locked, self.field)
            setattr(locked, self.field, transition.target)
            for attr, compute in transition.fields.items():
                setattr(locked, attr, compute(locked, user))
            locked._change_reason = f"{transition.label}: {remark}".strip(": ")
            locked.save()
            TransitionLog.objects.create(
                target=locked,
                name=transition.name,
                source=source,
                destination=transition.target,
                user=user,
                remark=remark or "",
            )
        for attr in [self.field, *transition.fields]:
            setattr(obj, attr, getattr(locked, attr))
        return obj

    def log(self, obj):
        from django.contrib.contenttypes.models import ContentType

        from core.models import TransitionLog

        return TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        ).select_related("user")
