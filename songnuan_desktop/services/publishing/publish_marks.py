"""High-water marks of the numbers given out, kept outside the database file so a restore cannot lower them.

`<db file>.marks.json` beside a SQLite database holds, per office and year, the last voucher sequence (and
per office, year and campaign code the last of a campaign's own series, setting voucher_series), and
per office the last exchange sequence written out (报送包 at a township, 下发包 per township at a county).
It is rewritten (temporary file, fsync, rename) after every commit that publishes a file, and at every
start (`publications.recover`). A restore (`services.backups.backups.restore`) leaves it in place and, once the
older database is back, raises the restored counters to the marks with an audit note (跳号): a number or a
package sequence given out before the restore is never given out again.

Files on a server database (PostgreSQL) have no file beside them: the server's own backups are restored
by its administrator, who keeps the sequences.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from songnuan_desktop.config import sqlite_path
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Campaign, ExchangeLog, LocalInfo, Office, VoucherCounter
from songnuan_desktop.persistence.models_campaign import VoucherCampaignCounter
from songnuan_desktop.storage import part_name, writing

FLOOR_KEY = "exchange_out_floor:"
VOUCHER_FLOOR_KEY = "voucher_floor:"  # + office:year:code — a campaign series a restore skipped ahead to
KINDS = ("vouchers", "exchange_out", "folders")
FOLDERS_KEPT = 30
Marks = dict[str, dict[str, int]]


def marks_path(url: str) -> Path | None:
    path = sqlite_path(url)
    return path.with_name(path.name + ".marks.json") if path is not None else None


def read_marks(path: Path) -> Marks:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {kind: {} for kind in KINDS}
    return {kind: {str(k): int(v) for k, v in dict(raw.get(kind, {})).items()} for kind in KINDS}


def floor(session: Session, office_id: uuid.UUID) -> int:
    """The exchange sequence a restore skipped ahead to (0 when none): the next one is above it."""
    value = session.scalar(select(LocalInfo.value).where(LocalInfo.key == f"{FLOOR_KEY}{office_id}"))
    return int(value) if value else 0


def voucher_floor(session: Session, office_id: uuid.UUID, year: int, code: str) -> int:
    """The seq a campaign's series (year, code) was skipped ahead to by a restore (0 when none)."""
    value = session.scalar(select(LocalInfo.value).where(
        LocalInfo.key == f"{VOUCHER_FLOOR_KEY}{office_id}:{year}:{code}"))
    return int(value) if value else 0


def current(session: Session) -> Marks:
    """The marks as this database holds them."""
    vouchers = {f"{office}:{year}": int(last) for office, year, last in
                session.execute(select(VoucherCounter.office_id, VoucherCounter.year, VoucherCounter.last_seq))}
    # A campaign's own series by office, year and code: a campaign made again after a restore has a new id,
    # but its numbers (year-CODE-seq) are the ones to keep apart.
    for office, year, code, last in session.execute(
            select(VoucherCampaignCounter.office_id, Campaign.year, Campaign.code, VoucherCampaignCounter.last_seq)
            .join(Campaign, Campaign.id == VoucherCampaignCounter.campaign_id)):
        key = f"{office}:{year}:{code}"
        vouchers[key] = max(vouchers.get(key, 0), int(last))
    for key, value in session.execute(select(LocalInfo.key, LocalInfo.value)
                                      .where(LocalInfo.key.like(f"{VOUCHER_FLOOR_KEY}%"))):
        series = key.removeprefix(VOUCHER_FLOOR_KEY)
        vouchers[series] = max(vouchers.get(series, 0), int(value))
    out = {str(office): int(last) for office, last in session.execute(
        select(ExchangeLog.office_id, func.max(ExchangeLog.sequence)).where(ExchangeLog.direction == "out")
        .group_by(ExchangeLog.office_id))}
    floors = session.execute(select(LocalInfo.key, LocalInfo.value).where(LocalInfo.key.like(f"{FLOOR_KEY}%")))
    for key, value in floors:
        office = key.removeprefix(FLOOR_KEY)
        out[office] = max(out.get(office, 0), int(value))
    return {"vouchers": vouchers, "exchange_out": out, "folders": {}}


def _merged(a: Marks, b: Marks) -> Marks:
    return {kind: {k: max(a.get(kind, {}).get(k, 0), b.get(kind, {}).get(k, 0))
                   for k in {*a.get(kind, {}), *b.get(kind, {})}} for kind in KINDS}


def remember_folder(db: Database, folder: Path) -> None:
    """A folder a file is about to be written to: whatever a kill leaves there under a temporary name (a
    roster in the clear) is removed at the next start (publications.recover), wherever the next file goes."""
    path = marks_path(db.url)
    if path is None:
        return
    marks = read_marks(path)
    key = str(folder.resolve())
    if key in marks["folders"]:
        return
    newest = sorted(marks["folders"].items(), key=lambda kv: kv[1])[-(FOLDERS_KEPT - 1):]
    marks["folders"] = {**dict(newest), key: int(time.time())}
    _write(path, marks)


