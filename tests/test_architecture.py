"""The layering of STYLE.md, checked on the source: Qt at the edge, a pure domain.

Imports are read with `ast`, so a comment or a string naming PySide6 does not count, and a
relative import (`from ..ui import x`) counts by the module it resolves to.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import songnuan_desktop

PACKAGE = Path(songnuan_desktop.__file__).parent
QT_MODULES = {"PySide6", "shiboken6"}
QT_ALLOWED = ("ui/", "workers/", "app.py")
OUTER_LAYERS = ("persistence", "services", "documents", "exchange", "workers", "ui", "app", "cli")


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["songnuan_desktop", *parts])


def imported_modules(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, the module being `module`."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:  # `from songnuan_desktop import ui` imports the module ui
                yield node.lineno, f"{name}.{alias.name}"


def _sources() -> list[tuple[str, str, str, bool]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "generated" in relative.parts:
            continue  # pyside6-uic output lives in ui/ anyway
        found.append((relative.as_posix(), _module_name(relative), path.read_text(encoding="utf-8"),
                      path.name == "__init__.py"))
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_scanner_sees_real_imports_only() -> None:
    source = (
        "# import PySide6\n"
        "'''from PySide6 import QtCore'''\n"
        "import os\n"
        "def f():\n"
        "    from PySide6.QtCore import QObject\n"
        "from ..ui import screens\n"
        "from . import money\n"
    )
    found = set(imported_modules(source, "songnuan_desktop.domain.ids"))
    assert (5, "PySide6.QtCore") in found
    assert (6, "songnuan_desktop.ui") in found
    assert (7, "songnuan_desktop.domain.money") in found
    assert not any(line in (1, 2) for line, _ in found)


def test_qt_is_imported_only_at_the_edge() -> None:
    offenders = [
        f"{relative}:{line} imports {name}"
        for relative, module, source, is_package in _sources()
        if not relative.startswith(QT_ALLOWED)
        for line, name in imported_modules(source, module, is_package)
        if _top(name) in QT_MODULES
    ]
    assert offenders == [], "Qt outside ui/, workers/ and app.py (STYLE rule 1)"


def test_the_scan_covers_the_core_packages() -> None:
    scanned = {relative.split("/")[0] for relative, *_ in _sources()}
    assert {"domain", "persistence", "services"} <= scanned


def _domain_sources() -> list[tuple[str, str, str, bool]]:
    return [s for s in _sources() if s[0].startswith("domain/")]


@pytest.mark.parametrize("forbidden", ["sqlalchemy", "alembic", *sorted(QT_MODULES)])
def test_the_domain_imports_no_database_and_no_qt(forbidden: str) -> None:
    assert _domain_sources()
    offenders = [
        f"{relative}:{line} imports {name}"
        for relative, module, source, is_package in _domain_sources()
        for line, name in imported_modules(source, module, is_package)
        if _top(name) == forbidden
    ]
    assert offenders == []


def test_the_domain_depends_on_no_outer_layer() -> None:
    outer = tuple(f"songnuan_desktop.{layer}" for layer in OUTER_LAYERS)
    offenders = [
        f"{relative}:{line} imports {name}"
        for relative, module, source, is_package in _domain_sources()
        for line, name in imported_modules(source, module, is_package)
        if name in outer or name.startswith(tuple(o + "." for o in outer))
    ]
    assert offenders == [], "dependencies point one way: ui → workers → services → persistence → domain"


def test_exchange_depends_on_the_domain_only() -> None:
    """exchange/ (package format, cipher, later the county merge's readers) sits beside persistence and
    documents: data in, file out. The services read the database and call it, never the other way."""
    outer = tuple(f"songnuan_desktop.{layer}" for layer in OUTER_LAYERS if layer != "exchange")
    exchange = [s for s in _sources() if s[0].startswith("exchange/")]
    assert exchange
    offenders = [
        f"{relative}:{line} imports {name}"
        for relative, module, source, is_package in exchange
        for line, name in imported_modules(source, module, is_package)
        if name in outer or name.startswith(tuple(o + "." for o in outer))
    ]
    assert offenders == []
