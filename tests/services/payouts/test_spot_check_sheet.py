"""The 抽查登记表 read back with pdftotext over a demo copy, and the demo's own spot-check (issue 14 item 8):
every 已抽查 item of the demo has its record, repeatable from the stored seed; the sheet names who drew the
sample and leaves 抽取人 / 复核人 / 负责人 to sign by hand (the 复核人 beneath the line never the drawer),
carries each household's address, date paid, method and voucher number and a 户主确认（签字） column, dates
as 2026年3月2日; a rare character is drawn (pdftotext finds it) or the sheet refused naming the household."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.documents.spot_check_pdf import CheckRow, CheckSheet, write_spot_check
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AssistanceItem, SpotCheck, SpotCheckEntry, Voucher, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.payouts import spot_checks
from tests.demo_offices import DemoOffices

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_H = "\U00031350"  # CJK Extension H: in no font of this machine
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}\.\d{2}\.\d{2}")


@pytest.fixture(scope="module")
def demo(demo_offices: DemoOffices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = demo_offices.file(tmp_path_factory.mktemp("spot-check") / "demo.db", workers=300, seed=11)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_sampled_item_of_the_demo_has_its_spot_check_record(demo: Database) -> None:
    with demo.read() as session:
        sampled = set(session.scalars(select(AssistanceItem.id).where(AssistanceItem.state == ItemState.SAMPLED.value)))
        entries = session.execute(
            select(SpotCheckEntry.item_id, SpotCheckEntry.result, SpotCheckEntry.method, SpotCheckEntry.checked_on,
                   SpotCheck.drawn_on, SpotCheck.id, SpotCheck.drawn_by, AssistanceItem.paid_by)
            .join(SpotCheck, SpotCheck.id == SpotCheckEntry.spot_check_id)
            .join(AssistanceItem, AssistanceItem.id == SpotCheckEntry.item_id)
            .order_by(SpotCheckEntry.position)).all()
    assert len(sampled) >= 5 and {e.item_id for e in entries} == sampled  # none 已抽查 without its record
    assert all(e.result == "属实" and e.method in spot_checks.METHODS and e.checked_on >= e.drawn_on for e in entries)
    assert all(e.drawn_by != e.paid_by for e in entries)  # four eyes: who paid did not check
    [check_id] = {e.id for e in entries}
    assert spot_checks.redraw(demo, check_id) == [e.item_id for e in entries]  # the stored seed repeats the draw


def test_the_sheet_names_the_drawer_and_leaves_every_signature_to_the_hand(demo: Database, tmp_path: Path) -> None:
    reviewer = auth.login(demo, "shenhe", "songnuan2026")
    with demo.read() as session:
        check_id = session.scalars(select(SpotCheck.id)).one()
        rows = session.execute(
            select(WorkerFile.address, AssistanceItem.paid_on, AssistanceItem.paid_method, Voucher.number)
            .join(AssistanceItem, AssistanceItem.worker_file_id == WorkerFile.id)
            .join(SpotCheckEntry, SpotCheckEntry.item_id == AssistanceItem.id)
            .join(Voucher, Voucher.item_id == AssistanceItem.id).where(Voucher.voided_at.is_(None))).all()
    text = text_of(spot_checks.export_list(demo, reviewer, check_id, tmp_path / "抽查.pdf"))
    flat = re.sub(r"\s+", "", text)
    assert "抽取人：潘国强" in flat and "抽取日期：2026年3月2日" in flat
    for role in ("抽取人", "复核人", "负责人"):
        assert f"{role}（签字）：" in flat
    assert "审核人：潘国强" not in flat and "龙正华" not in flat  # nothing pre-printed on a signing line
    assert "户主确认（签字）" in flat and "住址/单位" in flat and "凭证编号" in flat
    for address, paid_on, method, number in rows:
        assert address[:10] in flat and number in flat and date_text(paid_on) in flat
        assert {"cash": "现金", "card": "银行卡"}[method] in flat
    assert not ISO_DATE.search(text)


def test_names_beneath_the_lines_never_make_the_drawer_the_reviewer(demo: Database, tmp_path: Path) -> None:
    settings.set_value(demo, auth.login(demo, "admin", "songnuan2026"), "signature_names", "beneath")
    try:
        reviewer = auth.login(demo, "shenhe", "songnuan2026")
        with demo.read() as session:
            check_id = session.scalars(select(SpotCheck.id)).one()
        out = spot_checks.export_list(demo, reviewer, check_id, tmp_path / "抽查.pdf")
        bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', bbox)
        labels = {w: (float(x), float(y)) for x, y, w in words if w.endswith("（签字）：")}
        names = [(float(x), float(y), w) for x, y, w in words if w in ("潘国强", "龙正华")]
        line_y = labels["抽取人（签字）："][1]
        beneath = sorted((x, w) for x, y, w in names if 0 < y - line_y < 30)
        # 抽取人 潘国强 beneath the first line, 负责人 龙正华 beneath the last; nobody beneath 复核人
        assert [w for _x, w in beneath] == ["潘国强", "龙正华"]
        assert beneath[0][0] < labels["复核人（签字）："][0] < labels["负责人（签字）："][0] < beneath[1][0]
    finally:
        settings.set_value(demo, auth.login(demo, "admin", "songnuan2026"), "signature_names", "blank")


def sheet(name: str) -> CheckSheet:
    row = CheckRow(1, name, "JZ-2024-0007", "旧州镇人民政府", "深度困难", "1,000.00", "13985511027",
                   address="黄平县旧州镇寨碧村3组12号", paid_on="2026年1月20日", paid_method="现金",
                   voucher="2026-SWN01-000007")
    return CheckSheet("黄平县旧州镇总工会", "2026年元旦春节送温暖", "2026年3月2日", 10, 42, 84, (row,),
                      "潘国强（shenhe）", ("吴晓燕", "潘国强", "龙正华"), "潘国强")


@pytest.mark.skipif(not HANAZONO.is_file(), reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_a_rare_name_is_drawn_and_a_character_no_font_has_refuses_the_sheet(tmp_path: Path) -> None:
    for name in ("王䶮", "李𠮷"):
        out = tmp_path / f"{name}.pdf"
        write_spot_check(sheet(name), out, cjk_font())
        assert name in text_of(out)
    out = tmp_path / "missing.pdf"
    with pytest.raises(MissingGlyphs) as refused:
        write_spot_check(sheet(f"王{EXT_H}"), out, cjk_font())
    assert f"户主“王{EXT_H}”（档案编号 JZ-2024-0007）的姓名" in refused.value.message and not out.exists()
