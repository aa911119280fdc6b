"""Issue 12 item 2: every command that changes or shows personal data signs in, with the window's roles,
and is audit-logged in the signed-in user's name (import-workers ran as "系统账户:root"; backup,
backup --to and restore needed no sign-in and left no audit entry)."""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from songnuan_desktop import cli
from songnuan_desktop.demo.data import PASSWORD
from tests.killing import ROOT


@pytest.fixture
def demo_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "office" / "songnuan.db"
    path.parent.mkdir()
    assert cli.main(["demo", "--db", str(path), "--workers", "8", "--seed", "4"]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def password(tmp_path: Path) -> Path:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    return secret


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_but_a_short_list_requires_user() -> None:
    commands = _commands()
    assert set(cli.WITHOUT_SIGN_IN) == {"demo", "audit-verify"}  # nothing personal changed or shown
    assert {"import-workers", "backup", "restore", "export-package", "merge", "export-decisions",
            "import-decisions", "roster", "bank-list", "vouchers", "print-file"} <= set(commands)
    for name, parser in commands.items():
        options = {a.dest: a for a in parser._actions}
        if name in cli.WITHOUT_SIGN_IN:
            assert "user" not in options, name
            continue
        assert "user" in options and options["user"].required and options["user"].default is None, name
        assert "password_file" in options, name


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_import_workers_without_user_is_refused_in_chinese(demo_file: Path, tmp_path: Path) -> None:
    register = tmp_path / "花名册.xlsx"
    register.write_bytes(b"not read")
    before = hashlib.sha256(demo_file.read_bytes()).hexdigest()
    done = subprocess.run([sys.executable, "-m", "songnuan_desktop", "import-workers", str(register),
                           "--db", str(demo_file)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "缺少必须给出的参数：--user" in done.stderr and "用法：" in done.stderr
    assert "Traceback" not in done.stderr and "usage" not in done.stderr
    assert hashlib.sha256(demo_file.read_bytes()).hexdigest() == before


def test_no_password_file_and_no_terminal_is_a_refusal(demo_file: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "songnuan_desktop", "backup", "--db", str(demo_file),
                           "--user", "admin"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and "--password-file" in done.stderr and "Traceback" not in done.stderr
    assert not any((tmp_path / "office").glob("backups/*"))


def test_backup_and_restore_need_an_administrator_and_are_logged(demo_file: Path, password: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--db", str(demo_file), "--password-file", str(password)]
    assert cli.main(["backup", *common, "--user", "jingban"]) == 1  # a clerk: 设置 › 备份 is the admin's
    assert "管理员" in capsys.readouterr().err
    assert cli.main(["backup", *common, "--user", "admin"]) == 0
    made = Path(capsys.readouterr().out.split("已备份：", 1)[1].split("（", 1)[0])
    logged = _rows(demo_file, "SELECT username, entity_id FROM audit_log WHERE action = 'backup'")
    assert logged == [("admin", made.name)]
    assert cli.main(["restore", str(made), *common, "--user", "jingban"]) == 1
    assert "管理员" in capsys.readouterr().err
    assert cli.main(["restore", str(made), *common, "--user", "admin"]) == 0
    assert "已从" in capsys.readouterr().out
    restored = _rows(demo_file, "SELECT username, entity_id FROM audit_log WHERE action = 'restore'")
    assert restored == [("admin", made.name)]  # logged in the restored database, after it is in place


def test_import_workers_is_the_clerks_and_names_them(demo_file: Path, password: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from tests.documents.messy_register import write_messy_register

    register = tmp_path / "花名册.xlsx"
    write_messy_register(register)
    common = [str(register), "--db", str(demo_file), "--password-file", str(password)]
    before = _rows(demo_file, "SELECT count(*) FROM worker_files")
    assert cli.main(["import-workers", *common, "--user", "caiwu"]) == 1  # finance does not import files
    assert "经办人" in capsys.readouterr().err
    assert _rows(demo_file, "SELECT count(*) FROM worker_files") == before
    assert cli.main(["import-workers", *common, "--user", "jingban"]) == 0
    names = {r[0] for r in _rows(demo_file, "SELECT DISTINCT username FROM audit_log WHERE entity = 'worker_files'"
                                            " AND seq > (SELECT max(seq) FROM audit_log WHERE action = 'login') - 1")}
    assert names == {"jingban"}
    assert _rows(demo_file, "SELECT count(*) FROM audit_log WHERE username LIKE '系统账户:%'") == [(0,)]


def test_restore_of_a_damaged_database_signs_in_to_the_backup(demo_file: Path, password: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--password-file", str(password), "--user", "admin"]
    assert cli.main(["backup", "--db", str(demo_file), *common]) == 0
    made = Path(capsys.readouterr().out.split("已备份：", 1)[1].split("（", 1)[0])
    backup_bytes = made.read_bytes()
    demo_file.write_bytes(b"\0" * 4096)  # the current database is damaged: nobody can sign in to it
    for side in ("-wal", "-shm"):
        Path(f"{demo_file}{side}").unlink(missing_ok=True)
    wrong = password.with_name("wrong.txt")
    wrong.write_text("not-the-password\n", encoding="utf-8")
    assert cli.main(["restore", str(made), "--db", str(demo_file), "--user", "admin",
                     "--password-file", str(wrong)]) == 1
    assert "不正确" in capsys.readouterr().err and demo_file.read_bytes() == b"\0" * 4096
    assert cli.main(["restore", str(made), "--db", str(demo_file), "--user", "jingban",
                     "--password-file", str(password)]) == 1  # a clerk of the backup is no administrator
    assert "管理员" in capsys.readouterr().err
    assert cli.main(["restore", str(made), "--db", str(demo_file), *common]) == 0
    capsys.readouterr()
    assert made.read_bytes() == backup_bytes  # signed in to a copy: the backup itself is untouched
    assert _rows(demo_file, "SELECT username FROM audit_log WHERE action = 'restore'") == [("admin",)]
    assert not list(demo_file.parent.glob(".*restoring-*"))  # the private copy is gone


def test_restore_of_a_damaged_database_from_an_encrypted_backup(demo_file: Path, password: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The sign-in against a .snbak decrypts its database into a private folder beside the database, signs in
    there and removes it: nothing of the backup stays in the clear."""
    from songnuan_desktop.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    stick, phrase = tmp_path / "stick", tmp_path / "口令.txt"
    stick.mkdir()
    phrase.write_text("备份口令-2026\n", encoding="utf-8")
    signed = ["--user", "admin", "--password-file", str(password)]
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(phrase),
                     *signed]) == 0
    (made,) = stick.glob("*.snbak")
    capsys.readouterr()
    demo_file.write_bytes(b"not a database at all" * 100)
    for side in ("-wal", "-shm"):
        Path(f"{demo_file}{side}").unlink(missing_ok=True)
    assert cli.main(["restore", str(made), "--db", str(demo_file), "--passphrase-file", str(phrase), *signed]) == 0
    capsys.readouterr()
    assert _rows(demo_file, "SELECT username FROM audit_log WHERE action = 'restore'") == [("admin",)]
    assert [p.name for p in demo_file.parent.iterdir() if p.name.startswith(".")] == []  # no private copy left
