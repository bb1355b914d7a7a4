"""Workflows as explicit state tables (DESIGN.md mechanism 4).

A model declares its states and the transitions between them once::

    card_workflow = Workflow(
        states={"applied": "已申请", "issued": "已发放"},
        initial="applied",
        transitions=[Transition("issue", "发放", source=["applied"], target="issued", roles=["staff"])],
    )

and the model's state field comes from it, choices and initial state not repeated::

    status = card_workflow.field(_("状态"))    # also sets PreferentialCard.workflow

`card_workflow.apply(obj, "issue", user=..., remark=...)` is the only way
to change the state: it checks the source state, the user's role and any
guard, saves the record, and writes a `TransitionLog` row (who, when, from, to,
remark).  A refused transition raises `TransitionNotAllowed` with a Chinese
message and changes nothing.  A transition's `effect` does the rest of its work
(a move, a payment) in the same transaction: a ValidationError it raises undoes
the transition too.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TransitionLog(models.Model):
    """One workflow transition: who moved which record from what state to what, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    target = GenericForeignKey("content_type", "object_id")
    name = models.CharField(gettext_lazy("操作"), max_length=40)
    source = models.CharField(gettext_lazy("原状态"), max_length=40)
    destination = models.CharField(gettext_lazy("新状态"), max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("操作人"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(gettext_lazy("时间"), default=timezone.now, editable=False)  # a demo's past steps keep their day
    remark = models.TextField(gettext_lazy("备注"), blank=True)

    class Meta:
        app_label = "core"
        verbose_name = gettext_lazy("流程记录")
        verbose_name_plural = gettext_lazy("流程记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="transition_target")]

    def __str__(self):
        return f"{self.source} → {self.destination}"


class WorkflowField(models.CharField):
    """The state field of a model, made by `Workflow.field()`: its choices and default are the
    workflow's, it is set only by transitions (not editable), and it tells the model its workflow.
    In migrations it is a plain CharField."""

    def __init__(self, *args, workflow=None, **kwargs):
        self.workflow = workflow
        if workflow is not None:
            kwargs.setdefault("choices", workflow.choices)
            kwargs.setdefault("default", workflow.initial)
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if self.workflow is not None:
            if self.workflow.field_name not in (None, name):
                raise ValueError(f"workflow already bound to field {self.workflow.field_name!r}")
            self.workflow.field_name = name
            cls.workflow = self.workflow


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
    effect: object = None  # callable(obj, user, remark): more work of the transition, in its transaction


class Workflow:
    def __init__(self, *, states, initial, transitions):
        self.states = dict(states)
        self.initial = initial
        self.field_name = None  # the name of the model field made by field()
        self.transitions = {t.name: t for t in transitions}
        for t in transitions:
            unknown = {*t.source, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"transition {t.name} names unknown states {unknown}")

    def field(self, verbose_name, **kwargs):
        """The model's state field."""
        return WorkflowField(verbose_name, workflow=self, **kwargs)

    @property
    def choices(self):
        return list(self.states.items())

    def label(self, state):
        return self.states.get(state, state)

    def available(self, obj, user):
        """Transitions the user may make from the record's current state."""
        state = getattr(obj, self.field_name)
        return [t for t in self.transitions.values() if state in t.source and self._role_ok(t, user)]

    @staticmethod
    def _role_ok(transition, user):
        return bool(user and user.is_authenticated and user.does_casework and user.role in transition.roles)

    def check(self, obj, name, user, remark="", *, by_rule=False):
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionNotAllowed(_("未知的操作。"))
        state = getattr(obj, self.field_name)
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
        with transaction.atomic():
            # Re-read the row under lock so two clerks cannot both move it.
            locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
            transition = self.check(locked, name, user, remark, by_rule=by_rule)
            source = getattr(locked, self.field_name)
            setattr(locked, self.field_name, transition.target)
            for attr, compute in transition.fields.items():
                setattr(locked, attr, compute(locked, user))
            locked._change_reason = f"{transition.label}: {remark}".strip(": ")
            locked.save()
            if transition.effect:
                transition.effect(locked, user, remark or "")
            TransitionLog.objects.create(
                target=locked,
                name=transition.name,
                source=source,
                destination=transition.target,
                user=user,
                remark=remark or "",
            )
        for attr in [self.field_name, *transition.fields]:
            setattr(obj, attr, getattr(locked, attr))
        return obj

    def log(self, obj):
        return TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        ).select_related("user")
