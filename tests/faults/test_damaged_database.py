"""Issue 12 item 5: a damaged database is never mistaken for a new one, and `--db` never makes a database.

Before: a 0-byte file became an empty office (migrations run, the setup wizard) while its backups sat in
`backups/`; a flipped byte in an index page passed quick_check, `--self-test` and `audit-verify`; a read-only
file system was reported as "数据库文件损坏"; a mistyped `--db` silently made a new empty database.

Every file here is real: a demo office built with the program, then emptied, overwritten with text, cut short
or with one byte flipped where `dbstat` says an index (or the table's row) lives. Read-only is real too:
`chattr +i` on the file or folder (root ignores chmod; skipped with the reason where chattr is refused) and a
tmpfs remounted read-only (skipped where mounting is not allowed); one SQLite "readonly database" error is
SQLite's own, raised by a write on a connection opened read-only.

Each test asserts: exit code 1 and a Chinese sentence (no traceback, no ID number), the file unchanged (same
bytes, nothing beside it), nothing made where nothing was, and the newest good backup named.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from songnuan_desktop import cli, config
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.sqlite_files import (DatabaseDamaged, DatabaseMissing, DatabaseReadOnly, classify,
                                                       header_problem, integrity_problems, quick_check)
from songnuan_desktop.services.backups import backups
from tests.killing import ROOT
from tests.demo_offices import DemoOffices

ID_NUMBER = re.compile(r"\d{17}[\dXx]")
BACKUP_NAME = "office-20261201-080000-manual.db"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    path = demo_offices.file(tmp_path_factory.mktemp("damaged-demo") / "office.db", workers=30, seed=7)
    _checkpoint(path)
    return path


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo office, with a good backup in `backups/` beside it (named as services.backups.backups
    does)."""
    folder = tmp_path / "office"
    (folder / "backups").mkdir(parents=True)
    path = folder / "office.db"
    shutil.copy(demo_file, path)
    shutil.copy(demo_file, folder / "backups" / BACKUP_NAME)
    return path


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _state(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (hashed) and what lies beside it: what a refused open must leave as it was."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"
    return digest, sorted(p.name for p in path.parent.iterdir()) if path.parent.exists() else []


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def _said_in_chinese(text: str) -> None:
    assert "错误：" in text and "Traceback" not in text
    assert not ID_NUMBER.search(text)


def _page_of(path: Path, name: str) -> int:
    """A page of table or index `name` (dbstat): the root page of a small index is its only leaf."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno LIMIT 1", (name,))
                   .fetchone()[0])
    finally:
        conn.close()


def _varint(data: bytes | bytearray, at: int) -> tuple[int, int]:
    value = 0
    for k in range(9):
        byte = data[at + k]
        if k == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + k + 1
    raise AssertionError("unreachable")


def flip_index_byte(path: Path, index: str = "ix_worker_files_id_number") -> None:
    """Flip the last byte of the first cell of `index`'s leaf page: the rowid the entry points to."""
    page_size = 4096
    page = _page_of(path, index)
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    assert data[start] == 0x0A  # a leaf page of an index b-tree
    cell = int.from_bytes(data[start + 8:start + 10], "big")
    size, payload = _varint(data, start + cell)
    data[payload + size - 1] ^= 0x01
    path.write_bytes(bytes(data))


def flip_id_byte(path: Path) -> None:
    """Flip one digit of an ID number in the worker_files table's own page (not in an index)."""
    conn = sqlite3.connect(path)
    id_number = conn.execute("SELECT id_number FROM worker_files ORDER BY rowid LIMIT 1").fetchone()[0]
    pages = {r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'worker_files'")}
    conn.close()
    data = bytearray(path.read_bytes())
    at = data.find(id_number.encode())
    while at >= 0 and at // 4096 + 1 not in pages:
        at = data.find(id_number.encode(), at + 1)
    assert at >= 0
    data[at + 10] ^= 0x01  # a digit of the birth date: still a digit
    path.write_bytes(bytes(data))


# --- 0 bytes, not SQLite, cut short ------------------------------------------------------------------

DAMAGE = {
    "0 bytes": (lambda p: p.write_bytes(b""), "0 字节"),
    "a text file": (lambda p: p.write_text("送暖数据库（不是）\n" * 50, encoding="utf-8"), "不是 SQLite"),
    "cut short": (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "截短"),
    "cut mid-page": (lambda p: p.write_bytes(p.read_bytes()[:-1000]), "截短"),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_file_is_refused_never_migrated_and_the_backup_named(
    office: Path, case: str, capsys: pytest.CaptureFixture[str],
) -> None:
    damage, words = DAMAGE[case]
    damage(office)
    before = _state(office)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(f"sqlite:///{office}", create=True)  # not even when making a database is allowed
    assert words in caught.value.message and BACKUP_NAME in caught.value.message
    assert caught.value.fields["backup"].endswith(BACKUP_NAME)
    code, said = _run(capsys, "audit-verify", "--db", str(office))
    assert code == 1
    _said_in_chinese(said)
    assert "已损坏" in said and BACKUP_NAME in said and "songnuan restore" in said
    assert _state(office) == before  # not migrated, nothing beside it (no -wal, no upgrade backup)


def test_a_sound_file_in_use_is_not_taken_for_damaged(office: Path) -> None:
    """No false alarm: another connection holds pages in the write-ahead log, not yet in the file."""
    writer = sqlite3.connect(office, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("CREATE TABLE scratch (x)")
        writer.executemany("INSERT INTO scratch VALUES (?)", [(b"x" * 2000,) for _ in range(300)])
        assert Path(f"{office}-wal").stat().st_size > 0
        assert header_problem(office) is None
        open_database(f"sqlite:///{office}").close()
    finally:
        writer.close()


def test_quick_check_no_longer_passes_a_0_byte_file(tmp_path: Path) -> None:
    """SQLite's quick_check says "ok" of a 0-byte file (an empty database): a backup of 0 bytes is no backup."""
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    conn = sqlite3.connect(empty)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    empty.write_bytes(b"")
    assert quick_check(empty) == "文件是空的（0 字节）"


def test_the_newest_good_backup_is_named_not_a_damaged_newer_one(office: Path) -> None:
    folder = office.parent / "backups"
    (folder / "office-20261203-080000-auto.db").write_bytes(b"")  # newer, damaged
    shutil.copy(folder / BACKUP_NAME, folder / "office-20261202-080000-auto.db")  # newer, good
    office.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(f"sqlite:///{office}")
    assert caught.value.fields["backup"].endswith("office-20261202-080000-auto.db")


def test_no_good_backup_says_where_it_looked_and_not_to_delete_the_file(office: Path) -> None:
    shutil.rmtree(office.parent / "backups")
    office.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(f"sqlite:///{office}")
    assert "没有找到完好的备份" in caught.value.message and "不要删除" in caught.value.message
    assert caught.value.fields["backup"] is None


# --- a flipped byte: quick_check passes, integrity_check does not -------------------------------------

@pytest.mark.parametrize("flip", [flip_index_byte, flip_id_byte], ids=["index page", "ID in the table"])
def test_a_flipped_byte_passes_quick_check_but_not_integrity_check(
    office: Path, flip, capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    flip(office)
    assert header_problem(office) is None
    assert quick_check(office) is None  # what the start-up checked until now
    problems = integrity_problems(office)
    assert problems and any("missing from index" in p for p in problems)
    before = _state(office)
    code, said = _run(capsys, "audit-verify", "--db", str(office))
    assert code == 1
    _said_in_chinese(said)
    assert "已损坏" in said and "完整性检查" in said and BACKUP_NAME in said
    assert hashlib.sha256(office.read_bytes()).hexdigest() == before[0]


def test_integrity_problems_of_an_engine_and_of_a_sound_file(office: Path) -> None:
    assert integrity_problems(office) == [] and integrity_problems(f"sqlite:///{office}") == []
    flip_index_byte(office)
    db = open_database(f"sqlite:///{office}")
    try:
        assert integrity_problems(db.engine)
    finally:
        db.close()


def test_a_cancelled_integrity_check_stops_and_finds_nothing(office: Path) -> None:
    """Closing the program cancels the background check (a big county file takes seconds)."""
    flip_index_byte(office)
    assert integrity_problems(office, is_cancelled=lambda: True) == []
    assert integrity_problems(office, is_cancelled=lambda: False)


def test_self_test_fails_on_a_flipped_index_byte(office: Path, tmp_path: Path) -> None:
    flip_index_byte(office)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SONGNUAN_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "songnuan_desktop", "--self-test", "--db", str(office)],
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "已损坏" in done.stderr and "完整性检查" in done.stderr and "自检失败" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# --- a missing --db ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["audit-verify"],
    ["export-workers", "{tmp}/out.xlsx", "--user", "admin", "--password-file", "{tmp}/pw.txt"],
    ["backup", "--user", "admin", "--password-file", "{tmp}/pw.txt"],
], ids=lambda c: c[0])
def test_a_mistyped_db_is_refused_and_nothing_is_made(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pw.txt").write_text("whatever\n", encoding="utf-8")
    typo = tmp_path / "no-such-folder" / "songnaun.db"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, said = _run(capsys, *argv, "--db", str(typo))
    assert code == 1
    _said_in_chinese(said)
    assert "找不到数据库文件" in said and str(typo) in said
    assert not typo.parent.exists() and not (tmp_path / "out.xlsx").exists()


def test_open_database_makes_a_file_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new" / "office.db"
    with pytest.raises(DatabaseMissing):
        open_database(f"sqlite:///{path}")
    assert not path.parent.exists()
    open_database(f"sqlite:///{path}", create=True).close()
    assert header_problem(path) is None


def test_the_window_refuses_a_missing_file_and_makes_nothing(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from songnuan_desktop.ui import startup_checks

    shown: list[str] = []
    monkeypatch.setattr(startup_checks.QMessageBox, "critical", lambda _w, _t, text: shown.append(text))
    path = tmp_path / "typo.db"
    offered: list[str] = []

    def offer(_path: Path, problem: str) -> bool:
        offered.append(problem)
        return False

    assert startup_checks.open_checked(f"sqlite:///{path}", offer) is None
    assert shown and "找不到数据库文件" in shown[0] and not offered
    assert not path.exists()


# --- read-only: not damaged -------------------------------------------------------------------------

@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`chattr +i`: even root cannot write it (root ignores chmod). Skips where chattr is refused."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not allowed here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextmanager
def read_only_tmpfs(where: Path, source: Path) -> Iterator[Path]:
    """`source` copied onto a tmpfs at `where` that is then remounted read-only. Skips where mounting is refused."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        shutil.copy(source, where / source.name)
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield where / source.name
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _read_only_refused(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(path)
    with pytest.raises(DatabaseReadOnly) as caught:
        open_database(f"sqlite:///{path}")
    assert "不能写入" in caught.value.message and "已损坏" not in caught.value.message
    code, said = _run(capsys, "audit-verify", "--db", str(path))
    assert code == 1
    _said_in_chinese(said)
    assert "不能写入" in said and "复制到可以写入的磁盘" in said and "已损坏" not in said
    assert _state(path) == before


def test_a_read_only_file_is_read_only_not_damaged(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with immutable(office):
        _read_only_refused(office, capsys)


def test_a_read_only_folder_is_read_only_not_damaged(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with immutable(office.parent):
        _read_only_refused(office, capsys)


def test_a_read_only_file_system_is_read_only_not_damaged(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with read_only_tmpfs(tmp_path / "ro", office) as path:
        _read_only_refused(path, capsys)


def test_the_window_on_a_read_only_file_says_read_only_and_offers_no_restore(
    office: Path, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from songnuan_desktop.ui import startup_checks

    shown: list[str] = []
    monkeypatch.setattr(startup_checks.QMessageBox, "critical", lambda _w, _t, text: shown.append(text))
    offered: list[str] = []

    def offer(_path: Path, problem: str) -> bool:
        offered.append(problem)
        return False

    with immutable(office):
        before = _state(office)
        assert startup_checks.open_checked(f"sqlite:///{office}", offer) is None
        assert _state(office) == before
    assert len(shown) == 1 and "不能写入" in shown[0] and "已损坏" not in shown[0] and not offered


def test_sqlites_own_readonly_error_is_worded_as_read_only(office: Path) -> None:
    conn = sqlite3.connect(f"{office.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    worded = classify(office, caught.value)
    assert isinstance(worded, DatabaseReadOnly) and "不能写入" in worded.message


# --- the window -------------------------------------------------------------------------------------

@pytest.fixture
def default_file(demo_file: Path) -> Iterator[Path]:
    """The data folder's own database (where the window may make one on a first run) and a good backup of it."""
    path = Path(config.default_database())
    folder = backups.backups_folder()
    folder.mkdir(parents=True, exist_ok=True)
    backup = folder / f"{path.stem}-20261201-080000-manual.db"
    shutil.copy(demo_file, backup)
    yield path
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), backup):
        leftover.unlink(missing_ok=True)


def test_the_window_on_a_0_byte_file_offers_the_restore_not_the_setup_wizard(
    default_file: Path, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QApplication

    from songnuan_desktop import app
    from songnuan_desktop.ui.dialogs import restore_dialog, setup_wizard

    default_file.write_bytes(b"")
    offered: list[tuple[str, str | None]] = []
    wizards: list[object] = []

    def declined(dialog: restore_dialog.RestoreDialog) -> int:
        qtbot.waitUntil(lambda: dialog.ui.table.rowCount() == 1, timeout=10_000)
        chosen = dialog.chosen()
        offered.append((dialog.ui.problem.text(), chosen.path.name if chosen else None))
        dialog.lanes.wait()
        return 0

    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", declined)
    monkeypatch.setattr(setup_wizard.SetupWizard, "exec", wizards.append)  # returns None: falsy, declined
    assert app.may_create(f"sqlite:///{default_file}")  # the first run's file: a missing one would be made
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    assert app._session(qapp, f"sqlite:///{default_file}", "") == 2
    assert not wizards
    assert len(offered) == 1 and "0 字节" in offered[0][0]
    assert offered[0][1] == f"{default_file.stem}-20261201-080000-manual.db"  # the newest good backup, chosen
    assert default_file.stat().st_size == 0 and not Path(f"{default_file}-wal").exists()


def test_the_background_integrity_check_finds_a_flipped_index_byte_and_takes_no_backup(
    office: Path, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QWidget

    from songnuan_desktop.ui import startup_checks
    from songnuan_desktop.workers.lanes import Lanes

    flip_index_byte(office)
    daily = tmp_path / "daily"
    monkeypatch.setattr(backups, "backups_folder", lambda: daily)
    asked: list[str] = []

    def warning(_parent: object, _title: str, text: str, _buttons: object) -> object:
        asked.append(text)
        return startup_checks.QMessageBox.StandardButton.No

    monkeypatch.setattr(startup_checks.QMessageBox, "warning", warning)
    db = startup_checks.open_checked(f"sqlite:///{office}", lambda _p, _q: False)  # quick_check passes
    assert db is not None
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    lanes = Lanes()
    try:
        startup_checks.start_background_work(window, db, lanes)
        qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
        lanes.wait()
    finally:
        db.close()
    assert "完整性检查" in asked[0] and not ID_NUMBER.search(asked[0])
    assert window.property(startup_checks.DAMAGE_FOUND)
    assert not list(daily.glob("*.db"))  # a damaged file is not backed up over the good ones
