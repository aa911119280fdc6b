"""A voucher's life on paper (issue 14 item 6, items 4 and 9 for vouchers; issue 15 item 4), over a real
office database, each print read back with pdftotext: a 补打 with its date and who (recorded on the row
and in the audit log), a 补打 of a paid voucher as a 存档联 with nothing to sign, a voided copy with its
date, who and reason, the replacement citing the voided number, numbers gapless per campaign (setting
voucher_series), and payees with rare characters drawn — or refused before any number is used."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Voucher, VoucherCounter
from songnuan_desktop.persistence.models_campaign import VoucherCampaignCounter
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.services.payouts import vouchers as service
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.campaigns.assistance_helpers import Staff, make_campaign, make_file, staff
from tests.services.payouts.test_vouchers import CAMPAIGN, approved

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_H = "\U00031350"  # CJK Extension H: in no font of this machine
SIGNING = ("（签字）：", "领款日期：", "代领人签字：", "本人按手印")


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def read(pdf: Path) -> list[str]:
    """pdftotext's pages, white space taken out."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def today() -> str:
    return date_text(dt.date.today())


def test_a_reprint_says_when_and_who_and_is_recorded(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 1)
    first = service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    again = service.print_vouchers(db, office.finance, ids, tmp_path / "2.pdf", reprint=True)
    page = read(again.path)[0]
    assert again.numbers == first.numbers and "补打（第1次）" in page
    assert page.count(f"补打日期：{today()}，补打人：张丽萍（第1次补打）") == 2  # on both parts
    assert all(page.count(s) >= 2 for s in SIGNING)  # not paid yet: still a paper to pay against
    with db.read() as session:
        row = session.scalars(select(Voucher)).one()
        logged = session.scalars(select(AuditEntry.after_json).where(
            AuditEntry.entity == "vouchers", AuditEntry.action == "update")).all()
    assert row.reprinted_by == office.finance.id and row.reprinted_at is not None and row.reprint_count == 1
    assert any(str(office.finance.id) in entry and "reprinted_at" in entry for entry in logged)


def test_a_reprint_of_a_paid_voucher_is_an_archive_copy_with_nothing_to_sign(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 2)
    service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    transitions.transition(db, office.finance, ids[:1], ItemState.PAID, today=dt.date(2026, 12, 2))
    again = service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "2.pdf", reprint=True)
    assert again.reprinted == 2
    paid, unpaid = read(again.path)
    assert paid.count("已于2026年12月2日发放，此为补打存档联") == 2 and "不作领款凭据" in paid
    assert not any(s in paid for s in SIGNING)  # no signing place, no blank date: no second signed receipt
    assert "已于" not in unpaid and all(unpaid.count(s) >= 2 for s in SIGNING)


def test_a_voided_copy_and_its_replacement(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 2)
    first = service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    spoiled = next(v for v in service.vouchers_of(db, office.clerk, CAMPAIGN) if v.number == first.numbers[0])
    reason = "金额大写填写错误，作废重开；领款人银行卡号与存折不符，需核对后重新开具" * 2
    service.void_voucher(db, office.finance, spoiled.id, reason)
    copy = read(service.print_voided(db, office.clerk, [spoiled.id], tmp_path / "作废.pdf"))[0]
    assert copy.count(f"作废日期：{today()}，作废人：张丽萍") == 2 and copy.count(f"作废原因：{reason}") == 2
    assert not any(s in copy for s in SIGNING) and "已作废：不得据此发放" in copy
    again = service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "2.pdf")
    assert again.new == 1 and again.numbers != (spoiled.number,)
    page = read(again.path)[0]
    assert page.count(f"补发，原凭证{spoiled.number}已作废") == 2 and again.numbers[0] in page
    with db.read() as session:
        entry = session.scalars(select(AuditEntry.after_json).where(AuditEntry.action == service.ACTION_PRINT)
                                .order_by(AuditEntry.seq.desc())).first()
    assert entry is not None and spoiled.number in entry


def test_the_void_box_holds_the_reason_inside_the_signing_row(office: Staff, tmp_path: Path) -> None:
    """The reason is set inside the signing row (under 备注, over the foot), never over 所属活动 or the card."""
    db = office.db
    ids = approved(office, 1)
    service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    voucher = service.vouchers_of(db, office.clerk, CAMPAIGN)[0]
    service.void_voucher(db, office.clerk, voucher.id, "领款人银行卡号有误" * 6)
    out = service.print_voided(db, office.clerk, [voucher.id], tmp_path / "作废.pdf")
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(y0), float(y1), w) for y0, y1, w in
             re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', bbox)]
    first_part = [w for w in words if w[1] < 420]  # the upper part of the page
    remark = max(y1 for y0, y1, w in first_part if w.startswith("备"))
    foot = min(y0 for y0, y1, w in first_part if w.startswith("已作废"))
    reason = [w for w in first_part if "作废原因" in w[2] or "银行卡号有误" in w[2]]
    assert reason and all(remark < y0 and y1 < foot for y0, y1, _ in reason), (remark, foot, reason)


