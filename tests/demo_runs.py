"""Loading the demo county in tests: `load_demo_twice` runs `load_demo` for some apps twice and checks what
every app's demo test checks first, that the second run creates nothing and changes nothing."""

import re
from io import StringIO

from django.core.management import call_command


def load_demo(apps):
    """Run `load_demo --force` for `apps` (without DEMO_PASSWORD in the environment) and return its report."""
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, apps=list(apps))
    return out.getvalue()


def load_demo_twice(monkeypatch, apps, snapshot, *markers):
    """Load the demo of `apps`; its report names each of `markers` (e.g. "优抚对象资格："); a second run reports
    nothing new and leaves `snapshot()` (row counts and the like) as the first left it.  Returns the first report."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = load_demo(apps)
    for marker in markers:
        assert marker in first, first
    before = snapshot()
    second = load_demo(apps)
    assert re.search(r"本次新建 0 条", second), second
    assert snapshot() == before
    return first
