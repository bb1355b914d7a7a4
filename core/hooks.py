"""Hooks: what other apps do when something happens to a record of this one (DESIGN.md mechanism 3).

The app that owns the event declares it, with the arguments its handlers get::

    DEATH = hooks.declare("veterans.death", "登记去世", ("veteran", "user", "death_date"))

its service runs it inside the write's transaction::

    hooks.run(DEATH, veteran=veteran, user=user, death_date=death_date)

and any app's hooks.py (discovered at start-up) handles it::

    @hooks.on("veterans.death")
    def stop_payments(*, veteran, user, death_date, **kwargs):
        ...

A handler refuses the whole write by raising ValidationError with a Chinese
message: the service's transaction rolls back and nothing changes.  Handlers
run in the order of their `order` (then of registration); they take **kwargs so
that an event may gain arguments.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    label: str
    arguments: tuple


_events = {}
_handlers = {}


def declare(name, label, arguments):
    event = Event(name, label, tuple(arguments))
    _events[name] = event
    _handlers.setdefault(name, [])
    return event


def on(name, *, order=100):
    """Register the decorated function as a handler of event `name` (declared or declared later)."""

    def register(func):
        handlers = _handlers.setdefault(name, [])
        if all(existing is not func for _order, existing in handlers):
            handlers.append((order, func))
            handlers.sort(key=lambda pair: pair[0])
        return func

    return register


def run(event, **arguments):
    """Call every handler of `event`; a ValidationError from one stops the rest and the write."""
    name = event.name if isinstance(event, Event) else event
    declared = _events.get(name)
    if declared is None:
        raise LookupError(f"hook event {name!r} is not declared")
    missing = set(declared.arguments) - set(arguments)
    if missing:
        raise TypeError(f"hook event {name!r} run without {sorted(missing)}")
    for _order, handler in _handlers.get(name, []):
        handler(**arguments)


def handlers(name):
    return [func for _order, func in _handlers.get(name, [])]


def events():
    return dict(_events)


def unknown_handlers():
    """Event names that have handlers but were never declared (a misspelt name): for the system checks."""
    return sorted(name for name, registered in _handlers.items() if registered and name not in _events)
