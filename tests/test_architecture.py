"""The layering of STYLE.md and docs/ARCHITECTURE.md, checked by import-linter (`lint-imports`, contracts in
pyproject.toml): the layers, no Qt in the core, no database in the domain, the papers or the package format, and
no import cycle between siblings at any depth.

The second test plants a violation of each kind in a copy of the package and shows the same contracts break, so
the first cannot pass by checking nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import songnuan_desktop

PACKAGE = Path(songnuan_desktop.__file__).parent
ROOT = PACKAGE.parent
CONTRACTS = ("Layers (STYLE.md rule 1)", "No Qt outside ui/, workers/ and app.py",
             "The domain, the papers and the package format know no database",
             "No import cycles between sibling modules or packages")


def _lint(package_parent: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                           "lint_imports_command()", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=cache, timeout=300)


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    run = _lint(ROOT, tmp_path)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    for name in CONTRACTS:
        assert name in run.stdout
    assert "4 kept, 0 broken" in run.stdout


def test_the_contracts_break_on_a_planted_violation(tmp_path: Path) -> None:
    copy = tmp_path / "src" / "songnuan_desktop"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "generated"))
    (copy / "ui" / "generated").mkdir()
    (copy / "ui" / "generated" / "__init__.py").write_text("")

    def plant(relative: str, line: str) -> None:
        path = copy / relative
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    plant("domain/money.py", "from songnuan_desktop.services.office import settings  # upward")
    plant("services/office/office.py", "import PySide6.QtCore  # Qt in the core")
    plant("documents/qr.py", "import sqlalchemy  # a database in the papers")
    plant("services/office/settings.py", "from songnuan_desktop.services.payouts import vouchers  # a cycle")
    run = _lint(copy.parent, tmp_path)
    assert run.returncode != 0
    assert "0 kept, 4 broken" in run.stdout, run.stdout[-4000:]
    for planted in ("songnuan_desktop.domain.money -> songnuan_desktop.services.office.settings",
                    "songnuan_desktop.services.office.office -> PySide6",
                    "songnuan_desktop.documents.qr -> sqlalchemy"):
        assert planted in run.stdout, planted
