"""What the apps contribute to core (DESIGN.md mechanism 7), found by core, never imported by name.

At start-up core imports, for every app of this project, whichever of the modules in
`APP_MODULES` it has (core.apps).  They register themselves: pages with core.registry, figures
and summary sections with core.indicators, timeline entries and hooks with whatever app offers
them, and the steps of core's two data commands here::

    from core.contrib import demo_step

    @demo_step(after=("stations",))
    def load_veterans(ctx):          # ctx: core.demo.DemoContext
        ...

`load_demo` runs every demo step and `generate_scale` every scale step (ctx: core.scale.ScaleContext),
an app's steps after those of the apps it names in `after` (apps without steps are passed over),
otherwise in INSTALLED_APPS order, and one app's in the order they were registered.  A scale step
may bring its own command-line options: `@scale_step(arguments=add_arguments)`, where
add_arguments(parser) adds them.
"""

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The modules of an app that core imports at start-up (a missing one is fine).
APP_MODULES = ("views", "indicators", "timeline", "demo", "scale", "hooks")


def project_apps():
    """The app configs of this project (not Django's or third parties')."""
    base = Path(settings.BASE_DIR).resolve()
    return [c for c in apps.get_app_configs() if Path(c.path).resolve().parent == base]


def discover(modules=APP_MODULES):
    """Import `<app>.<module>` for every project app that has one, apps in INSTALLED_APPS order."""
    for config in project_apps():
        for module in modules:
            name = f"{config.name}.{module}"
            if importlib.util.find_spec(name) is not None:
                importlib.import_module(name)


@dataclass(frozen=True)
class Step:
    app: str  # the label of the app that registered it
    func: object
    after: tuple  # labels of the apps whose steps run first
    arguments: object = None  # callable(parser), for the command's options

    @property
    def name(self):
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def __call__(self, ctx):
        return self.func(ctx)


def _app_of(module):
    config = apps.get_containing_app_config(module)
    return config.label if config else module.split(".")[0]


class Steps:
    """The registered steps of one command, ordered by their apps' dependencies."""

    def __init__(self, kind):
        self.kind = kind
        self._steps = {}  # name -> Step; a reloaded module replaces its own steps

    def register(self, func=None, *, after=(), arguments=None):
        """Decorator (bare or with arguments); returns the function unchanged."""

        def decorate(f):
            step = Step(_app_of(f.__module__), f, tuple(after), arguments)
            self._steps[step.name] = step
            return f

        return decorate(func) if func is not None else decorate

    def all(self):
        return list(self._steps.values())

    def ordered(self, only=None):
        """The steps in the order to run them; `only`: run just these apps' steps (labels)."""
        steps = [s for s in self._steps.values() if only is None or s.app in only]
        installed = [c.label for c in apps.get_app_configs()]
        labels = sorted({s.app for s in steps},
                        key=lambda label: installed.index(label) if label in installed else len(installed))
        needs = {label: {a for s in steps if s.app == label for a in s.after} & set(labels) for label in labels}
        done, order = set(), []
        while labels:
            ready = next((label for label in labels if needs[label] <= done), None)
            if ready is None:
                raise ImproperlyConfigured(f"{self.kind} steps wait on each other: {', '.join(labels)}")
            labels.remove(ready)
            done.add(ready)
            order += [s for s in steps if s.app == ready]
        return order


demo_steps = Steps("demo")
scale_steps = Steps("scale")
demo_step = demo_steps.register
scale_step = scale_steps.register
