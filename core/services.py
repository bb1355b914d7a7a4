"""The one write path of case records (DESIGN.md mechanism 3).

Pages, ledger imports and object actions all write through these three
functions, so that a rule an app declares is kept by every way in::

    record = record_create(model=Veteran, data=form.cleaned_data, user=request.user)
    record_update(instance=record, data={"phone": "13912345678"}, user=request.user)
    record_delete(instance=record, user=request.user)

`data` holds Python values (a form's cleaned_data, a parsed row), by field name.
A model overrides a step by declaring it on its ModelViews::

    class EntitlementViews(ModelViews):
        create_service = staticmethod(entitlement_create)   # (*, model, data, user) -> record
        update_service = ...                                  # (*, instance, data, user) -> record
        delete_service = ...                                  # (*, instance, user) -> None
        bulk_create_service = ...                             # (*, model, instances, user, reason) -> None

and may call `save_new`, `save_changes` and `delete` below for the plain part.
Whatever the step, the dispatcher runs it in a transaction and then checks that
the written row is still one the user may see (NetBox's check): a clerk cannot
create or move a record, or a child of a record, outside their area by a form,
an import or an edited hidden field.  A refused write raises ValidationError
with a Chinese message and leaves nothing behind.

A ledger import writes its validated rows with `records_bulk_create` and
`record_update`.  A model that declares a create_service but no
bulk_create_service is imported row by row through its create_service: the bulk
path is only taken where it applies the same rules.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.registry import registry
from core.signals import records_changed

OUTSIDE_AREA = _("保存后的记录不在您的管辖范围内，未保存。请检查所属区划或上级记录。")


def _declared(model, name):
    viewset = registry.for_model(model)
    return getattr(viewset, name, None) if viewset is not None else None


def scope(model, user):
    """The records of `model` that `user` may see: its ModelViews' scope, which every page starts from."""
    viewset = registry.for_model(model)
    if viewset is not None:
        return viewset.scope(user)
    manager = model._default_manager
    return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()


def visible_pks(model, user, pks):
    """The pks among `pks` that `user` may see."""
    visible = set()
    pks = list(pks)
    for start in range(0, len(pks), 2000):
        visible.update(scope(model, user).filter(pk__in=pks[start:start + 2000]).values_list("pk", flat=True))
    return visible


def ensure_visible(instance, user):
    """Refuse (roll back) a write whose row the user could not see afterwards."""
    if instance.pk not in visible_pks(type(instance), user, [instance.pk]):
        raise ValidationError(OUTSIDE_AREA)


def check_parents(model, values, user):
    """Refuse records linked to a record the user may not see: {field name: related pk or record}.
    The area path is the after-write check's; this covers every other link (a volunteer's veteran)."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        related = field.related_model
        if value in (None, "") or not hasattr(related._default_manager, "visible_to"):
            continue
        pk = value.pk if isinstance(value, models.Model) else value
        if pk not in visible_pks(related, user, [pk]):
            raise ValidationError({name: _("所选记录不存在或不在您的管辖范围内。")})


def links(model, data, instance=None):
    """The links to other records among `data`; for an update, only those it changes."""
    found = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or field.auto_created or not (field.many_to_one or field.one_to_one):
            continue
        pk = value.pk if isinstance(value, models.Model) else value
        if instance is not None and getattr(instance, field.attname) == pk and not instance._state.adding:
            continue
        found[name] = pk
    return found


def assign(instance, data):
    """Set the model fields named in `data`; many-to-many values are returned to set after the save."""
    meta = instance._meta
    later = {}
    for name, value in data.items():
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # a form-only value (a confirmation box, say)
            continue
        if field.many_to_many:
            later[name] = value
        elif field.concrete and not field.auto_created and not isinstance(field, models.AutoField):
            setattr(instance, field.attname if field.is_relation and not isinstance(value, models.Model) else name, value)
    return later


def validate(instance):
    """The model's own rules; fields the code sets itself (editable=False) are left to it."""
    exclude = {field.name for field in instance._meta.fields if not field.editable}
    instance.full_clean(exclude=exclude)


def save(instance, user, reason, later=None):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    for name, value in (later or {}).items():
        getattr(instance, name).set(value)
    return instance


def save_new(*, model, data, user, reason=""):
    """The plain create: validate, save, history with the user."""
    instance = model()
    later = assign(instance, data)
    validate(instance)
    return save(instance, user, reason, later)


