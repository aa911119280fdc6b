"""活动总结 on paper (issue 16 items 2 and 6): `songnuan summary` as an office runs it, signed in, for each demo
campaign; the PDF read back with pdftotext — the title, every paragraph word for word, every table's figures in
exact yuan, 制表单位/制表日期 in the paper's date style, the signing lines and 第 X 页 共 Y 页 — and the .txt; rare
characters drawn or refused; what cannot be done refused in words with exit code 1 and nothing written."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop import cli
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.persistence.models import VisitGroup
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports.campaign_summary import paragraphs, summary_of, summary_tables, text_of
from tests.demo_offices import DemoOffices

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
CAMPAIGNS = ("2026年元旦春节送温暖", "2026年金秋助学", "2027年元旦春节送温暖")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")


@pytest.fixture
def office(tmp_path: Path, demo_offices: DemoOffices) -> tuple[Path, Path]:
    path = demo_offices.file(tmp_path / "demo.db", workers=300, seed=2)
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    return path, secret


def common(office: tuple[Path, Path], password: Path | None = None) -> list[str]:
    path, secret = office
    return ["--db", str(path), "--user", "jingban", "--password-file", str(password or secret)]


def pdf_text(pdf: Path, layout: bool = False) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_the_printed_summary_says_every_paragraph_and_figure(office: tuple[Path, Path], tmp_path: Path,
                                                             name: str) -> None:
    out = tmp_path / "总结.pdf"
    assert cli.main(["summary", "--campaign", name, str(out), *common(office)]) == 0
    today = dt.date.today()
    db = open_database("sqlite:///" + str(office[0]))
    try:
        summary = summary_of(db, auth.login(db, "jingban", "songnuan2026"), name, today)
    finally:
        db.close()
    text = pdf_text(out)
    flat = squeezed(text)
    assert squeezed(summary.title) in flat
    for paragraph in paragraphs(summary):
        assert squeezed(paragraph) in flat, paragraph
    layout = pdf_text(out, layout=True).split("附表", 1)[1]
    lines = layout.splitlines()
    start = 0
    for table in summary_tables(summary):
        assert squeezed(table.title) in flat
        start = next(n for n, line in enumerate(lines) if n >= start and squeezed(table.title) in squeezed(line))
        for row in (*table.rows, *([table.total] if table.total is not None and table.rows else [])):
            head = squeezed(row.label)[:8]
            at = next(n for n, line in enumerate(lines) if n > start and squeezed(line).startswith(head))
            window = lines[max(at - 1, 0):at + 3]  # a label wrapped in its cell: the figures on a line near it
            for i in range(len(row.values)):
                figure = table.text(row, i)
                assert any(re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d,.])", line) for line in window), (
                    table.title, row.label, figure, window)
    assert f"制表单位：{summary.office_name}" in text and f"制表日期：{date_text(today)}" in text
    assert all(f"{role}（签字）：" in text for role in ("制表人", "审核人", "负责人"))
    pages = int(re.search(r"共(\d+)页", flat).group(1))  # type: ignore[union-attr]
    assert pages >= 1 and all(f"第{n}页共{pages}页" in flat for n in range(1, pages + 1))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "no ISO date on paper"
    assert ("截至" in summary.title + text) is not summary.closed


def test_the_text_is_the_title_and_the_paragraphs(office: tuple[Path, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "总结.txt"
    assert cli.main(["summary", "--campaign", CAMPAIGNS[0], str(out), *common(office)]) == 0
    assert "活动总结写到" in capsys.readouterr().out
    db = open_database("sqlite:///" + str(office[0]))
    try:
        expected = text_of(summary_of(db, auth.login(db, "jingban", "songnuan2026"), CAMPAIGNS[0]))
    finally:
        db.close()
    assert out.read_bytes().decode("utf-8-sig") == expected
    assert expected.startswith("2026年元旦春节送温暖活动总结\r\n\r\n　　")


@pytest.mark.skipif(not HANAZONO.is_file(), reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_a_rare_character_is_drawn_and_one_no_font_has_refuses_the_paper(
        office: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database("sqlite:///" + str(office[0]))
    try:
        with db.write(auth.login(db, "jingban", "songnuan2026").actor) as session:
            group = session.scalars(select(VisitGroup).order_by(VisitGroup.name)).first()
            assert group is not None
            group.leader = "副镇长 王䶮"
    finally:
        db.close()
    out = tmp_path / "总结.pdf"
    assert cli.main(["summary", "--campaign", CAMPAIGNS[2], str(out), *common(office)]) == 0
    assert "副镇长王䶮" in squeezed(pdf_text(out))
    db = open_database("sqlite:///" + str(office[0]))
    try:
        with db.write(auth.login(db, "jingban", "songnuan2026").actor) as session:
            group = session.get(VisitGroup, group.id)
            assert group is not None
            group.leader = "李\U00031350"
    finally:
        db.close()
    capsys.readouterr()
    refused = tmp_path / "缺字.pdf"
    assert cli.main(["summary", "--campaign", CAMPAIGNS[2], str(refused), *common(office)]) == 1
    assert "U+31350" in capsys.readouterr().err
    assert not refused.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".缺字")]


def test_what_cannot_be_done_is_refused_in_words(office: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    cases = [
        (["summary", "--campaign", "没有这个活动", str(tmp_path / "a.pdf"), *common(office)], "找不到活动"),
        (["summary", "--campaign", CAMPAIGNS[0], str(tmp_path / "a.docx"), *common(office)], ".pdf 或 .txt"),
        (["summary", "--campaign", CAMPAIGNS[0], str(tmp_path / "a.pdf"), *common(office, wrong)], "密码"),
    ]
    for argv, words in cases:
        capsys.readouterr()
        assert cli.main(argv) == 1
        assert words in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "a.docx").exists()
