"""The package's list (packaging/bundle.py, read by songnuan.spec) against what the program reads at run time,
and the spec, the entry point and the Inno Setup script in step. No build here: .ci/run builds the
one-folder program and runs its self-test (packaging/build_windows.py)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
_spec = importlib.util.spec_from_file_location("songnuan_packaging_bundle", PACKAGING / "bundle.py")
assert _spec is not None and _spec.loader is not None
bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle)

# Files of a package that are code or build metadata, not data it opens.
CODE_SUFFIXES = {".py", ".pyc", ".pyi", ".pyd", ".so", ".dll", ".dylib", ".pxd", ".pyx", ".c", ".h"}


def _imports(folder: Path) -> set[str]:
    """Top-level names of every absolute import in the program's code."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        if "generated" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _third_party() -> set[str]:
    return _imports(ROOT / bundle.PACKAGE) - set(sys.stdlib_module_names) - {bundle.PACKAGE, "__future__"}


def _data_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    assert spec is not None, f"{name} is imported by the program but not installed"
    if not spec.submodule_search_locations:  # a single module: no folder of data
        return []
    folder = Path(next(iter(spec.submodule_search_locations)))
    return [
        p for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in CODE_SUFFIXES
        and p.name != "py.typed" and ".so." not in p.name
    ]


def test_the_folders_the_program_opens_are_carried_where_it_looks():
    from songnuan_desktop.documents import fonts
    from songnuan_desktop.persistence import migrate
    from songnuan_desktop.ui import assets

    targets = {target for _, target in bundle.OWN_DATA}
    for runtime_path in (migrate.MIGRATIONS, assets.QM_DIR):
        # in the frozen program the modules sit in _internal/ as in the checkout, so the same relative path
        assert runtime_path.relative_to(ROOT).as_posix() in targets, runtime_path
    for source, target in bundle.OWN_DATA:
        assert source == target, "the package keeps the source layout (the code finds its data next to it)"
    assert fonts.BUNDLED.relative_to(ROOT).as_posix() == bundle.FONTS[1]


def test_a_font_in_resources_fonts_is_carried_only_when_there(tmp_path):
    assert [target for _, target in bundle.own_datas(tmp_path)] == [t for _, t in bundle.OWN_DATA]
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    (tmp_path / "resources" / "fonts" / "readme.txt").write_text("put a .ttf here", encoding="utf-8")
    assert bundle.FONTS[1] not in [target for _, target in bundle.own_datas(tmp_path)]
    (tmp_path / "resources" / "fonts" / "simsun.ttc").write_bytes(b"")
    assert (str(tmp_path / "resources" / "fonts"), bundle.FONTS[1]) in bundle.own_datas(tmp_path)


def test_every_data_file_inside_the_program_is_in_a_carried_folder():
    """A data file added under songnuan_desktop/ (a .json, an image, a template) must be carried too."""
    package = ROOT / bundle.PACKAGE
    carried = [ROOT / source for source, _ in bundle.OWN_DATA]
    stray = [
        p.relative_to(ROOT).as_posix() for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in CODE_SUFFIXES
        and not any(p.is_relative_to(folder) for folder in carried)
    ]
    assert stray == [], "data files the package would not carry; add their folder to packaging/bundle.py"


def test_every_library_with_data_files_is_listed():
    """A library the program imports that carries data files is either collected or said why not."""
    unlisted = {
        name: sorted({p.suffix or p.name for p in files})
        for name in sorted(_third_party())
        if (files := _data_files(name)) and name not in bundle.DATA_PACKAGES and name not in bundle.DATA_NOT_NEEDED
    }
    assert unlisted == {}, "add to bundle.DATA_PACKAGES (or DATA_NOT_NEEDED with the reason)"
    for name in (*bundle.DATA_PACKAGES, *bundle.HIDDEN_PACKAGES, *bundle.HIDDEN_IMPORTS):
        assert importlib.util.find_spec(name.split(".")[0]) is not None, name


