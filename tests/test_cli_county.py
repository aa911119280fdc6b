"""`songnuan county-checks`: the county demo's planted household in the three lists, --json, --report;
a township database is refused (exit 1, in Chinese)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from tests.demo_offices import DemoOffices


@pytest.fixture
def county_file(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[Path]:
    """build_county(townships=2, workers=20, seed=5): a copy of the run's one build."""
    path = demo_offices.county_file(tmp_path / "county.db", 2, 20, seed=5)
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield path


def _password(tmp_path: Path) -> Path:
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    return secret


def test_county_checks(county_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_xlsx = tmp_path / "县级统计.xlsx"
    assert cli.main(["county-checks", "--db", str(county_file), "--user", "xianzong", "--password-file",
                     str(_password(tmp_path)), "--json", "--report", str(out_xlsx)]) == 0
    lines = capsys.readouterr().out.splitlines()
    text = "\n".join(lines)
    assert "比对了 2 个乡镇的 41 份档案" in text
    assert "重复建档：1 项" in text and "重复发放：1 项" in text and "信息不一致：1 项" in text
    result = json.loads(lines[-1])
    assert result["checked"] and result["townships"] == 2 and result["report"] == str(out_xlsx)
    [paid] = result["double_payments"]
    assert len(paid["entries"]) == 2 and all(e["state"] == "paid" for e in paid["entries"])
    assert "*" in paid["id"] and out_xlsx.is_file()


def test_county_checks_refused_at_a_township(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             demo_offices: DemoOffices) -> None:
    path = demo_offices.file(tmp_path / "town.db", workers=5, seed=2)
    assert cli.main(["county-checks", "--db", str(path), "--user", "admin", "--password-file",
                     str(_password(tmp_path)), "--json"]) == 1
    captured = capsys.readouterr()
    refused = json.loads(captured.out.splitlines()[-1])
    assert "乡镇" in captured.err and refused["checked"] is False and "乡镇" in refused["error"]