def folders(db: Database) -> list[Path]:
    path = marks_path(db.url)
    return [Path(folder) for folder in read_marks(path)["folders"]] if path is not None else []


def save(db: Database) -> None:
    """Raise the marks file to what the database holds (never lowers a mark)."""
    path = marks_path(db.url)
    if path is None:
        return
    with db.read() as session:
        now = current(session)
    _write(path, _merged(read_marks(path), now))


def save_from_file(db_path: Path) -> None:
    """Before a restore: the marks of the database about to be replaced, read straight from its file."""
    from songnuan_desktop.persistence.engine import make_engine
    from songnuan_desktop.persistence.engine import make_session_factory

    path = marks_path(f"sqlite:///{db_path}")
    if path is None or not db_path.is_file():
        return
    engine = make_engine(f"sqlite:///{db_path}")
    try:
        with make_session_factory(engine)() as session:
            now = current(session)
    except Exception:  # noqa: BLE001 - a damaged database (the reason to restore) has no marks to add
        return
    finally:
        engine.dispose()
    _write(path, _merged(read_marks(path), now))


def _write(path: Path, marks: Marks) -> None:
    if marks == read_marks(path) and path.exists():
        return
    # hidden and named with this process, as a publication's temporary file (storage.remove_stale_parts)
    with writing(path, "w", encoding="utf-8", temp=part_name(path)) as out:
        json.dump(marks, out, ensure_ascii=False, indent=1, sort_keys=True)


def raise_to_marks(db: Database, actor: Actor) -> list[str]:
    """Every counter below its mark (the database went back in time: a restore, a copied file) is raised to
    it, each with an audit note; what a person should know, in Chinese. Offices this database does not
    hold are left out."""
    path = marks_path(db.url)
    if path is None or not path.exists():
        return []
    marks = read_marks(path)
    with db.read() as session:
        if not _below(marks, current(session), _offices(session)):
            return []
    lines: list[str] = []
    with db.write(actor) as session:
        held = current(session)
        for kind, key, mark in _below(marks, held, _offices(session)):
            if kind == "vouchers" and key.count(":") == 2:
                office, year, code = key.split(":")
                _raise_voucher_floor(session, actor, key, held[kind].get(key, 0), mark)
                lines.append(f"{year} 年活动 {code} 的凭证编号在恢复前已用到第 {mark} 号，恢复后从第 {mark + 1} 号继续"
                             "（跳号已记入审计日志）。")
            elif kind == "vouchers":
                office, year = key.split(":")
                _raise_voucher_counter(session, actor, uuid.UUID(office), int(year), held[kind].get(key, 0), mark)
                lines.append(f"{year} 年凭证编号在恢复前已用到第 {mark} 号，恢复后从第 {mark + 1} 号继续"
                             "（跳号已记入审计日志）。")
            else:
                _raise_exchange_floor(session, actor, key, held[kind].get(key, 0), mark)
                lines.append(f"报送/下发包序号在恢复前已用到第 {mark} 号，恢复后从第 {mark + 1} 号继续"
                             "（已记入审计日志）。")
    return lines


def _offices(session: Session) -> set[str]:
    return {str(office) for office in session.scalars(select(Office.id))}


def _below(marks: Marks, held: Marks, offices: set[str]) -> list[tuple[str, str, int]]:
    return [(kind, key, mark) for kind in ("vouchers", "exchange_out") for key, mark in sorted(marks[kind].items())
            if key.split(":")[0] in offices and mark > held[kind].get(key, 0)]


def _raise_voucher_counter(session: Session, actor: Actor, office: uuid.UUID, year: int, held: int, mark: int) -> None:
    table: Any = VoucherCounter.__table__
    key = {"office_id": office, "year": year}
    changed = session.connection().execute(update(table).filter_by(**key).values(last_seq=mark)).rowcount
    if not changed:
        session.connection().execute(table.insert().values(**key, last_seq=mark))
    audit.append(session, actor, "restore_skip_ahead", table.name, f"{office}:{year}", {"last_seq": held},
                 {"last_seq": mark, "why": "恢复的备份比已发出的凭证编号旧：跳过已用编号，不再重发"})


def _raise_voucher_floor(session: Session, actor: Actor, series: str, held: int, mark: int) -> None:
    """A campaign's series (office:year:code) goes on after `mark`: services.payouts.voucher_store reads the floor."""
    session.merge(LocalInfo(key=f"{VOUCHER_FLOOR_KEY}{series}", value=str(mark)))
    session.flush()
    audit.append(session, actor, "restore_skip_ahead", VoucherCampaignCounter.__tablename__, series,
                 {"last_seq": held},
                 {"last_seq": mark, "why": "恢复的备份比已发出的凭证编号旧：跳过已用编号，不再重发"})


def _raise_exchange_floor(session: Session, actor: Actor, office: str, held: int, mark: int) -> None:
    session.merge(LocalInfo(key=f"{FLOOR_KEY}{office}", value=str(mark)))
    session.flush()
    audit.append(session, actor, "restore_skip_ahead", "exchange_log", office, {"sequence": held},
                 {"sequence": mark, "why": "恢复的备份比已写出的报送/下发包旧：跳过已用序号，不再重用"})
