"""Build the one-folder program and check it: forms and translations, PyInstaller, then the frozen program's
self-test on a demo database and papers written by its commands.

    python -m pip install -e ".[postgres,package]"
    python packaging/build_windows.py                # dist/songnuan/ and build/ in the checkout
    python packaging/build_windows.py --out DIR      # DIR/dist/songnuan/, DIR/build/ (CI: a temporary folder)
    python packaging/build_windows.py --check DIR/dist/songnuan   # only check a folder built before
    python packaging/build_windows.py --out DIR --no-check        # only build (CI times the two apart)

On Windows dist\\songnuan\\ is what packaging/songnuan.iss (Inno Setup) turns into the installer; on Linux the
same spec builds a Linux folder, which is how CI (.ci/run) proves the spec. Every step says what it did;
a failure names the step (BUILD or CHECK) and the exit code is 1 (build) or 2 (check).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import bundle  # noqa: E402

TIMEOUT = 600  # seconds for one run of the frozen program
PASSWORD = "songnuan2026"  # the demo office's users (songnuan demo prints them)
# Papers of the demo office (demo/campaigns.py, fixed names): each command, its output and words
# the paper must carry when read back with pdftotext.
PAPERS = (
    (["print-file", "JZ-2024-0007"], "档案表.pdf", "jingban", "困难职工档案表"),
    (["notice", "--campaign", "2027年元旦春节送温暖"], "公示.pdf", "shenhe", "公示"),
    (["vouchers", "--campaign", "2026年金秋助学"], "凭证.pdf", "jingban", "凭证"),
    (["report", "--period", "2026"], "统计.pdf", "jingban", "帮扶"),
    (["report", "--period", "2026"], "统计.xlsx", "jingban", None),
)


class CheckFailed(Exception):
    pass


def say(text: str) -> None:
    print(f"packaging: {text}", flush=True)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_assets.py")], check=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "songnuan.spec")],
        check=True, cwd=ROOT,
    )
    return dist / bundle.NAME


def exe_path(folder: Path, name: str) -> Path:
    return folder / (name + (".exe" if sys.platform == "win32" else ""))


def frozen_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SONGNUAN_DATABASE_URL", "SONGNUAN_LANGUAGE", "PYTHONPATH", "PYTHONHOME")}
    env["SONGNUAN_DATA_DIR"] = str(data_dir)
    if sys.platform != "win32" and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine without a screen
    return env


def run(exe: Path, args: list[str], env: dict[str, str], what: str) -> tuple[str, float]:
    began = time.perf_counter()
    try:
        result = subprocess.run([str(exe), *args], env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(f"{what}: no answer after {TIMEOUT} s") from exc
    took = time.perf_counter() - began
    out = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        log = Path(env["SONGNUAN_DATA_DIR"]) / "songnuan.log"
        tail = "\n".join(log.read_text("utf-8", "replace").splitlines()[-30:]) if log.exists() else ""
        raise CheckFailed(f"{what}: exit code {result.returncode}\n{out}\n--- songnuan.log (end) ---\n{tail}")
    return out, took


def check_folder(folder: Path) -> None:
    """The data the program reads at run time is in the folder where the code looks for it."""
    internal = folder / "_internal"
    wanted = [internal / target for _, target in bundle.own_datas()]
    wanted += [internal / "songnuan_desktop" / "persistence" / "migrations" / "env.py"]
    wanted += [internal / "stdnum" / "cn" / "loc.dat", internal / "pypinyin" / "pinyin_dict.json",
               internal / "cn2an" / "config.yaml"]
    missing = [str(p.relative_to(folder)) for p in wanted if not p.exists()]
    if not list((internal / "songnuan_desktop" / "persistence" / "migrations" / "versions").glob("0*.py")):
        missing.append("songnuan_desktop/persistence/migrations/versions/*.py")
    if not list(internal.glob("songnuan_desktop/ui/generated/i18n/*.qm")):
        missing.append("songnuan_desktop/ui/generated/i18n/*.qm")
    if not list(internal.glob("PySide6/**/qtbase_zh_CN.qm")):
        missing.append("PySide6 translations (qtbase_zh_CN.qm)")
    platform = "qwindows" if sys.platform == "win32" else "qoffscreen"
    if not list(internal.glob(f"PySide6/**/platforms/*{platform}*")):
        missing.append(f"Qt platform plugin {platform}")
    if (internal / "forms").exists():
        missing.append("(forms/ must not be carried: the program would try to compile it at start-up)")
    if missing:
        raise CheckFailed("the folder lacks: " + ", ".join(missing))


def head_revision(internal: Path) -> str:
    """The newest revision among the migrations the folder carries (the one no other revision follows)."""
    revisions, parents = set(), set()
    for script in (internal / "songnuan_desktop" / "persistence" / "migrations" / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revisions.update(re.findall(r'^revision\s*=\s*"([^"]+)"', text, re.M))
        parents.update(re.findall(r'^down_revision\s*=\s*"([^"]+)"', text, re.M))
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise CheckFailed(f"the folder's migrations have {len(heads)} heads: {heads}")
    return heads[0]


def check(folder: Path) -> None:
    check_folder(folder)
    say(f"folder complete: migrations, translations, data of {', '.join(bundle.DATA_PACKAGES)}")
    exe = exe_path(folder, bundle.NAME)
    with tempfile.TemporaryDirectory(prefix="songnuan-frozen-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        env = frozen_env(data)
        out, took = run(exe, ["--version"], env, "songnuan --version")
        say(f"--version: {out.strip()} ({took:.1f} s)")

        out, took = run(exe, ["--demo", "--self-test"], env, "songnuan --demo --self-test")
        print(out.rstrip())
        if "自检通过" not in out:
            raise CheckFailed("songnuan --demo --self-test: exit code 0 but no 自检通过 in its output")
        demo = data / "demo.db"
        with sqlite3.connect(demo) as db:
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        head = head_revision(folder / "_internal")
        if revision != head:
            raise CheckFailed(f"demo.db is at revision {revision}, the head of the migrations carried is {head}")
        say(f"self-test passed in {took:.1f} s (demo database made and migrated to {revision})")

        if sys.platform == "win32":
            _, took = run(exe_path(folder, bundle.WINDOWED_NAME), ["--demo", "--self-test"], env,
                          f"{bundle.WINDOWED_NAME} --demo --self-test")
            say(f"{bundle.WINDOWED_NAME}.exe self-test passed in {took:.1f} s")

        db_file = Path(tmp) / "papers.db"
        _, took = run(exe, ["demo", "--db", str(db_file)], env, "songnuan demo --db")
        say(f"demo office written by the frozen program in {took:.1f} s")
        password = Path(tmp) / "password.txt"
        password.write_text(PASSWORD + "\n", encoding="utf-8")
        pdftotext = shutil.which("pdftotext")
        for command, name, user, words in PAPERS:
            out_file = Path(tmp) / name
            what = f"songnuan {' '.join(command)} {name}"
            _, took = run(exe, [*command, str(out_file), "--db", str(db_file), "--user", user,
                                "--password-file", str(password)], env, what)
            magic = b"%PDF" if name.endswith(".pdf") else b"PK"
            if not out_file.is_file() or not out_file.read_bytes().startswith(magic):
                raise CheckFailed(f"{what}: exit code 0 but no {name} written")
            if words and pdftotext:
                text = subprocess.run([pdftotext, "-layout", str(out_file), "-"], capture_output=True,
                                      check=True).stdout.decode("utf-8", "replace")
                if words not in text:
                    raise CheckFailed(f"{what}: {words} not found in the PDF read back")
            say(f"{what}: {out_file.stat().st_size // 1024} KB in {took:.1f} s"
                + (f", reads back {words}" if words and pdftotext else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="build into DIR/dist and DIR/build (default: the checkout)")
    parser.add_argument("--check", type=Path, metavar="FOLDER", help="only check a folder built before")
    parser.add_argument("--no-check", action="store_true", help="only build; check later with --check")
    args = parser.parse_args()
    if args.check and args.no_check:
        parser.error("--check and --no-check exclude each other")
    if args.check:
        folder = args.check.resolve()
    else:
        out = args.out.resolve() if args.out else ROOT
        if args.out:  # PyInstaller's cache there too, not in the user's home
            os.environ.setdefault("PYINSTALLER_CONFIG_DIR", str(out / "pyinstaller-cache"))
        began = time.perf_counter()
        try:
            folder = build(out / "dist", out / "build")
        except (subprocess.CalledProcessError, OSError) as exc:
            say(f"BUILD FAILED: {exc}")
            return 1
        say(f"built {folder} in {time.perf_counter() - began:.0f} s; "
            f"{folder_size(folder) / 2**20:.0f} MB in {sum(1 for p in folder.rglob('*') if p.is_file())} files")
        if args.no_check:
            return 0
    began = time.perf_counter()
    try:
        check(folder)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong in the check is a failed check, said so
        say(f"CHECK FAILED (the frozen program): {type(exc).__name__}: {exc}")
        return 2
    say(f"CHECK PASSED: self-test and papers of the frozen program in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