def test_numbers_run_per_campaign_without_gaps_and_per_year_on_request(office: Staff, tmp_path: Path) -> None:
    db = office.db
    winter = approved(office, 3)
    other = make_campaign(db, office.clerk, name="2027年春节困难职工生活救助")  # SWN02 of the same year
    spring = approved(office, 3, first=20, campaign_id=other)
    printed = [service.print_vouchers(db, office.clerk, ids, tmp_path / f"{n}.pdf")
               for n, ids in enumerate((winter[:1], spring[:2], winter[1:], spring[2:]))]
    numbers = [n for p in printed for n in p.numbers]
    assert sorted(n for n in numbers if "SWN01" in n) == [f"2027-SWN01-{k:06d}" for k in (1, 2, 3)]
    assert sorted(n for n in numbers if "SWN02" in n) == [f"2027-SWN02-{k:06d}" for k in (1, 2, 3)]
    assert all(n in read(p.path)[i] for p in printed for i, n in enumerate(p.numbers))
    with db.read() as session:
        assert sorted(session.scalars(select(VoucherCampaignCounter.last_seq))) == [3, 3]
        assert set(session.scalars(select(Voucher.series))) == {"SWN01", "SWN02"}
    # per_year: one sequence across the year's campaigns, starting past every number it could meet again.
    settings.set_value(db, office.admin, "voucher_series", "per_year")
    third = make_campaign(db, office.clerk, name="2027年困难职工临时慰问")  # SWN03
    late = approved(office, 2, first=40, campaign_id=third)
    more = approved(office, 1, first=50, campaign_id=other)
    year = service.print_vouchers(db, office.clerk, late + more, tmp_path / "y.pdf")
    assert sorted(int(n[-6:]) for n in year.numbers) == [4, 5, 6]  # past SWN01-3 and SWN02-3, then gapless
    assert sum("SWN03" in n for n in year.numbers) == 2
    with db.read() as session:
        assert session.get_one(VoucherCounter, (office.clerk.office_id, 2027)).last_seq == 6
        assert session.scalar(select(func.count(func.distinct(Voucher.number)))) == 9


@pytest.mark.skipif(not HANAZONO.is_file(), reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_a_payee_with_rare_characters_is_drawn_and_found_by_pdftotext(office: Staff, tmp_path: Path) -> None:
    db = office.db
    campaign = make_campaign(db, office.clerk)
    for n, name in enumerate(("王䶮", "李𠮷")):
        make_file(db, office.clerk, 60 + n, name=name)
    ids = approved_files(office, campaign)
    printed = service.print_vouchers(db, office.clerk, ids, tmp_path / "凭证.pdf")
    text = "".join(read(printed.path))
    assert text.count("王䶮") == 2 and text.count("李𠮷") == 2


def approved_files(office: Staff, campaign) -> list:  # type: ignore[no-untyped-def]
    """Every file of the office proposed and taken to 已批准 in `campaign`."""
    from songnuan_desktop.services.campaigns import assistance, notices
    from tests.services.campaigns.assistance_helpers import TODAY
    from tests.services.payouts.test_vouchers import AFTER_NOTICE

    db = office.db
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign, "all", today=TODAY).proposed]
    transitions.transition(db, office.clerk, ids, ItemState.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, ItemState.REVIEWED, today=TODAY)
    notices.start_notice(db, office.reviewer, campaign, ids, "镇政务公开栏", "潘国强 0855-2461234", start_date=TODAY)
    transitions.transition(db, office.approver, ids, ItemState.APPROVED, today=AFTER_NOTICE)
    return ids


def test_a_character_no_font_has_refuses_the_print_naming_the_person_and_uses_no_number(
        office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 2)
    with db.write(office.clerk.actor) as session:  # a name as a future import might store it
        from songnuan_desktop.persistence.models import AssistanceItem, WorkerFile

        file_id = session.scalar(select(AssistanceItem.worker_file_id).where(AssistanceItem.id == ids[1]))
        row = session.get_one(WorkerFile, file_id)
        row.name, file_no = f"王{EXT_H}", row.file_no
    with pytest.raises(MissingGlyphs) as refused:
        service.print_vouchers(db, office.clerk, ids, tmp_path / "凭证.pdf")
    assert f"王{EXT_H}（档案 {file_no}）" in refused.value.message and "U+31350" in refused.value.message
    assert list(tmp_path.glob("*.pdf*")) == [] and not list(tmp_path.glob("*凭证*"))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Voucher)) == 0
        assert session.scalar(select(func.count()).select_from(VoucherCampaignCounter)) == 0
    printed = service.print_vouchers(db, office.clerk, ids[:1], tmp_path / "凭证.pdf")
    assert printed.numbers == ("2027-SWN01-000001",)  # the refusal used no number
