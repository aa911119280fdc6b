"""`songnuan roster` and `songnuan bank-list` as an office runs them: signed in, refused by role, logged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from songnuan_desktop import cli
from tests.demo_offices import DemoOffices


def test_roster_and_bank_list_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    demo_offices: DemoOffices) -> None:
    path = demo_offices.file(tmp_path / "demo.db", workers=60, seed=3)
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")

    def common(user: str) -> list[str]:
        return ["--db", str(path), "--user", user, "--password-file", str(secret)]

    out = tmp_path / "签收表.pdf"
    assert cli.main(["roster", "--campaign", "2026年元旦春节送温暖", str(out), *common("shenpi")]) == 1
    assert "公开版" in capsys.readouterr().err and not out.exists()
    assert cli.main(["roster", "--campaign", "2026年元旦春节送温暖", "--public", "--split", "village", str(out),
                     *common("shenpi")]) == 0
    assert "发放签收表（公开版）" in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "慰问金发放签收表" in text and "村（社区）：" in text and "联系电话" not in text
    bank = tmp_path / "代发.xlsx"
    assert cli.main(["bank-list", "--campaign", "2026年金秋助学", str(bank), *common("caiwu")]) == 0
    assert "身份证号" in [c.value for c in load_workbook(bank).active[4]]
    # no payer account in the settings: warned
    assert "未填付款单位户名、付款账号或付款开户行" in capsys.readouterr().err
    with sqlite3.connect(path) as conn:
        actions = [a for (a,) in conn.execute(
            "SELECT action FROM audit_log WHERE action IN ('export_roster', 'export_bank_list') ORDER BY seq")]
    assert actions == ["export_roster", "export_bank_list"]
