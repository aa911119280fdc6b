"""What the packaged program carries besides the Python modules PyInstaller finds by itself.

One list, read by packaging/songnuan.spec (the build, on Windows and in CI on Linux) and by
tests/test_packaging.py (which checks it against the folders the program reads at run time).
Plain Python: no PyInstaller import, so the tests need no PyInstaller.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "songnuan_desktop"
ENTRY = "packaging/songnuan_entry.py"  # calls songnuan_desktop.cli.main, as the `songnuan` console script does

NAME = "songnuan"  # dist/songnuan/songnuan(.exe): the program, with a console (commands print; `--self-test`)
WINDOWED_NAME = "songnuanw"  # Windows only: the same program without a console window (Start menu, desktop)

# The program's own folders it opens as files at run time: (source relative to ROOT, folder in the package).
# Each is where the code looks for it relative to its own module, so the package keeps the source layout.
OWN_DATA = (
    # persistence.migrate.MIGRATIONS: Alembic reads env.py, script.py.mako and versions/*.py as files
    ("songnuan_desktop/persistence/migrations", "songnuan_desktop/persistence/migrations"),
    # ui.assets.QM_DIR: the compiled translations (resources/i18n/*.ts → .qm by build_assets.py)
    ("songnuan_desktop/ui/generated/i18n", "songnuan_desktop/ui/generated/i18n"),
)
# documents.fonts.BUNDLED: a CJK font shipped with the program; carried when the folder holds one.
FONTS = ("resources/fonts", "resources/fonts")
FONT_SUFFIXES = (".ttf", ".ttc")

# Not carried: forms/*.ui (compiled into songnuan_desktop/ui/generated/ui_*.py, which are modules; a forms/
# folder inside the package would make ui.assets.ensure_built run uic at start-up) and resources/i18n/*.ts
# (compiled into .qm above).

# Third-party packages that open their own data files (the modules come with the imports):
DATA_PACKAGES = (
    "stdnum",  # numdb: cn/loc.dat, the region codes of ID numbers
    "pypinyin",  # pinyin_dict.json, phrases_dict.json
    "cn2an",  # config.yaml through pkg_resources (the amount in capitals on vouchers)
    "reportlab",  # its standard fonts (.afm/.pfb) and the CID font data
    "alembic",  # script templates (read only when a revision is written; small)
    "chinese_calendar",  # none today (holidays are Python); listed so a data file added upstream is carried
)
# Third-party packages with data files that PyInstaller's own hooks carry, or that the program never reads.
DATA_NOT_NEEDED = {
    "PySide6": "PyInstaller's PySide6 hooks carry the Qt plugins and Qt's translations (qtbase_zh_CN.qm)",
    "shiboken6": "CMake files for building extensions",
    "sqlalchemy": "dialects/type_migration_guidelines.txt, documentation",
}

# Modules imported by a name in a string (importlib, exec), which PyInstaller's analysis cannot see.
HIDDEN_PACKAGES = (
    PACKAGE,  # screens and services dispatched by module name
    "reportlab.graphics.barcode",  # widgets.py exec()s "from reportlab.graphics.barcode.code128 import …"
)
HIDDEN_IMPORTS = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "psycopg",
    # imported where a PDF is first previewed or printed, not at start-up: named so the Qt hooks carry
    # libQt6Pdf / libQt6PdfWidgets and the printsupport plugins
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)
# Optional imports of libraries the program never takes: numpy (openpyxl's and psycopg's optional numeric
# types, 42 MB), requests and certifi (python-stdnum's online checks), the test tools.
EXCLUDES = ("tkinter", "pytest", "_pytest", "numpy", "requests", "certifi")


def own_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source path, folder in the package) for the program's own data."""
    datas = [(str(root / source), target) for source, target in OWN_DATA]
    fonts = root / FONTS[0]
    if fonts.is_dir() and any(p.suffix.lower() in FONT_SUFFIXES for p in fonts.iterdir()):
        datas.append((str(fonts), FONTS[1]))
    return datas


def form_modules(root: Path = ROOT) -> list[str]:
    """The compiled forms, one module per forms/*.ui."""
    return [f"{PACKAGE}.ui.generated.ui_{form.stem}" for form in sorted((root / "forms").glob("*.ui"))]


def missing_build_products(root: Path = ROOT) -> list[str]:
    """What build_assets.py must make before PyInstaller runs: a compiled form or translation that is
    missing or older than its source (it would be packaged stale, or not at all)."""
    generated = root / PACKAGE / "ui" / "generated"
    pairs = [(form, generated / f"ui_{form.stem}.py") for form in sorted((root / "forms").glob("*.ui"))]
    pairs += [(ts, generated / "i18n" / f"{ts.stem}.qm") for ts in sorted((root / "resources" / "i18n").glob("*.ts"))]
    return [
        str(target.relative_to(root))
        for source, target in pairs
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime
    ]


def executables() -> list[tuple[str, bool]]:
    """(name, console) of each executable in the folder."""
    return [(NAME, True)] + ([(WINDOWED_NAME, False)] if sys.platform == "win32" else [])
