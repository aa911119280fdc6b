"""Voucher numbers and prints on SQLite and PostgreSQL: every approved item once, numbers gapless across
voids and reprints, never reused, refusals, roles, the audit log, and two processes numbering at once."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import re
import threading
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from songnuan_desktop.domain.errors import BatchRefused, DomainError, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.audit import SYSTEM
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.engine import lock_for_writing
from songnuan_desktop.persistence.models import AuditEntry, Voucher, VoucherCounter, WorkerFile
from songnuan_desktop.persistence.models_campaign import VoucherCampaignCounter
from songnuan_desktop.services.campaigns import assistance, notices, transitions
from songnuan_desktop.services.payouts import vouchers as service
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.services.office.session_user import SessionUser
from tests import forked
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

S = ItemState
AFTER_NOTICE = dt.date(2026, 11, 30)
CAMPAIGN = "2027年元旦春节送温暖"
NUMBER = re.compile(r"2027-SWN01-\d{6}")


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def approved(office: Staff, count: int, first: int = 0, campaign_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    """`count` new households proposed, reviewed, noticed and approved in the campaign."""
    db = office.db
    campaign_id = campaign_id or make_campaign(db, office.clerk)
    files = [make_file(db, office.clerk, n) for n in range(first, first + count)]
    ids = [p.item_id for p in assistance.propose(db, office.clerk, campaign_id, files, today=TODAY).proposed]
    transitions.transition(db, office.clerk, ids, S.SUBMITTED, today=TODAY)
    transitions.transition(db, office.reviewer, ids, S.REVIEWED, today=TODAY)
    notices.start_notice(db, office.reviewer, campaign_id, ids, "镇政务公开栏", "潘国强 0855-2461234", start_date=TODAY)
    transitions.transition(db, office.approver, ids, S.APPROVED, today=AFTER_NOTICE)
    return ids


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(str(path)).pages]


def numbers_on(path: Path) -> list[str]:
    """The one number of each page (every part of a page shows the same)."""
    out = []
    for page in pages(path):
        found = set(NUMBER.findall(page))
        assert len(found) == 1, found
        out.append(found.pop())
    return out


def seqs(db: Database) -> list[int]:
    with db.read() as session:
        return sorted(session.scalars(select(Voucher.seq)))


def test_a_campaign_prints_every_approved_item_once_numbered_without_gaps(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 6)
    campaign_id = db_campaign(db)
    waiting = assistance.propose(db, office.clerk, campaign_id, [make_file(db, office.clerk, 50)], today=TODAY)
    printed = service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "凭证.pdf")
    assert (printed.new, printed.reprinted) == (6, 0)
    assert list(printed.numbers) == [f"2027-SWN01-{n:06d}" for n in range(1, 7)]
    texts = pages(printed.path)
    assert numbers_on(printed.path) == list(printed.numbers)
    with db.read() as session:
        files = session.execute(select(WorkerFile.name, WorkerFile.id_number, WorkerFile.id)).all()
    shown = {name: sum(name in t for t in texts) for name, _, _ in files}
    proposed_only = {f.name for f in waiting.proposed}
    assert all(shown[name] == (0 if name in proposed_only else 1) for name in shown)  # each approved once
    for _, id_number, _ in files:
        assert id_number not in "".join(texts)
    assert sum(mask_id(n) in t for _, n, _ in files for t in texts) >= 6
    assert all("人民币壹仟元整" in t and "¥1,000.00" in t for t in texts)
    with db.read() as session:  # the default series is the campaign's own (setting voucher_series)
        counter = session.get_one(VoucherCampaignCounter, campaign_id)
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == service.ACTION_PRINT)).all()
        assert session.get(VoucherCounter, (office.clerk.office_id, 2027)) is None
    assert counter.last_seq == 6 and len(logged) == 1 and "2027-SWN01-000006" in logged[0].after_json
    assert verify_chain(db).ok
    assert len(ids) == 6


def db_campaign(db: Database) -> uuid.UUID:
    from songnuan_desktop.persistence.models import Campaign

    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == CAMPAIGN)).one()


def test_an_item_not_approved_is_refused_and_nothing_is_numbered(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 2)
    draft = assistance.propose(db, office.clerk, db_campaign(db), [make_file(db, office.clerk, 40)],
                               today=TODAY).proposed[0]
    with pytest.raises(BatchRefused, match="只有已批准的名单项才能开具发放凭证") as refused:
        service.print_vouchers(db, office.clerk, [*ids, draft.item_id], tmp_path / "v.pdf")
    assert [r.id for r in refused.value.refusals] == [draft.item_id]
    assert seqs(db) == [] and not (tmp_path / "v.pdf").exists()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(VoucherCounter)) == 0
        assert session.scalar(select(func.count()).select_from(VoucherCampaignCounter)) == 0


def test_a_void_keeps_its_number_and_the_item_gets_the_next_one(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 3)
    first = service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    spoiled = next(v for v in service.vouchers_of(db, office.clerk, CAMPAIGN) if v.number == first.numbers[1])
    with pytest.raises(ValidationFailed, match="原因"):
        service.void_voucher(db, office.clerk, spoiled.id, "  ")
    voided = service.void_voucher(db, office.finance, spoiled.id, "金额大写填写错误，作废重开")
    assert voided.voided and voided.number == first.numbers[1]
    with pytest.raises(ValidationFailed, match="已于此前作废"):
        service.void_voucher(db, office.clerk, spoiled.id, "再次作废")
    more = approved(office, 2, first=10, campaign_id=db_campaign(db))
    again = service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "2.pdf")
    assert (again.new, again.reprinted) == (3, 0)  # the voided item and the two new ones; the others skipped
    assert set(again.numbers) == {f"2027-SWN01-{n:06d}" for n in (4, 5, 6)}
    assert spoiled.number not in again.numbers and seqs(db) == [1, 2, 3, 4, 5, 6]
    views = {v.number: v for v in service.vouchers_of(db, office.clerk, CAMPAIGN)}
    assert views[spoiled.number].voided and sum(not v.voided for v in views.values()) == 5
    assert {v.item_id for v in views.values() if not v.voided} == set(ids + more)
    copy = service.print_voided(db, office.clerk, [spoiled.id], tmp_path / "作废.pdf")
    page = pages(copy)[0]
    assert spoiled.number in page and "作废原因：金额大写填写错误，作废重开" in page
    with pytest.raises(ValidationFailed, match="只能打印已作废凭证"):
        service.print_voided(db, office.clerk, [views[again.numbers[0]].id], tmp_path / "x.pdf")


def test_a_reprint_is_marked_with_its_count_and_keeps_the_number(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 2)
    first = service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    with pytest.raises(BatchRefused, match="已开出凭证 2027-SWN01-000001"):
        service.print_vouchers(db, office.clerk, ids[:1], tmp_path / "2.pdf")
    with pytest.raises(ValidationFailed, match="没有可打印的凭证"):
        service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "2.pdf")
    service.print_vouchers(db, office.clerk, ids[:1], tmp_path / "2.pdf", reprint=True)
    second = service.print_vouchers(db, office.finance, ids[:1], tmp_path / "3.pdf", reprint=True)
    assert (second.new, second.reprinted, second.numbers) == (0, 1, first.numbers[:1])
    assert "补打（第2次）" in pages(second.path)[0] and "补打" not in pages(first.path)[0]
    assert seqs(db) == [1, 2]
    with db.read() as session:
        logged = session.scalars(select(AuditEntry.after_json).where(
            AuditEntry.entity == "vouchers", AuditEntry.action == "update")).all()
    assert any('"reprint_count":2' in entry.replace(" ", "") for entry in logged)


def test_paid_items_may_be_reprinted_but_their_voucher_not_voided(office: Staff, tmp_path: Path) -> None:
    db = office.db
    ids = approved(office, 1)
    service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    transitions.transition(db, office.finance, ids, S.PAID, today=dt.date(2026, 12, 2))
    reprinted = service.print_vouchers(db, office.clerk, CAMPAIGN, tmp_path / "2.pdf", reprint=True)
    assert reprinted.reprinted == 1
    voucher = service.vouchers_of(db, office.clerk, CAMPAIGN)[0]
    with pytest.raises(ValidationFailed, match="已发放"):
        service.void_voucher(db, office.clerk, voucher.id, "作废")


def test_only_a_clerk_or_finance_prints_or_voids(office: Staff, tmp_path: Path) -> None:
    ids = approved(office, 1)
    for by in (office.reviewer, office.approver):
        with pytest.raises(PermissionDenied):
            service.print_vouchers(office.db, by, ids, tmp_path / "v.pdf")
    printed = service.print_vouchers(office.db, office.finance, ids, tmp_path / "v.pdf")
    voucher = service.vouchers_of(office.db, office.clerk, CAMPAIGN)[0]
    with pytest.raises(PermissionDenied):
        service.void_voucher(office.db, office.approver, voucher.id, "作废")
    assert printed.new == 1


def test_a_pdf_that_cannot_be_written_uses_no_number(office: Staff, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ids = approved(office, 2)

    def broken(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(service, "write_vouchers", broken)
    with pytest.raises(DomainError, match="U盘已满") as refused:
        service.print_vouchers(office.db, office.clerk, ids, tmp_path / "v.pdf")
    monkeypatch.undo()
    assert refused.value.code == "write_failed"
    assert seqs(office.db) == []
    assert list(tmp_path.glob("*v.*")) == []  # neither the PDF nor its temporary file
    assert service.print_vouchers(office.db, office.clerk, ids, tmp_path / "v.pdf").numbers[0].endswith("000001")


def test_the_database_keeps_one_live_voucher_per_item(office: Staff, tmp_path: Path) -> None:
    ids = approved(office, 1)
    service.print_vouchers(office.db, office.clerk, ids, tmp_path / "v.pdf")
    with pytest.raises(IntegrityError), office.db.write(SYSTEM) as session:
        live = session.scalars(select(Voucher)).one()
        session.add(Voucher(origin_office_id=live.office_id, office_id=live.office_id, item_id=live.item_id,
                            year=2027, seq=99, number="2027-SWN01-000099", printed_by=live.printed_by))


# --- two processes at once -----------------------------------------------------------------------------

def _print_one_by_one(url: str, clerk: SessionUser, item_ids: list[str], out_dir: str, ready: object,
                      start: object, done: object) -> None:
    """One process: a voucher for each item, one print (one transaction) each. The clerk is signed in by
    the parent: auth.login, a deferred read-then-write, would itself meet the SQLite lock of the other."""
    db = open_database(url, create=True)
    ready.put("ready")  # type: ignore[attr-defined]
    try:
        start.wait(30)  # type: ignore[attr-defined]
        for n, item_id in enumerate(item_ids):
            service.print_vouchers(db, clerk, [uuid.UUID(item_id)], Path(out_dir) / f"{uuid.uuid4().hex}-{n}.pdf")
        done.put("ok")  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - the parent reports what went wrong
        done.put(repr(exc))  # type: ignore[attr-defined]
    finally:
        db.close()


def test_two_processes_numbering_at_once_never_share_a_number(office: Staff, db_url: str, tmp_path: Path) -> None:
    ids = approved(office, 24)
    halves = [[str(i) for i in ids[0::2]], [str(i) for i in ids[1::2]]]
    context = forked.context() if forked.available() else multiprocessing.get_context("spawn")  # fresh processes
    ready, start, done = context.Queue(), context.Event(), context.Queue()
    workers = [context.Process(target=_print_one_by_one,
                               args=(db_url, office.clerk, half, str(tmp_path), ready, start, done))
               for half in halves]
    for worker in workers:
        worker.start()
    assert [ready.get(timeout=120) for _ in workers] == ["ready", "ready"]  # both have the database open
    start.set()
    results = [done.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
    assert results == ["ok", "ok"]
    with office.db.read() as session:
        rows = session.execute(select(Voucher.seq, Voucher.number, Voucher.item_id)).all()
    assert sorted(r.seq for r in rows) == list(range(1, 25))  # gapless, each number once
    assert len({r.number for r in rows}) == 24 and {r.item_id for r in rows} == set(ids)
    first_half = {uuid.UUID(i) for i in halves[0]}
    owner = "".join("a" if r.item_id in first_half else "b" for r in sorted(rows, key=lambda r: r.seq))
    print("the processes took the numbers in this order:", owner)
    printed = [n for pdf in tmp_path.glob("*.pdf") for n in numbers_on(pdf)]
    assert sorted(printed) == sorted(r.number for r in rows)


# --- why SQLite needs BEGIN IMMEDIATE here ----------------------------------------------------------------

def test_on_sqlite_a_deferred_transaction_that_read_cannot_write_after_another_did(sqlite_db: Database) -> None:
    """The failure lock_for_writing avoids: read under BEGIN, another process writes, our write is refused
    at once (SQLITE_BUSY, busy_timeout not consulted)."""
    with sqlite_db.engine.connect() as first, sqlite_db.engine.connect() as second:
        with first.begin():
            first.execute(text("SELECT count(*) FROM local_info")).scalar()
            with second.begin():
                second.execute(text("INSERT INTO local_info (key, value) VALUES ('x', '1')"))
            started = time.perf_counter()
            with pytest.raises(OperationalError, match="locked"):
                first.execute(text("INSERT INTO local_info (key, value) VALUES ('y', '2')"))
            assert time.perf_counter() - started < 2.0  # refused at once: busy_timeout is 10 s


def test_on_sqlite_lock_for_writing_makes_the_second_writer_wait_and_read_the_new_value(sqlite_db: Database) -> None:
    seen: list[str] = []
    locked = threading.Event()

    def second() -> None:
        locked.wait(5)
        with sqlite_db.write(SYSTEM) as session:
            lock_for_writing(session)  # waits here until the first commits
            seen.append(session.execute(text("SELECT value FROM local_info WHERE key = 'n'")).scalar_one())

    thread = threading.Thread(target=second)
    thread.start()
    with sqlite_db.write(SYSTEM) as session:
        lock_for_writing(session)
        locked.set()
        time.sleep(0.4)
        session.execute(text("INSERT INTO local_info (key, value) VALUES ('n', 'first')"))
    thread.join(10)
    assert seen == ["first"]


def test_voiding_an_approved_item_voids_its_voucher_and_keeps_the_number(office: Staff, tmp_path: Path) -> None:
    from songnuan_desktop.services.payouts.payouts import reconciliation

    db = office.db
    ids = approved(office, 2)
    printed = service.print_vouchers(db, office.clerk, ids, tmp_path / "1.pdf")
    transitions.transition(db, office.approver, [ids[0]], S.VOIDED, "户主已调离本镇", today=AFTER_NOTICE)
    views = {v.item_id: v for v in service.vouchers_of(db, office.clerk, CAMPAIGN)}
    assert views[ids[0]].voided and views[ids[0]].number == printed.numbers[0]
    assert not views[ids[1]].voided
    with db.read() as session:
        voucher = session.scalars(select(Voucher).where(Voucher.item_id == ids[0])).one()
        assert voucher.void_reason == "名单项作废：户主已调离本镇"
        campaign_id = session.scalar(select(Voucher.item_id).limit(1)) and db_campaign(db)
    assert not any("作废" in p and "凭证" in p for p in reconciliation(db, campaign_id).problems)
    assert verify_chain(db).ok
