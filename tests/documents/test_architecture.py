"""reintegratie/documents imports no feature app: each app registers its own letter kinds (issue 15).

An AST scan of every module in the package, including imports inside functions.
"""

import ast
from pathlib import Path

from django.conf import settings

FEATURE_APPS = ("clients", "intake", "trajecten", "klachten", "reintegratie.vacatures", "reintegratie.reports")


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_documents_package_imports_no_feature_app():
    root = Path(settings.BASE_DIR) / "reintegratie" / "documents"
    found = [
        (str(path.relative_to(root)), name)
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        for name in _imports(path)
        if any(name == app or name.startswith(app + ".") for app in FEATURE_APPS)
    ]
    assert found == []


def test_each_feature_app_registers_its_own_letter_kinds():
    from reintegratie.documents import letters

    owners = {spec.build.__module__.split(".")[0] for spec in letters.LETTERS.values()}
    assert owners == {"clients", "intake", "trajecten", "klachten"}
