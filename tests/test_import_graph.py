"""The project's modules import each other without circles, and no function hides an import of a
project module (an import inside a function guards a circle, or nothing)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "core", "veterans", "stations", "benefits", "placement", "honors", "support_army", "petitions",
            "reports")


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).is_dir() else ():
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            yield name, path


def project_imports(tree, known):
    """(imported module, inside a function?) for every import of a project module."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                targets = [f"{child.module}.{alias.name}" for alias in child.names] + [child.module]
                target = next((t for t in targets if t in known), None)
                if target:
                    found.append((target, nested))
            elif isinstance(child, ast.Import):
                found.extend((alias.name, nested) for alias in child.names if alias.name in known)
            visit(child, nested)

    visit(tree, False)
    return found


def graph():
    known = dict(modules())
    edges, hidden = {}, []
    for name, path in known.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for target, in_function in project_imports(tree, known):
            if in_function and not name.endswith(".apps"):  # AppConfig.ready() loads signal and check modules
                hidden.append(f"{name} -> {target}")
            elif target != name:
                edges.setdefault(name, set()).add(target)
    return edges, hidden


def test_no_function_level_imports_of_project_modules():
    _edges, hidden = graph()
    assert hidden == []


def test_no_import_circles():
    edges, _hidden = graph()
    cycles, state = [], {}

    def walk(node, stack):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                walk(target, [*stack, target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            walk(start, [start])
    assert cycles == []
