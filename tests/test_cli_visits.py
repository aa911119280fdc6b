"""`songnuan visit-sheet`: the day's route sheet from the command line, for all groups or one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from songnuan_desktop import cli
from tests.demo_offices import DemoOffices

CONFLICT_DAY = "2026-11-18"  # the demo's day with 第一慰问组 booked twice


def test_visit_sheet_prints_the_days_groups_or_one_group(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         demo_offices: DemoOffices) -> None:
    path = demo_offices.file(tmp_path / "demo.db", workers=300, seed=11)
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    common = ["--db", str(path), "--user", "jingban", "--password-file", str(secret)]
    out = tmp_path / "走访安排表.pdf"
    assert cli.main(["visit-sheet", "--date", CONFLICT_DAY, str(out), *common]) == 0
    assert f"已打印 {CONFLICT_DAY} 的走访安排表" in capsys.readouterr().out
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages).replace(" ", "")
    assert "走访慰问安排表" in text and "第一慰问组" in text and "户主签字" in text
    one = tmp_path / "one.pdf"
    assert cli.main(["visit-sheet", "--date", CONFLICT_DAY, "--group", "第一慰问组", str(one), *common]) == 0
    only = "".join(p.extract_text() for p in PdfReader(str(one)).pages).replace(" ", "")
    assert "第一慰问组" in only and "第二慰问组" not in only and "第三慰问组" not in only
    assert cli.main(["visit-sheet", "--date", CONFLICT_DAY, "--group", "第九组", str(one), *common]) == 1
    assert "没有名为“第九组”的慰问组" in capsys.readouterr().err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'print_route_sheet'").fetchone()[0] == 2
