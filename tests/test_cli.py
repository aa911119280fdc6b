"""The `songnuan` command as an office or a county runs it."""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from songnuan_desktop import __version__, cli
from songnuan_desktop.cli import audit, window
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import setup
from tests.demo_offices import DemoOffices


CLERK_PASSWORD = "Jingban2026"


@pytest.fixture
def office_file(tmp_path: Path, setup_data: setup.SetupData, demo_offices: DemoOffices) -> Path:
    """The set-up office (a copy of the run's one setup.initialize) with its administrator and one clerk,
    jingban (who imports registers)."""
    from songnuan_desktop.domain.roles import Role
    from songnuan_desktop.services.access import auth, users

    path = demo_offices.office_file(tmp_path / "office.db", setup_data)
    db = open_database("sqlite:///" + str(path))
    admin = auth.login(db, setup_data.admin_username, setup_data.admin_password)
    # one_time=False: as if jingban had signed in once in the window and chosen this password
    users.create_user(db, admin, "jingban", "吴晓燕", CLERK_PASSWORD, frozenset({Role.CLERK}), one_time=False)
    db.close()
    return path


@pytest.fixture
def clerk_password(tmp_path: Path) -> Path:
    secret = tmp_path / "clerk.txt"
    secret.write_text(CLERK_PASSWORD + "\n", encoding="utf-8")
    return secret


