"""Build products of the UI: forms/*.ui → ui/generated/ui_*.py, resources/i18n/*.ts → *.qm.

Run by packaging/build_assets.py, by the test set-up, and at start-up from a source checkout when a
form or translation is newer than its build product (so a fresh clone runs without a build step).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
FORMS = ROOT / "forms"
I18N = ROOT / "resources" / "i18n"
GENERATED = PACKAGE / "ui" / "generated"
QM_DIR = GENERATED / "i18n"


def qt_tool(name: str, libexec: bool = False) -> Path:
    """The path of a Qt tool shipped inside the PySide6 wheel (uic, rcc, lrelease, lupdate)."""
    base = Path(PySide6.__file__).resolve().parent
    exe = name + (".exe" if sys.platform == "win32" else "")
    if libexec and sys.platform != "win32":
        return base / "Qt" / "libexec" / exe
    return base / exe


def _stale(source: Path, target: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def compile_forms(force: bool = False) -> list[Path]:
    GENERATED.mkdir(parents=True, exist_ok=True)
    (GENERATED / "__init__.py").touch()
    done = []
    for form in sorted(FORMS.glob("*.ui")):
        target = GENERATED / f"ui_{form.stem}.py"
        if force or _stale(form, target):
            subprocess.run(
                [str(qt_tool("uic", libexec=True)), "-g", "python", "-o", str(target), str(form)],
                check=True, capture_output=True,
            )
            done.append(target)
    return done


def compile_translations(force: bool = False) -> list[Path]:
    QM_DIR.mkdir(parents=True, exist_ok=True)
    done = []
    for ts in sorted(I18N.glob("*.ts")):
        target = QM_DIR / f"{ts.stem}.qm"
        if force or _stale(ts, target):
            subprocess.run(
                [str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(target)], check=True, capture_output=True
            )
            done.append(target)
    return done


def ensure_built() -> None:
    """Compile what is stale when running from a source checkout; a packaged build has them already."""
    if FORMS.is_dir():
        compile_forms()
    if I18N.is_dir():
        compile_translations()


def lupdate_sources() -> list[Path]:
    """Every file whose user-visible text is extracted for translation."""
    return sorted(FORMS.glob("*.ui")) + sorted(
        p for p in (PACKAGE / "ui").rglob("*.py") if "generated" not in p.parts
    ) + [PACKAGE / "app.py"]
