"""Core is the platform only: it imports no domain app, and finds the apps' contributions itself."""

import ast
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core import contrib

ROOT = Path(__file__).resolve().parents[2]
# The apps built on core.  reports is one too: it consumes indicators, and core never imports it.
DOMAIN_APPS = {"veterans", "stations", "benefits", "placement", "honors", "support_army", "petitions", "reports"}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                yield node.args[0].value


def test_core_imports_no_domain_app():
    files = sorted((ROOT / "core").rglob("*.py"))
    assert len(files) > 30
    offenders = [(str(path.relative_to(ROOT)), module) for path in files for module in imported_modules(path)
                 if module.split(".")[0] in DOMAIN_APPS]
    assert offenders == []


def test_the_walk_sees_an_import_of_a_domain_app(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom veterans.models import Veteran\n\ndef f():\n    import reports.compose\n")
    assert [m for m in imported_modules(sample) if m.split(".")[0] in DOMAIN_APPS] == ["veterans.models", "reports.compose"]


def test_every_apps_modules_are_discovered():
    assert contrib.APP_MODULES == ("views", "indicators", "timeline", "demo", "scale", "hooks")
    labels = {config.label for config in contrib.project_apps()}
    assert {"core", "stations", "veterans", "reports"} <= labels
    for name in ("stations.views", "stations.indicators", "stations.demo", "stations.scale", "veterans.views",
                 "veterans.indicators", "veterans.timeline", "veterans.demo", "veterans.scale"):
        assert name in sys.modules, name
    assert {step.app for step in contrib.demo_steps.all()} >= {"stations", "veterans"}
    assert {step.app for step in contrib.scale_steps.all()} >= {"stations", "veterans"}


def steps_of(*specs):
    """A Steps whose steps claim to come from the named apps: (app, name, after)."""
    steps = contrib.Steps("test")
    for app, name, after in specs:
        func = lambda ctx: None  # noqa: E731
        func.__module__, func.__qualname__ = f"{app}.demo", name
        steps.register(func, after=after)
    return steps


def names(steps, **kwargs):
    return [step.func.__qualname__ for step in steps.ordered(**kwargs)]


def test_steps_follow_their_dependencies_then_installed_apps():
    steps = steps_of(("veterans", "people", ("stations",)), ("reports", "runs", ()), ("veterans", "teams", ()),
                     ("stations", "stations", ("core",)), ("core", "areas", ()))
    # INSTALLED_APPS: core, stations, veterans, reports; veterans waits for stations anyway
    assert names(steps) == ["areas", "stations", "people", "teams", "runs"]
    steps = steps_of(("stations", "stations", ("veterans",)), ("veterans", "people", ()))
    assert names(steps) == ["people", "stations"]
    assert names(steps, only={"stations"}) == ["stations"]  # a dependency that is not run is passed over


def test_steps_waiting_on_each_other_are_refused():
    steps = steps_of(("stations", "a", ("veterans",)), ("veterans", "b", ("stations",)))
    with pytest.raises(ImproperlyConfigured, match="stations, veterans"):
        steps.ordered()


def test_a_reloaded_module_replaces_its_step():
    steps = steps_of(("stations", "a", ()), ("stations", "a", ("veterans",)))
    assert [step.after for step in steps.all()] == [("veterans",)]
