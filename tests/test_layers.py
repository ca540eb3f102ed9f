"""The import contract of app/ (STYLE.md §1, issue 12 "one rulebook, one door"), checked on the source (AST).

- app/model and app/export import no Qt;
- app/model imports no app.export, app.ui or app.cli; app/export imports no app.ui or app.cli;
- app/ui never imports app.cli (the CLI may start the GUI, lazily, not the other way round);
- nobody imports another module's private name (``from app.x import _name``);
- app/ui does not reach around the Service to its store (``svc.store``, ``….service.store``) — see ALLOWED_STORE_USE.
"""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "app"

#: ``svc.store`` / ``….service.store`` uses in app/ui that exist today, per file. Issue 12 removes them (Service
#: methods for each are being added); the count may only go down, and a file not listed may have none.
ALLOWED_STORE_USE = {
    "ui/access_controller.py": 3,   # signing in and the device service: the Authenticator needs the store
    "ui/sync_status.py": 4,         # the sync engine works on the store (issue 11 puts it behind the Service)
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources(sub: str = ""):
    for path in sorted((ROOT / sub).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(path: Path, tree: ast.AST):
    """(line, imported module, names) for every import; relative imports resolved; ``from app import cli`` also
    counts as an import of ``app.cli``."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name, []
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            names = [a.name for a in node.names]
            yield node.lineno, module, names
            for n in names:
                yield node.lineno, f"{module}.{n}", []


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _forbidden_imports(sub: str, *prefixes: str) -> list[str]:
    return sorted({f"{path.relative_to(ROOT)}:{line} imports {module}"
                   for path, tree in _sources(sub) for line, module, _ in _imports(path, tree)
                   if _under(module, *prefixes)})


def test_model_and_export_are_qt_free():
    assert not _forbidden_imports("model", "PySide6", "PyQt6", "shiboken6", "app.ui")
    assert not _forbidden_imports("export", "PySide6", "PyQt6", "shiboken6", "app.ui")


def test_model_imports_no_export_ui_or_cli():
    assert not _forbidden_imports("model", "app.export", "app.ui", "app.cli")


def test_export_imports_no_ui_or_cli():
    assert not _forbidden_imports("export", "app.ui", "app.cli")


def test_the_gui_never_imports_the_cli():
    assert not _forbidden_imports("ui", "app.cli")


def test_no_private_names_imported_across_modules():
    offenders = [f"{path.relative_to(ROOT)}:{line} from {module} import {name}"
                 for path, tree in _sources() for line, module, names in _imports(path, tree)
                 for name in names if name.startswith("_") and not name.startswith("__")]
    assert not offenders, offenders


def _store_uses(tree: ast.AST) -> list[int]:
    """Lines of ``svc.store``, ``service.store``, ``x.service.store``, ``x.device_service.store`` …"""
    def service_like(node) -> bool:
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
        return name == "svc" or name.endswith("service") or name.endswith("_svc")
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr == "store" and service_like(n.value)]


def test_ui_uses_the_service_not_its_store():
    found = Counter()
    for path, tree in _sources("ui"):
        found[path.relative_to(ROOT).as_posix()] += len(_store_uses(tree))
    found = +found
    grown = {f: n for f, n in found.items() if n > ALLOWED_STORE_USE.get(f, 0)}
    assert not grown, f"new svc.store / .service.store use in app/ui (call a Service method instead): {grown}"
    shrunk = {f: (n, found.get(f, 0)) for f, n in ALLOWED_STORE_USE.items() if found.get(f, 0) < n}
    assert not shrunk, f"fewer store uses than allowed — lower ALLOWED_STORE_USE to match: {shrunk}"
