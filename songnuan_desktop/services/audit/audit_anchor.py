"""The audit chain held against a tip kept outside the database.

A chain edited and recomputed holds together by itself; the tip printed in a paper's footer, carried in
a package and kept at the county (audit_anchors) does not move with it. `tip_now` is what goes on paper,
`check_tip` compares a tip typed from a paper, `check_package` a package's log entry by entry, and at
the county `check_extends` / `keep_anchor` make each township's new package extend what it sent before.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.audit_chain import SHORT_HEX, short_tip
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.base import Base
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditAnchor, AuditEntry, AuditHead, TownshipAuditEntry
from songnuan_desktop.services.audit.audit_log import ChainProblem
from songnuan_desktop.services.office.office import local_office_id

WHAT_TO_DO = "请不要再使用这台电脑上的数据，保留现有文件，从最近的备份恢复，并报告县总工会核查。"


@dataclass(frozen=True)
class AnchorReport:
    ok: bool
    message: str
    first_bad: ChainProblem | None = None


def tip_now(session: Session) -> str:
    """The chain's tip as this session sees it, in short form for a paper's footer (`审计 #n·3f2a91c0d4e7`).

    Inside the transaction that numbers a paper it covers the paper's own entries: the file is renamed into
    place only after that commit (services.publishing.publish), so no paper carries a tip that was rolled back."""
    head = session.execute(select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)).first()
    return short_tip(int(head[0]), str(head[1])) if head is not None else ""


def _model(township_id: uuid.UUID | None) -> Any:
    return TownshipAuditEntry if township_id is not None else AuditEntry


def _where(model: Any, township_id: uuid.UUID | None) -> list[Any]:
    return [model.office_id == township_id] if township_id is not None else []


def _problem(entry: Any, detail: str) -> ChainProblem:
    return ChainProblem("rewritten", entry.seq, detail, entry.at, entry.action, entry.entity)


def check_tip(db: Database, seq: int, prefix: str, source: str = "纸面上的审计号",
              township_id: uuid.UUID | None = None) -> AnchorReport:
    """Does the chain hold, at entry `seq`, an entry whose hash starts with `prefix`?"""
    model = _model(township_id)
    prefix = prefix.lower()
    with db.read() as session:
        entry = session.scalars(select(model).where(model.seq == seq, *_where(model, township_id))).first()
        last = session.scalar(select(func.max(model.seq)).where(*_where(model, township_id))) or 0
        if entry is None:
            return AnchorReport(False, f"审计日志只到第 {last} 条，{source}（#{seq}）记着更长的日志："
                                f"日志末尾被删除。{WHAT_TO_DO}")
        if not entry.entry_hash.startswith(prefix):
            return AnchorReport(False, f"审计日志第 {seq} 条与{source}（#{seq}·{prefix[:SHORT_HEX]}）不符："
                                f"这一条或它之前的记录被改写过。{WHAT_TO_DO}",
                                _problem(entry, f"与{source}不符"))
    return AnchorReport(True, f"审计日志与{source}相符（{short_tip(seq, entry.entry_hash)}，现有 {last} 条）。")


def first_difference(session: Session, theirs: Iterable[tuple[int, str]],
                     township_id: uuid.UUID | None = None) -> tuple[ChainProblem | None, int]:
    """The first entry of ours whose hash differs from theirs (seq, hash) — or that we lack — and how many
    of theirs were compared."""
    model = _model(township_id)
    ours = select(model.seq, model.entry_hash).where(*_where(model, township_id)).order_by(model.seq)
    mine = iter(session.execute(ours))
    compared = 0
    for seq, their_hash in sorted(theirs):
        row = next(mine, None)
        compared += 1
        if row is None or row[0] != seq or row[1] != their_hash:
            at = seq if row is None or row[0] > seq else int(row[0])
            entry = session.scalars(select(model).where(model.seq == at, *_where(model, township_id))).first()
            if entry is None:
                return ChainProblem("truncated", seq, "这一条在数据库里已经没有了（日志末尾被删除）"), compared
            return _problem(entry, "与包里的这一条不符（被修改、删除或改写）"), compared
    return None, compared


def check_package(db: Database, path: Path, passphrase: str) -> AnchorReport:
    """The database's chain against a package's log and tip (this office's own, or at the county a
    township's): the first entry that differs is named."""
    with OpenedPackage(path, passphrase) as package:
        tip = package.manifest.raw.get("audit_tip")
        office_id = uuid.UUID(str(package.manifest.office["id"]))
        theirs = [(int(r["seq"]), str(r["entry_hash"])) for r in package.rows("audit_log")]
    if not tip:
        return AnchorReport(False, f"报送包 {path.name} 里没有审计日志的链尾（旧版本导出的包），无法据此核对。")
    with db.read() as session:
        township_id = None if local_office_id(session) == office_id else office_id
        held = township_id is None or session.scalar(select(func.count()).select_from(TownshipAuditEntry).where(
            TownshipAuditEntry.office_id == township_id))
        if not held:
            return AnchorReport(False, f"报送包 {path.name} 来自“{package.manifest.office['name']}”，不是本单位的，"
                                "本数据库也没有汇总过它的审计日志：请在该单位的数据库上核对。")
        difference, compared = first_difference(session, theirs, township_id)
    source = f"报送包 {path.name}（第 {package.manifest.sequence} 号）"
    if difference is not None:
        return AnchorReport(False, f"审计日志与{source}不符：自{difference.text}起不同。{WHAT_TO_DO}", difference)
    anchor = check_tip(db, int(tip["seq"]), str(tip["hash"]), source, township_id)
    if not anchor.ok:
        return anchor
    return AnchorReport(True, f"审计日志与{source}相符：包里的 {compared} 条逐条一致"
                        f"（{short_tip(int(tip['seq']), str(tip['hash']))}）。")


# --- at the county ------------------------------------------------------------------------------------

def check_extends(conn: Connection, office_id: uuid.UUID, office_name: str) -> str:
    """'' when the township's log now merged (township_audit_log) still holds every tip its earlier packages
    carried (audit_anchors); else a Chinese sentence naming the township and where its history differs.

    The county's copy of the earlier log is replaced by the package, so the place is named between the
    last earlier tip that still holds and the first that does not."""
    log, anchors = TownshipAuditEntry.__table__, AuditAnchor.__table__
    now = (select(log.c.entry_hash).where(log.c.office_id == office_id, log.c.seq == anchors.c.seq)
           .scalar_subquery())
    kept = conn.execute(select(anchors.c.seq, anchors.c.entry_hash, now).where(anchors.c.office_id == office_id)
                        .order_by(anchors.c.seq)).all()
    good = 0
    for seq, tip_hash, hash_now in kept:
        if hash_now == tip_hash:
            good = seq
            continue
        where = (f"第 {good + 1}–{seq} 条之间" if seq > good + 1 else f"第 {seq} 条") if hash_now is not None \
            else f"第 {seq} 条已不存在（日志被截短），第 {good + 1}–{seq} 条之间"
        return (f"{office_name}的审计日志与以前的报送包不一致：{where}的记录与县里保存的链尾"
                f"（{short_tip(seq, tip_hash)}）不符，历史记录在以前报送之后被改写过。"
                f"请联系{office_name}核实：在乡镇运行“songnuan audit-verify --against 以前的报送包”"
                "可查出被改动的记录。")
    return ""


def keep_anchor(conn: Connection, office_id: uuid.UUID, package_sequence: int, tip: dict[str, Any] | None) -> None:
    """Keep the tip a township's package carried (once per package)."""
    if not tip:
        return
    table = Base.metadata.tables["audit_anchors"]
    exists = conn.execute(select(table.c.seq).where(table.c.office_id == office_id,
                                                    table.c.package_sequence == package_sequence)).first()
    if exists is None:
        conn.execute(insert(table).values(office_id=office_id, package_sequence=package_sequence,
                                          seq=int(tip["seq"]), entry_hash=str(tip["hash"])))