def save_changes(*, instance, data, user, reason=""):
    """The plain update."""
    later = assign(instance, data)
    validate(instance)
    return save(instance, user, reason, later)


def delete(*, instance, user):
    instance._history_user = user
    instance.delete()


def record_create(*, model, data, user):
    service = _declared(model, "create_service")
    check_parents(model, links(model, data), user)
    with transaction.atomic():
        instance = service(model=model, data=data, user=user) if service else save_new(model=model, data=data, user=user)
        ensure_visible(instance, user)
    return instance


def record_update(*, instance, data, user, reason=""):
    """Update a record the user may see, leaving it one they may see."""
    if instance.pk not in visible_pks(type(instance), user, [instance.pk]):
        raise ValidationError(_("该记录不存在或不在您的管辖范围内。"))
    stored = type(instance)._base_manager.get(pk=instance.pk)  # the form may have set the new values on instance
    check_parents(type(instance), links(type(instance), data, stored), user)
    service = _declared(type(instance), "update_service")
    with transaction.atomic():
        if service:
            instance = service(instance=instance, data=data, user=user)
        else:
            instance = save_changes(instance=instance, data=data, user=user, reason=reason)
        ensure_visible(instance, user)
    return instance


def record_delete(*, instance, user):
    if instance.pk not in visible_pks(type(instance), user, [instance.pk]):
        raise ValidationError(_("该记录不存在或不在您的管辖范围内。"))
    service = _declared(type(instance), "delete_service")
    with transaction.atomic():
        (service or delete)(instance=instance, user=user)


def bulk_insert(*, model, instances, user, reason):
    """The plain bulk create of validated, unsaved instances (with their history rows)."""
    from simple_history.utils import bulk_create_with_history

    if hasattr(model, "history"):
        bulk_create_with_history(instances, model, batch_size=1000, default_user=user, default_change_reason=reason)
    else:
        model._default_manager.bulk_create(instances, batch_size=1000)


def _check_links(model, instances, user):
    """Every link of every row to a scoped record is one the user may see: one query per linked model
    and 2,000 rows."""
    for field in model._meta.concrete_fields:
        if not field.is_relation or not hasattr(field.related_model._default_manager, "visible_to"):
            continue
        pks = {getattr(obj, field.attname) for obj in instances} - {None}
        if len(visible_pks(field.related_model, user, pks)) != len(pks):
            raise ValidationError(_("导入的记录关联了不在您管辖范围内的记录，未导入。"))


def _check_written(model, instances, user):
    pks = [obj.pk for obj in instances]
    if None in pks:  # a database that returns no keys from a bulk insert: the rows cannot be checked
        raise ValidationError(_("无法核对导入记录的管辖范围，未导入。"))
    if len(visible_pks(model, user, pks)) != len(set(pks)):
        raise ValidationError(OUTSIDE_AREA)


def _data_of(instance):
    return {f.name: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            if f.editable and not f.auto_created and not f.primary_key}


def records_bulk_create(*, model, instances, user, reason="台账导入"):
    """Create many validated records at once (a ledger import), all or none.

    The model's declared bulk_create_service, else -- when it declares a create_service -- that
    service row by row, else one bulk insert.  Every link must be one the user may see, and every
    new row one they see afterwards."""
    if not instances:
        return []
    bulk = _declared(model, "bulk_create_service")
    single = _declared(model, "create_service")
    _check_links(model, instances, user)
    with transaction.atomic():
        if bulk:
            bulk(model=model, instances=instances, user=user, reason=reason)
        elif single:
            instances = [single(model=model, data=_data_of(obj), user=user) for obj in instances]
        else:
            bulk_insert(model=model, instances=instances, user=user, reason=reason)
        _check_written(model, instances, user)
        transaction.on_commit(lambda: records_changed.send(sender=model))
    return instances


def records_bulk_update(*, model, instances, user, reason="台账导入"):
    """Save many validated changes of records the user may see (a ledger import), all or none: through
    the model's update_service row by row where it declares one, else saved as they are, with the
    same checks of links and of the rows afterwards."""
    if not instances:
        return []
    single = _declared(model, "update_service")
    with transaction.atomic():
        if single:
            return [record_update(instance=obj, data=_data_of(obj), user=user, reason=reason) for obj in instances]
        _check_links(model, instances, user)
        for obj in instances:
            save(obj, user, reason)
        _check_written(model, instances, user)
    return instances
