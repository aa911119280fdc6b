"""核验凭证 (issue 17 item 6): a voucher scanned or typed at the counter, checked against the database —
live, already paid, voided (and its replacement), altered amount, another office's, or not a number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.vouchers import checksum, qr_payload
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.payouts import payouts
from songnuan_desktop.services.campaigns import transitions
from songnuan_desktop.services.payouts import vouchers as service
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.payouts.voucher_check import LIVE, MISMATCH, PAID, UNKNOWN, VOIDED, check_voucher
from tests.services.campaigns.assistance_helpers import Staff, staff
from tests.services.payouts.test_vouchers import CAMPAIGN, approved


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def test_a_voucher_is_live_paid_voided_or_refused_as_the_database_says(office: Staff, tmp_path: Path) -> None:
    db, clerk = office.db, office.clerk
    ids = approved(office, 3)
    first = service.print_vouchers(db, clerk, ids, tmp_path / "1.pdf")
    a, b, c = first.numbers
    scanned = qr_payload(a, 100_000, clerk.office_id)  # what the QR code of voucher a carries (1,000.00 yuan)

    live = check_voucher(db, office.finance, scanned)
    assert live.verdict == LIVE and live.payable and live.checked_code
    assert "有效（二维码校验相符）" in live.headline and "1,000.00" in live.headline
    facts = dict(live.facts)
    assert facts["凭证编号"] == a and "壹仟元整" in facts["金额"] and facts["名单项状态"] == "已批准"
    typed = check_voucher(db, clerk, f"  {a.lower()} ")  # typed by hand, lower case, spaces
    assert typed.verdict == LIVE and not typed.checked_code and "未扫二维码" in typed.headline

    altered = check_voucher(db, clerk, f"{a}|{checksum(a, 1_000_000, clerk.office_id)}")  # 10,000.00 by hand
    assert altered.verdict == MISMATCH and not altered.payable and "请勿据此发放" in altered.headline
    assert check_voucher(db, clerk, "2027-SWN01-999999").verdict == UNKNOWN

    payouts.mark_paid(db, office.finance, [ids[0]], dt.date.today(), "cash")  # not before the approval
    paid = check_voucher(db, clerk, scanned)
    assert paid.verdict == PAID and date_text(dt.date.today()) in paid.headline and "不得再次发放" in paid.headline

    spoiled = next(v for v in service.vouchers_of(db, clerk, CAMPAIGN) if v.number == b)
    service.void_voucher(db, office.finance, spoiled.id, "金额大写填写错误")
    voided = check_voucher(db, clerk, b)
    assert voided.verdict == VOIDED and "尚未补发" in voided.headline
    assert "金额大写填写错误" in dict(voided.facts)["作废"]
    again = service.print_vouchers(db, clerk, [ids[1]], tmp_path / "2.pdf")
    assert f"补发凭证为 {again.numbers[0]}" in check_voucher(db, clerk, b).headline
    assert check_voucher(db, clerk, again.numbers[0]).verdict == LIVE

    transitions.transition(db, office.approver, [ids[2]], ItemState.VOIDED, comment="户主已去世，名单项作废",
                           today=dt.date.today())
    assert check_voucher(db, clerk, c).verdict == VOIDED  # voiding the item voids its voucher
    for junk in ("", "扫码", "2027-SWN01", "|ABCDEF12"):
        with pytest.raises(ValidationFailed, match="不是凭证编号"):
            check_voucher(db, clerk, junk)
