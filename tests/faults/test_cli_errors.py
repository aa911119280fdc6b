"""Issue 12 item 4: what a person meets at the command line — a full stick or disk, a read-only file or
folder, a database another program holds, a missing or empty password file, an output that is a folder or
in a missing folder — ends in one Chinese sentence on stderr and exit code 1: no traceback, no number of a
person, the traceback in the log only, and the database unchanged (or only the sign-in logged).

Full disks are real small file systems (tmpfs mounted for the test; skipped with the reason where mounting
is not allowed) and, once, an OSError(ENOSPC) injected where the backup copies the database. Read-only is a
tmpfs remounted read-only: the tests run as root in CI, and root ignores chmod.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from songnuan_desktop import cli, config
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence import engine as engine_module
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.demo.data import PASSWORD
from tests import forked
from tests.demo_offices import DemoOffices
from tests.killing import ROOT

CARD = "6222021234567890123"  # a full bank card number: never on stderr, never in the log


@pytest.fixture
def demo_file(tmp_path: Path, demo_offices: DemoOffices) -> Path:
    """The demo office `songnuan demo --workers 30 --seed 5` makes (a copy of the run's one build)."""
    return demo_offices.file(tmp_path / "office" / "songnuan.db", workers=30, seed=5)


@pytest.fixture
def password(tmp_path: Path) -> Path:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    return secret


@pytest.fixture
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real small file system at `where` (skips the test when this machine does not let us mount one)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


def run(*argv: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """The command as a clerk runs it: a child process (tests/forked.py), no terminal."""
    return forked.run("-m", "songnuan_desktop", *argv, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT,
                      timeout=timeout)


def said(done: subprocess.CompletedProcess[str] | str, *words: str) -> str:
    """The refusal: Chinese, no traceback, no number of a person; exit code 1 for a child process."""
    err = done if isinstance(done, str) else done.stderr
    if not isinstance(done, str):
        assert done.returncode == 1, (done.returncode, err)
    print(err)  # shown with -s: the sentences, for the report
    assert err.startswith("错误：") and "Traceback" not in err and "File \"" not in err, err
    assert CARD not in err and "[SQL" not in err and "parameters" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT action, entity FROM audit_log ORDER BY seq").fetchall()


SIGN_IN = {("login", "users"), ("update", "users")}  # the sign-in's entry and the user's last_login_at


def only_sign_in_added(path: Path, before: list[tuple[str, str]]) -> None:
    """The database is as it was but for the sign-in's own entries, and sound."""
    after = audit(path)
    assert after[:len(before)] == before and set(after[len(before):]) <= SIGN_IN, after[len(before):]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- a full stick, a full disk ------------------------------------------------------------------------

def test_export_package_to_a_stick_that_fills_up(demo_file: Path, password: Path, tmp_path: Path,
                                                 cheap_scrypt: None, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Real ENOSPC half-way through the package (the free-space check let through, as a stick that reports
    more room than it has): it ended in BufferError from EncryptingWriter before."""
    from songnuan_desktop.services.exchange import package_export

    phrase = tmp_path / "口令.txt"
    phrase.write_text("县总工会口令-2026\n", encoding="utf-8")
    with tmpfs(tmp_path / "stick", "48k") as stick:
        monkeypatch.setattr(package_export, "check_space", lambda *_: None)
        before = audit(demo_file)
        assert cli.main(["export-package", "--db", str(demo_file), "--to", str(stick), "--passphrase-file",
                         str(phrase), "--user", "jingban", "--password-file", str(password)]) == 1
        said(capsys.readouterr().err, "U盘", "序号未占用")
        assert list(stick.iterdir()) == []  # nothing under a final name, no .part either
    only_sign_in_added(demo_file, before)
    with sqlite3.connect(demo_file) as conn:  # no package number used: the next export is 第1号
        assert conn.execute("SELECT count(*) FROM exchange_log").fetchone()[0] == 0


def test_encrypted_backup_to_a_stick_that_fills_up(demo_file: Path, password: Path, tmp_path: Path,
                                                  cheap_scrypt: None, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Real ENOSPC while the .snbak is written (the space check let through): a sentence, nothing on the
    stick, and no unencrypted snapshot left in the local backups folder."""
    from songnuan_desktop.services.backups import backup_archive, backups

    phrase = tmp_path / "口令.txt"
    phrase.write_text("备份口令-2026\n", encoding="utf-8")
    with tmpfs(tmp_path / "stick", "64k") as stick:
        monkeypatch.setattr(backup_archive, "check_space", lambda *_: None)
        before = audit(demo_file)
        assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(phrase),
                         "--user", "admin", "--password-file", str(password)]) == 1
        said(capsys.readouterr().err, "已满", "没有留下备份文件")
        assert list(stick.iterdir()) == []
    assert list(backups.backups_folder().glob("*.part")) == []  # the snapshot in the clear is gone
    only_sign_in_added(demo_file, before)


def test_encrypted_backup_to_a_full_stick_in_a_child_process(demo_file: Path, password: Path,
                                                             tmp_path: Path) -> None:
    phrase = tmp_path / "口令.txt"
    phrase.write_text("备份口令-2026\n", encoding="utf-8")
    with tmpfs(tmp_path / "stick", "32k") as stick:
        before = sha(demo_file)
        done = run("backup", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(phrase),
                   "--user", "admin", "--password-file", str(password))
        said(done, "空间不足")  # the free-space check, before anything is written
        assert list(stick.iterdir()) == []
    assert audit(demo_file)[-1] in SIGN_IN and sha(demo_file) != before  # only the sign-in was logged


def test_the_data_disk_fills_up_during_an_import(demo_file: Path, password: Path, tmp_path: Path) -> None:
    """The database itself on a disk with no room left for what the import writes: SQLite's
    'database or disk is full' in a sentence; the import is rolled back whole."""
    from tests.documents.messy_register import write_messy_register

    register = tmp_path / "花名册.xlsx"
    write_messy_register(register)
    with tmpfs(tmp_path / "disk", f"{demo_file.stat().st_size // 1024 + 96}k") as disk:
        db = disk / "songnuan.db"
        shutil.copyfile(demo_file, db)
        with sqlite3.connect(db) as conn:
            files_before = conn.execute("SELECT count(*) FROM worker_files").fetchone()[0]
        ballast = disk / "ballast"
        free = shutil.disk_usage(disk).free
        ballast.write_bytes(b"\0" * max(0, free - 40 * 1024))  # ~40 KB left: the login fits, the import not
        done = run("import-workers", str(register), "--db", str(db), "--user", "jingban", "--password-file",
                   str(password))
        said(done, "磁盘已满")
        ballast.unlink()
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM worker_files").fetchone()[0] == files_before
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_injected_enospc_while_backing_up(demo_file: Path, password: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from songnuan_desktop.services.backups import backups

    def full(_source: Path, target: Path, **_kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(backups, "copy_sqlite", full)
    before = audit(demo_file)
    assert cli.main(["backup", "--db", str(demo_file), "--user", "admin", "--password-file", str(password)]) == 1
    err = said(capsys.readouterr().err, "已满", str(backups.backups_folder()))
    assert "No space" not in err
    only_sign_in_added(demo_file, before)
    assert ("backup", "backups") not in audit(demo_file)


# --- read-only ---------------------------------------------------------------------------------------

def test_a_read_only_database_is_not_called_damaged(demo_file: Path, password: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "8m") as disk:
        db = disk / "songnuan.db"
        shutil.copyfile(demo_file, db)
        before = sha(db)
        read_only(disk)
        out = tmp_path / "凭证.pdf"
        done = run("vouchers", "--campaign", "2026年金秋助学", str(out), "--db", str(db), "--user", "jingban",
                   "--password-file", str(password))
        err = said(done, "只读")
        assert "已损坏" not in err and "文件损坏" not in err and not out.exists()
        assert sha(db) == before


def test_an_output_folder_that_is_read_only(demo_file: Path, password: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "1m") as folder:
        read_only(folder)
        before = audit(demo_file)
        done = run("roster", "--campaign", "2026年元旦春节送温暖", str(folder / "签收表.pdf"), "--db", str(demo_file),
                   "--user", "caiwu", "--password-file", str(password))
        said(done)
        assert "只读" in done.stderr or "写" in done.stderr
        assert list(folder.iterdir()) == []
    only_sign_in_added(demo_file, before)


# --- a database another program holds ----------------------------------------------------------------

def test_a_held_write_lock_is_worded_with_the_wait(demo_file: Path, password: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)  # the test waits 0.3 s, not 10
    holder = sqlite3.connect(demo_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another 送暖 window in the middle of a save
    try:
        before = audit(demo_file)
        assert cli.main(["backup", "--db", str(demo_file), "--user", "admin",
                         "--password-file", str(password)]) == 1
        said(capsys.readouterr().err, "数据库正被另一个程序使用（已等待 0.3 秒）", "关闭其他送暖窗口")
    finally:
        holder.rollback()
        holder.close()
    assert audit(demo_file) == before


def test_a_card_in_a_failing_statement_reaches_neither_stderr_nor_the_log(
        demo_file: Path, password: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 12: a locked database printed a full bank card from the SQL parameters. Here a real statement
    carrying a card fails on a real lock, and another on a real SQL error (an internal one)."""
    from sqlalchemy import text

    from songnuan_desktop.services.backups import backups

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)

    def change_a_card(db: object, *_args: object, **_kwargs: object) -> None:
        with db.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(text("UPDATE worker_files SET bank_card = :card WHERE file_no = :no"),
                         {"card": CARD, "no": "JZ-2024-0001"})

    argv = ["backup", "--db", str(demo_file), "--user", "admin", "--password-file", str(password)]
    signed: list[sqlite3.Connection] = []

    def lock_then_change(db: object, *args: object, **kwargs: object) -> None:
        """After the sign-in, another program takes the write lock; then the card's statement waits, fails."""
        other = sqlite3.connect(demo_file, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        signed.append(other)
        change_a_card(db, *args, **kwargs)

    monkeypatch.setattr(backups, "backup_now", lock_then_change)
    try:
        assert cli.main(argv) == 1
    finally:
        for other in signed:
            other.rollback()
            other.close()
    said(capsys.readouterr().err, "数据库正被另一个程序使用")

    def broken_statement(db: object, *_args: object, **_kwargs: object) -> None:
        with db.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(text("UPDATE no_such_table SET bank_card = :card"), {"card": CARD})

    monkeypatch.setattr(backups, "backup_now", broken_statement)
    assert cli.main(argv) == 1
    err = said(capsys.readouterr().err, "程序内部错误", str(config.log_file()))
    assert "no_such_table" not in err
    log = config.log_file().read_text(encoding="utf-8")
    assert "no_such_table" in log and CARD not in log  # the traceback is there, the card masked
    with sqlite3.connect(demo_file) as conn:
        assert conn.execute("SELECT count(*) FROM worker_files WHERE bank_card = ?", (CARD,)).fetchone()[0] == 0


# --- secrets and paths given wrong --------------------------------------------------------------------

@pytest.mark.parametrize("given", ["missing", "empty", "folder"])
def test_a_password_file_missing_empty_or_a_folder(demo_file: Path, tmp_path: Path, given: str) -> None:
    secret = tmp_path / "pw.txt"
    if given == "empty":
        secret.write_text("\n", encoding="utf-8")
    if given == "folder":
        secret.mkdir()
    before = sha(demo_file)
    done = run("export-workers", str(tmp_path / "登记表.xlsx"), "--db", str(demo_file), "--user", "jingban",
               "--password-file", str(secret))
    said(done, "密码文件", {"missing": "找不到", "empty": "第一行是空的", "folder": "文件夹"}[given])
    assert sha(demo_file) == before and not (tmp_path / "登记表.xlsx").exists()


def test_an_empty_passphrase_file(demo_file: Path, password: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    phrase = tmp_path / "口令.txt"
    phrase.write_text("\ufeff\n", encoding="utf-8")
    stick = tmp_path / "stick"
    stick.mkdir()
    before = sha(demo_file)
    assert cli.main(["export-package", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(phrase),
                     "--user", "jingban", "--password-file", str(password)]) == 1
    said(capsys.readouterr().err, "口令文件", "第一行是空的")
    assert sha(demo_file) == before and list(stick.iterdir()) == []


@pytest.mark.parametrize("where", ["a folder", "in a missing folder"])
def test_an_output_that_is_a_folder_or_in_a_missing_folder(demo_file: Path, password: Path, tmp_path: Path,
                                                          where: str) -> None:
    out = tmp_path if where == "a folder" else tmp_path / "没有这个文件夹" / "签收表.pdf"
    before = sha(demo_file)
    done = run("roster", "--campaign", "2026年元旦春节送温暖", str(out), "--db", str(demo_file), "--user", "caiwu",
               "--password-file", str(password))
    said(done, "是一个文件夹" if where == "a folder" else "不存在")
    assert sha(demo_file) == before


def test_a_stick_folder_that_is_not_there(demo_file: Path, password: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    phrase = tmp_path / "口令.txt"
    phrase.write_text("备份口令-2026\n", encoding="utf-8")
    before = sha(demo_file)
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(tmp_path / "E盘"), "--passphrase-file",
                     str(phrase), "--user", "admin", "--password-file", str(password)]) == 1
    said(capsys.readouterr().err, "不存在", "U盘")
    assert sha(demo_file) == before


# --- the window's boundary says the same --------------------------------------------------------------

def test_the_window_relay_words_a_locked_database_as_the_command_line_does(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The job relay (workers.lanes) logs the traceback and hands the screen the exception, which
    ui.messages.describe words with the command line's sentence; no SQL, no card, no traceback."""
    from sqlalchemy import text

    from songnuan_desktop.services import failures
    from songnuan_desktop.ui.messages import describe
    from songnuan_desktop.workers.lanes import Lanes

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    config.setup_logging()
    db = open_database(f"sqlite:///{demo_file}")
    holder = sqlite3.connect(demo_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    lanes, seen = Lanes(), []

    def change_a_card() -> None:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE worker_files SET bank_card = :card"), {"card": CARD})

    try:
        lanes.submit(lanes.db, change_a_card, on_error=lambda exc: seen.append(describe(exc)))
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    finally:
        lanes.wait()
        holder.rollback()
        holder.close()
        db.close()
    (shown,) = seen
    assert shown.startswith("数据库正被另一个程序使用（已等待 0.2 秒），请关闭其他送暖窗口")
    assert shown == failures.words(sqlite3.OperationalError("database is locked"))
    log = config.log_file().read_text(encoding="utf-8")
    assert "change_a_card" in log and "Traceback" in log and CARD not in log


# --- the wording itself ------------------------------------------------------------------------------

def test_each_kind_of_failure_has_its_sentence_and_no_number(tmp_path: Path) -> None:
    import errno

    from sqlalchemy.exc import OperationalError

    from songnuan_desktop.services import failures

    named = f"/media/U盘/张三-{CARD}.pdf"  # a file named after a person's card: the number is masked
    cases = {
        OSError(errno.ENOSPC, "No space left on device", named): ("已满", "/media/U盘"),
        OSError(errno.EROFS, "Read-only file system", named): ("只读", "/media/U盘"),
        OSError(errno.EACCES, "Permission denied", named): ("没有权限", "/media/U盘"),
        OSError(errno.ENOENT, "No such file or directory", named): ("找不到", "张三-"),
        OSError(errno.EISDIR, "Is a directory", "/media/U盘"): ("是一个文件夹", "文件名"),
        OSError(errno.EIO, "Input/output error"): ("U盘", "拔出"),
        OperationalError("UPDATE worker_files SET bank_card=?", (CARD,),
                         sqlite3.OperationalError("attempt to write a readonly database")): ("只读", "没有损坏"),
        OperationalError("INSERT …", (CARD,), sqlite3.OperationalError("database or disk is full")): ("磁盘已满",),
        OperationalError("COMMIT", (), sqlite3.OperationalError("disk I/O error")): ("磁盘出错",),
        OperationalError("SELECT 1", (), sqlite3.OperationalError("unable to open database file")): ("只读",),
        sqlite3.DatabaseError("file is not a database"): ("已损坏", "restore"),
        RuntimeError(f"bug with {CARD}"): ("程序内部错误", "songnuan.log"),
    }
    for exc, words in cases.items():
        text = failures.words(exc)
        assert CARD not in text and "Error" not in text and "[SQL" not in text, text
        for word in words:
            assert word in text, (word, text)
    assert failures.redact(f"卡号{CARD}，电话13812345678，身份证52262219800101123X") == \
        "卡号622**************23，电话138******78，身份证522*************3X"


def test_a_data_folder_that_cannot_be_written_still_gives_a_sentence(demo_file: Path, tmp_path: Path) -> None:
    """The log cannot be opened in the data folder (read-only): it goes to the temporary folder, and the
    person sees the sentence, never a logging error's traceback."""
    with tmpfs(tmp_path / "data", "1m") as data:
        read_only(data)
        argv = ["export-workers", str(tmp_path / "x.xlsx"), "--db", str(demo_file), "--user", "jingban",
                "--password-file", str(tmp_path / "无.txt")]
        done = forked.run("-m", "songnuan_desktop", *argv, env=dict(os.environ, PYTHONPATH=str(ROOT),
                                                                     SONGNUAN_DATA_DIR=str(data)), cwd=ROOT,
                          timeout=120)
        said(done, "找不到密码文件")
        assert "Logging error" not in done.stderr and list(data.iterdir()) == []
