"""The bank list PDF of a demo campaign (issue 14 item 2), read back with pdftotext: each bank section's 小计
equals its rows, the 汇总 equals the campaign's total of approved items with a card; written from the command
line when OUT ends in .pdf, and logged like the .xlsx."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from songnuan_desktop import cli
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, AuditEntry, Campaign, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts.bank_list import export_bank_list
from tests.demo_offices import DemoOffices
from tests.documents.test_bank_list_pdf import AMOUNT, _fen, pages_of, sections_read_back

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
STUDENT_AID = "2026年金秋助学"


@pytest.fixture(scope="module")
def demo_path(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("bank-list") / "demo.db", workers=300, seed=11)


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[Database]:
    db = open_database("sqlite:///" + str(demo_path))
    yield db
    db.close()


def bank_total(db: Database, campaign: str) -> tuple[int, int]:
    """(count, fen) of the campaign's approved items whose household has a bank card: what the bank pays."""
    with db.read() as session:
        count, fen = session.execute(
            select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.name == campaign, AssistanceItem.state == ItemState.APPROVED.value,
                   func.coalesce(WorkerFile.bank_card, "") != "")).one()
    return int(count), int(fen)


def test_each_section_adds_up_and_the_summary_is_the_campaigns_bank_total(demo: Database, tmp_path: Path) -> None:
    count, fen = bank_total(demo, STUDENT_AID)
    assert count > 5
    out = export_bank_list(demo, auth.login(demo, "caiwu", "songnuan2026"), STUDENT_AID, tmp_path / "代发.pdf")
    pages = pages_of(out)
    found, summary = sections_read_back(pages)
    assert len(found) >= 2
    for bank, (_rows, summed, printed) in found.items():
        assert summed == printed, bank  # the 小计 is its rows
    assert sum(rows for rows, _s, _p in found.values()) == count
    total_line = next(line for line in summary if re.match(r"\s*合计", line))
    assert _fen(AMOUNT.findall(total_line)[0]) == fen == sum(p for _r, _s, p in found.values())
    with demo.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_bank_list")
                                .order_by(AuditEntry.seq.desc())).first()
    assert entry is not None and json.loads(entry.after_json or "{}")["format"] == "pdf"
    assert not re.search(r"\d{4}-\d{2}-\d{2}(?!\d)", "\n".join(pages))  # no ISO date


def test_the_command_line_writes_the_pdf_when_asked(demo_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    out = tmp_path / "代发.pdf"
    assert cli.main(["bank-list", "--campaign", STUDENT_AID, str(out), "--db", str(demo_path), "--user", "caiwu",
                     "--password-file", str(secret)]) == 0
    assert "银行代发清单" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF") and "（汇总）" in "".join(pages_of(out))