def test_the_excluded_libraries_are_not_imported_by_the_program():
    assert _imports(ROOT / bundle.PACKAGE) & {name.split(".")[0] for name in bundle.EXCLUDES} == set()


def test_every_form_is_carried_as_its_compiled_module_and_no_form_file_is():
    forms = sorted((ROOT / "forms").glob("*.ui"))
    assert forms, "forms/*.ui"
    assert bundle.form_modules() == [f"songnuan_desktop.ui.generated.ui_{f.stem}" for f in forms]
    # a forms/ folder in the package would make ui.assets.ensure_built run uic in the frozen program
    assert not any(target.split("/")[0] in ("forms", "resources/i18n") for _, target in bundle.OWN_DATA)
    assert all(not target.startswith("resources/i18n") for _, target in bundle.own_datas())


def test_missing_build_products_are_named(tmp_path):
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "home_screen.ui").write_text("<ui/>", encoding="utf-8")
    (tmp_path / "resources" / "i18n").mkdir(parents=True)
    (tmp_path / "resources" / "i18n" / "songnuan_zh_CN.ts").write_text("<TS/>", encoding="utf-8")
    generated = tmp_path / "songnuan_desktop" / "ui" / "generated"
    assert bundle.missing_build_products(tmp_path) == [
        "songnuan_desktop/ui/generated/ui_home_screen.py", "songnuan_desktop/ui/generated/i18n/songnuan_zh_CN.qm"]
    (generated / "i18n").mkdir(parents=True)
    (generated / "ui_home_screen.py").write_text("", encoding="utf-8")
    (generated / "i18n" / "songnuan_zh_CN.qm").write_bytes(b"")
    assert bundle.missing_build_products(tmp_path) == []


def test_the_spec_takes_everything_from_the_list():
    spec = (PACKAGING / "songnuan.spec").read_text(encoding="utf-8")
    for used in ("bundle.missing_build_products(", "bundle.own_datas(", "bundle.DATA_PACKAGES", "bundle.HIDDEN_IMPORTS",
                 "bundle.form_modules(", "bundle.HIDDEN_PACKAGES", "bundle.ENTRY", "bundle.EXCLUDES",
                 "bundle.executables()", "name=bundle.NAME"):
        assert used in spec, used
    ast.parse(spec)


def test_the_entry_point_is_the_console_script():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, function = project["scripts"]["songnuan"].split(":")
    entry = ast.parse((ROOT / bundle.ENTRY).read_text(encoding="utf-8"))
    imported = {(node.module, alias.name) for node in ast.walk(entry) if isinstance(node, ast.ImportFrom)
                for alias in node.names}
    assert (module, function) in imported
    assert "pyinstaller" in " ".join(project["optional-dependencies"]["package"]).lower()


def test_the_inno_setup_script_is_in_step_with_the_spec():
    raw = (PACKAGING / "songnuan.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM: the script holds Chinese text"
    text = raw.decode("utf-8-sig")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert re.findall(r"^AppVersion=(.+)$", text, re.M) == [version]
    assert f'Source: "..\\dist\\{bundle.NAME}\\*"' in text
    icons = text.split("[Icons]")[1].split("\n[")[0]
    shortcuts = re.findall(r'Filename: "\{app\}\\([^"]+)"', icons)
    assert shortcuts and set(shortcuts) == {f"{bundle.WINDOWED_NAME}.exe"}
    assert f"{{app}}\\{bundle.NAME}.exe'), '--demo --self-test'" in text


@pytest.mark.skipif(sys.platform != "win32", reason="the windowed program is built on Windows only")
def test_windows_builds_a_console_and_a_windowed_program():
    assert bundle.executables() == [(bundle.NAME, True), (bundle.WINDOWED_NAME, False)]


def test_linux_builds_the_console_program_only():
    if sys.platform == "win32":
        pytest.skip("Windows builds both")
    assert bundle.executables() == [(bundle.NAME, True)]