def test_version_and_chinese_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert "困难职工帮扶" in text and "--db" in text and "audit-verify" in text
    # argparse's own words too (issue 13): no "usage:", "options", "show this help message"
    assert text.startswith("用法：songnuan") and "\n选项：\n" in text and "显示本帮助后退出" in text
    assert "usage" not in text and "options:" not in text and "show this" not in text
    with pytest.raises(SystemExit) as refused:
        cli.main(["roster", "--no-such-option"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "错误：缺少必须给出的参数" in err and "error" not in err



def test_each_sub_command_names_the_function_that_runs_it() -> None:
    """Dispatch is the parser's (issue 17 item 2): every sub-parser sets `run`, and without a sub-command the
    window runs; the files a command reads (`reads`) name its own arguments, so the checks before any work see
    them."""
    parser = cli._parser()
    assert parser.get_default("run") is window.run and parser.parse_args([]).run is window.run
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in sub.choices.items():
        run = command.get_default("run")
        assert callable(run) and run is not window.run, name
        dests = {a.dest for a in command._actions}
        assert set(command.get_default("reads") or {}) <= dests, name
    assert parser.parse_args(["audit-verify"]).run is audit.cmd_audit_verify
    assert {name for name, command in sub.choices.items() if command.get_default("reads")} == {
        "import-workers", "restore", "import-decisions", "merge"}

def test_audit_verify_passes_then_names_the_edited_row(office_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["audit-verify", "--db", str(office_file)]) == 0
    assert "哈希链校验通过" in capsys.readouterr().out
    with sqlite3.connect(office_file) as conn:  # someone edits the log behind the program's back
        seq = conn.execute("SELECT min(seq) FROM audit_log WHERE after_json LIKE '%旧州镇%'").fetchone()[0]
        conn.execute("UPDATE audit_log SET after_json = replace(after_json, '旧州镇', '新州镇') WHERE seq = ?", (seq,))
    assert cli.main(["audit-verify", "--db", str(office_file)]) == 1
    out = capsys.readouterr().out
    assert f"第 {seq} 条" in out and "被改动" in out


def test_database_from_the_environment(office_file: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SONGNUAN_DATABASE_URL", str(office_file))
    assert cli.main(["audit-verify"]) == 0


def test_module_runs_as_the_command(tmp_path: Path) -> None:
    env = dict(os.environ, SONGNUAN_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "songnuan_desktop", "--version"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"songnuan {__version__}"


def test_export_workers_needs_a_signed_in_user(tmp_path: Path, capsys,
                                               demo_offices: DemoOffices) -> None:  # type: ignore[no-untyped-def]
    path = demo_offices.file(tmp_path / "demo.db", workers=30, seed=3)
    secret = tmp_path / "pw.txt"
    secret.write_text("wrong-one1\n", encoding="utf-8")
    out = tmp_path / "reg.xlsx"
    assert cli.main(["export-workers", str(out), "--db", str(path), "--user", "jingban",
                     "--password-file", str(secret)]) == 1
    assert "不正确" in capsys.readouterr().err and not out.exists()
    secret.write_text("songnuan2026\n", encoding="utf-8")
    assert cli.main(["export-workers", str(out), "--db", str(path), "--user", "jingban",
                     "--password-file", str(secret)]) == 0
    assert "已导出 30 户" in capsys.readouterr().out and out.exists()


def test_import_workers_prints_json_last_and_a_second_run_changes_nothing(
        office_file: Path, clerk_password: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.documents.messy_register import write_messy_register

    register = tmp_path / "花名册.xlsx"
    expected = write_messy_register(register)
    report = tmp_path / "退回.xlsx"
    argv = ["import-workers", str(register), "--db", str(office_file), "--user", "jingban", "--password-file",
            str(clerk_password), "--report", str(report), "--json"]
    assert cli.main(argv) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert (result["imported"], result["updated"], result["rejected"]) == (len(expected.valid), 0,
                                                                          len(expected.rejected))
    assert sorted(r["row"] for r in result["rejected_rows"]) == sorted(expected.rejected)
    assert all(r["reason"] for r in result["rejected_rows"])
    assert any("第 5 行退回：身份证号" in line for line in lines) and report.exists()
    with sqlite3.connect(office_file) as conn:
        # in the clerk's name (it was "系统账户:root" without a sign-in: issue 12)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE username = 'jingban' "
                            "AND entity = 'worker_files'").fetchone()[0] >= len(expected.valid)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE username LIKE '系统账户:%'").fetchone()[0] == 0
        before = conn.execute("SELECT file_no, row_version FROM worker_files ORDER BY file_no").fetchall()
    assert cli.main([*argv[:-1], "--update-existing", "--json"]) == 0
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, len(expected.valid))
    with sqlite3.connect(office_file) as conn:
        assert conn.execute("SELECT file_no, row_version FROM worker_files ORDER BY file_no").fetchall() == before


def test_import_workers_says_what_is_wrong_with_the_file(office_file: Path, clerk_password: Path, tmp_path: Path,
                                                          capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    bogus = tmp_path / "旧表.xls"
    bogus.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    assert cli.main(["import-workers", str(bogus), "--db", str(office_file), "--user", "jingban", "--password-file",
                     str(clerk_password), "--json"]) == 1
    captured = capsys.readouterr()
    assert "另存为 .xlsx" in captured.err and "error" in json.loads(captured.out.strip().splitlines()[-1])


def test_print_file_writes_the_sheet_of_the_numbered_file(tmp_path: Path, capsys,
                                                          demo_offices: DemoOffices) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    path = demo_offices.file(tmp_path / "demo.db", workers=5, seed=3)
    with sqlite3.connect(path) as conn:
        file_no, name = conn.execute("SELECT file_no, name FROM worker_files ORDER BY file_no LIMIT 1").fetchone()
        before = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print_file_sheet'").fetchone()[0]
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    out = tmp_path / "档案表.pdf"
    common = ["--db", str(path), "--user", "jingban", "--password-file", str(secret)]
    assert cli.main(["print-file", "JZ-1999-0001", str(out), *common]) == 1
    assert "找不到档案编号为“JZ-1999-0001”的档案" in capsys.readouterr().err and not out.exists()
    assert cli.main(["print-file", file_no, str(out), *common]) == 0
    assert f"已打印档案 {file_no}" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages).replace(" ", "")
    assert name in text and file_no in text
    with sqlite3.connect(path) as conn:
        after = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print_file_sheet'").fetchone()[0]
    assert after == before + 1


def test_notice_prints_the_campaigns_latest_notice_for_a_signed_in_user(tmp_path: Path, capsys,
                                                                        demo_offices: DemoOffices) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    path = demo_offices.file(tmp_path / "demo.db", workers=20, seed=3)
    with sqlite3.connect(path) as conn:
        campaign_id = conn.execute("SELECT id FROM campaigns WHERE name = '2027年元旦春节送温暖'").fetchone()[0]
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    out = tmp_path / "公示.pdf"
    common = ["--db", str(path), "--user", "shenhe", "--password-file", str(secret)]
    assert cli.main(["notice", "--campaign", "2099年送温暖", str(out), *common]) == 1
    assert "找不到活动“2099年送温暖”" in capsys.readouterr().err and not out.exists()
    assert cli.main(["notice", "--campaign", "2027年元旦春节送温暖", str(out), *common]) == 0
    assert "已打印活动“2027年元旦春节送温暖”的公示" in capsys.readouterr().out
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(str(out)).pages)
    assert "2027年元旦春节送温暖拟帮扶对象公示" in text and "公示期为2026年11月10日至2026年11月16日" in text
    assert cli.main(["notice", "--campaign", str(campaign_id), str(out), *common]) == 0  # by id too
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print_notice'").fetchone()[0] == 2


def test_vouchers_numbers_a_campaigns_approved_items_and_reprints_on_request(tmp_path: Path, capsys,
                                                                             demo_offices: DemoOffices) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    path = demo_offices.file(tmp_path / "demo.db", workers=40, seed=3)
    with sqlite3.connect(path) as conn:
        last = conn.execute("SELECT last_seq FROM voucher_counters WHERE year = 2026").fetchone()[0]
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    out = tmp_path / "凭证.pdf"
    common = ["--db", str(path), "--password-file", str(secret), "--campaign", "2026年金秋助学", str(out)]
    assert cli.main(["vouchers", "--user", "shenhe", *common]) == 1  # a reviewer does not print vouchers
    assert "经办人" in capsys.readouterr().err and not out.exists()
    assert cli.main(["vouchers", "--user", "jingban", *common]) == 0
    assert f"2026-JQZX01-{last + 1:06d}" in capsys.readouterr().out
    first = ["".join(page.extract_text().split()) for page in PdfReader(str(out)).pages]
    assert all("补打" not in page for page in first)
    assert cli.main(["vouchers", "--user", "jingban", *common]) == 1  # nothing left without a voucher
    assert "补打" in capsys.readouterr().err
    assert cli.main(["vouchers", "--user", "caiwu", "--reprint", *common]) == 0
    again = ["".join(page.extract_text().split()) for page in PdfReader(str(out)).pages]
    assert len(again) > len(first) and all("补打（第1次）" in page for page in again)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print_vouchers'").fetchone()[0] == 2
