"""The apps import each other in one direction only (issue 15).

``clients`` is the core the feature apps build on: it imports none of them (they add to its pages
through ``clients/registry.py``). And no two apps import each other, directly or round a longer
circle. An AST scan of every module (also imports inside functions), no import is executed.

Nodes: the top-level apps (clients, intake, klachten, trajecten), each package under
``reintegratie/`` (accounts, audit, documents, …, demo) and each module directly in ``reintegratie/``
(dates, werkdagen, urls, views, …). The composition root (``reintegratie/urls.py``, ``views.py``,
``settings.py``, ``celery.py``, ``reintegratie/demo``) may import every app; no app imports it back.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TOP_APPS = ("clients", "intake", "klachten", "trajecten")
FEATURE_APPS = ("intake", "klachten", "trajecten", "reintegratie.vacatures")

#: Cycles that are known and accepted, each with its reason. Empty: every circle was cut.
ALLOWED_CYCLES: list[tuple[str, ...]] = []


def _nodes():
    """Every node of the graph: (name, the files in it)."""
    nodes = {name: (ROOT / name).rglob("*.py") for name in TOP_APPS}
    for path in sorted((ROOT / "reintegratie").iterdir()):
        if path.is_dir() and (path / "__init__.py").exists():
            nodes[f"reintegratie.{path.name}"] = path.rglob("*.py")
        elif path.suffix == ".py" and path.name != "__init__.py":
            nodes[f"reintegratie.{path.stem}"] = [path]
    nodes["reintegratie"] = [ROOT / "reintegratie" / "__init__.py"]
    return {name: [p for p in files if "migrations" not in p.parts] for name, files in nodes.items()}


def _module_of(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported_modules(path):
    """The absolute names of every module this file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_of(path) if path.name == "__init__.py" else _module_of(path)[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield module, node.lineno
            # ``from reintegratie import werkdagen`` imports the module reintegratie.werkdagen.
            for alias in node.names:
                yield f"{module}.{alias.name}", node.lineno


def _node_of(module, names):
    best = None
    for name in names:
        if (module == name or module.startswith(name + ".")) and (best is None or len(name) > len(best)):
            best = name
    return best


def import_graph():
    """``{app: {imported app: ["path:line", …]}}`` between the nodes."""
    nodes = _nodes()
    graph = {name: {} for name in nodes}
    for name, files in nodes.items():
        for path in files:
            for module, line in _imported_modules(path):
                target = _node_of(module, nodes)
                if target is not None and target != name and not (target == "reintegratie" and module != target):
                    graph[name].setdefault(target, []).append(f"{path.relative_to(ROOT)}:{line}")
    return graph


def find_cycles(graph):
    """Every elementary cycle through the strongly connected parts, each as a tuple from its smallest node."""
    cycles = set()

    def walk(start, node, path, seen):
        for nxt in graph.get(node, {}):
            if nxt == start:
                cycles.add(tuple(path))
            elif nxt not in seen and nxt > start:
                walk(start, nxt, [*path, nxt], seen | {nxt})

    for start in sorted(graph):
        walk(start, start, [start], {start})
    return sorted(cycles)


def _describe(graph, cycle):
    steps = []
    for here, there in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
        steps.append(f"  {here} -> {there}: {', '.join(graph[here][there][:3])}")
    return " -> ".join((*cycle, cycle[0])) + "\n" + "\n".join(steps)


def test_clients_imports_no_feature_app():
    graph = import_graph()
    found = {app: where for app, where in graph["clients"].items() if app in FEATURE_APPS}
    assert found == {}, "clients imports a feature app (register through clients/registry.py instead):\n" + "\n".join(
        f"  clients -> {app}: {', '.join(where)}" for app, where in found.items()
    )


def test_no_import_cycle_between_apps():
    graph = import_graph()
    cycles = [c for c in find_cycles(graph) if c not in ALLOWED_CYCLES]
    assert cycles == [], "import cycles between apps:\n" + "\n".join(_describe(graph, c) for c in cycles[:20])


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    """The scan itself: function-local and relative imports count (a guard against a blind test)."""
    graph = import_graph()
    # klachten.selectors imports clients.selectors inside a function.
    assert any(where.startswith("klachten/selectors.py") for where in graph["klachten"]["clients"])
    # trajecten.apps imports the access policy inside ready().
    assert any(where.startswith("trajecten/apps.py") for where in graph["trajecten"]["reintegratie.accounts"])
    assert "clients" in graph["reintegratie.demo"]
    assert find_cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}) == [("a", "b", "c")]
