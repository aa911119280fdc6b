"""下发: the county's decisions — its flags on a township's items, files and campaigns, its standards — and
the decisions package that carries them back to each township.

County side only (a county database, role 县总工会 or 管理员); the township takes the package in with
`services.county.decisions_import.import_decisions`.

`export_decisions` writes ONE package per township into the folder, `下发包-<县>-<乡镇>-<序号>-<日期>.snpkg`:
a township gets its own flags and nobody else's, and its own sequence (exchange_log "out" rows whose
office_id is the township). Each package holds

- the county's standards, which then apply at the township: its 低保线 (`dibao_lines`), its payment standards
  (`payment_standards`) and the county-wide settings in `COUNTY_SETTING_KEYS` (eligibility thresholds,
  exclusions, look-back) — not local matters such as signatories, idle lock or backups;
- `county_flags` about that township (withdrawn ones too, so the township sees the withdrawal);
- `county_receipts` (sha256, package_sequence): the township's attachments whose files the county holds,
  so its next 报送包 leaves them out.

Writing is the package export's (storage.write_on_stick, services.publishing.publish): hidden .part name, fsync,
read back, decrypted and checked; the sequence, audit entry and publication committed; only then the rename.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session

from songnuan_desktop import __version__
from songnuan_desktop.domain.codes import COUNTY_FLAG_ENTITIES, COUNTY_FLAG_KINDS
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import APPROVED_OR_LATER, state_values
from songnuan_desktop.exchange.format import Manifest, TableSource, Timings, write_package
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Base, Campaign, ExchangeLog, Office
from songnuan_desktop.persistence.models_county import CountyFlag
from songnuan_desktop.services.county.county_flags import flag_subjects
from songnuan_desktop.services.office.keys import office_signer
from songnuan_desktop.services.office.office import OfficeInfo, local_office
from songnuan_desktop.services.exchange.package_export import (
    SUFFIX, ExportCancelled, PackageInfo, last_sequence, verify_written,
)
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import check_space, stick_error, stick_folder, write_on_stick

Progress = Callable[[int, int], None]

DECISIONS_KIND = "county_decisions"
# Settings the county decides for all its townships; the rest (signatories, locks, fonts, backups,
# notice days, spot-check share, visits a day, voucher parts) stay the township's own.
COUNTY_SETTING_KEYS = (
    "deep_hardship_percent", "relative_hardship_percent", "serious_illness_percent", "hardship_cost_percent",
    "medical_selfpaid_fen", "disaster_loss_fen", "exclusions", "lookback_months",
)
STANDARD_TABLES = ("dibao_lines", "setting_versions", "payment_standards")
RECEIPTS = "county_receipts"
RECEIPT_COLUMNS = ("sha256", "package_sequence")
DECISION_TABLES = (*STANDARD_TABLES, "county_flags", RECEIPTS)
_ENTITY_MODELS: dict[str, Any] = {"assistance_items": AssistanceItem, "campaigns": Campaign}


@dataclass(frozen=True)
class DecisionsExport:
    packages: list[PackageInfo]

    def summary(self) -> str:
        if not self.packages:
            return "没有已汇总的乡镇，未写下发包。"
        return f"已为 {len(self.packages)} 个乡镇各写一个下发包，读回核对无误。"


# --- flags ------------------------------------------------------------------------------------------

def _county(db: Database, by: SessionUser, action: Action) -> OfficeInfo:
    county = local_office(db)
    by.require(action, office=county)
    return county


def _model(entity: str) -> Any:
    if entity == "worker_files":
        from songnuan_desktop.persistence.models import WorkerFile
        return WorkerFile
    return _ENTITY_MODELS[entity]


def add_flag(db: Database, by: SessionUser, office_id: uuid.UUID, entity: str, entity_id: uuid.UUID, kind: str,
             text: str) -> uuid.UUID:
    """The county's flag on a township's item, file or campaign; its id."""
    return add_flags(db, by, [(office_id, entity, entity_id)], kind, text)[0]


def add_flags(db: Database, by: SessionUser, targets: Sequence[tuple[uuid.UUID, str, uuid.UUID]], kind: str,
              text: str) -> list[uuid.UUID]:
    """The same flag on several records (office_id, entity, entity_id) — every side of a finding — in one
    transaction: all are flagged, or none (the refusal names the record that is missing)."""
    county = _county(db, by, Action.FLAG_TOWNSHIP_DATA)
    if kind not in COUNTY_FLAG_KINDS:
        raise ValidationFailed("flag_kind", f"没有“{kind}”这种标记，可选：{'、'.join(COUNTY_FLAG_KINDS.values())}。",
                               {"field": "kind"})
    if any(entity not in COUNTY_FLAG_ENTITIES for _, entity, _ in targets):
        raise ValidationFailed("flag_entity", "只能标记帮扶名单项、档案或活动。", {"field": "entity"})
    if not text.strip() and kind != "final":
        raise ValidationFailed("flag_text", "请写明标记的理由（乡镇会看到这段话）。", {"field": "text"})
    ids = []
    with db.write(by.actor) as session:
        for office_id, entity, entity_id in targets:
            row = session.get(_model(entity), entity_id)
            if row is None or row.origin_office_id != office_id:
                township = session.get(Office, office_id)
                raise NotFound("flag_target", f"在{township.name if township else '该乡镇'}汇总来的数据里找不到这条"
                               f"{COUNTY_FLAG_ENTITIES[entity]}（可能已被该乡镇删除，请重新汇总后再标记）。",
                               {"entity": entity, "entity_id": str(entity_id)})
            flag = CountyFlag(origin_office_id=county.id, office_id=office_id, entity=entity, entity_id=entity_id,
                              kind=kind, text=text.strip(), by_username=by.username)
            session.add(flag)
            session.flush()
            ids.append(flag.id)
    return ids


def add_flag_to(db: Database, by: SessionUser, entity: str, entity_id: uuid.UUID, kind: str, text: str) -> uuid.UUID:
    """add_flag for a record named only by its id (the CLI): the township is the one that sent it; "final"
    on a campaign confirms its final list."""
    if entity == "campaigns" and kind == "final":
        return confirm_final_list(db, by, entity_id, text)
    if entity not in COUNTY_FLAG_ENTITIES:
        raise ValidationFailed("flag_entity", "只能标记帮扶名单项、档案或活动。", {"field": "entity"})
    with db.read() as session:
        row = session.get(_model(entity), entity_id)
        office_id = row.origin_office_id if row is not None else local_office(db).id
    return add_flag(db, by, office_id, entity, entity_id, kind, text)


def withdraw_flag(db: Database, by: SessionUser, flag_id: uuid.UUID, reason: str) -> None:
    """A flag is never deleted: it is marked withdrawn (the township sees that too) with the reason."""
    _county(db, by, Action.WITHDRAW_FLAG)
    if not reason.strip():
        raise ValidationFailed("withdraw_reason", "请写明撤回标记的原因。", {"field": "reason"})
    with db.write(by.actor) as session:
        flag = session.get(CountyFlag, flag_id)
        if flag is None:
            raise NotFound("flag_missing", "找不到这条标记。", {"flag_id": str(flag_id)})
        if flag.withdrawn:
            raise ValidationFailed("flag_withdrawn", "这条标记已经撤回过了。")
        flag.withdrawn = True
        flag.text = f"{flag.text}（已撤回：{reason.strip()}）"


def confirm_final_list(db: Database, by: SessionUser, campaign_id: uuid.UUID, note: str = "") -> uuid.UUID:
    """县总工会确认最终名单: ONE flag of kind "final" on the township's campaign, stating how many items
    (approved, paid or sampled) and how much the county confirmed, from which of its packages. An auditor
    checks a list by its count and total against the township's own; a flag per item would be hundreds of
    rows saying the same thing, and the problem items carry their own flags."""
    _county(db, by, Action.CONFIRM_FINAL_LIST)
    with db.read() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound("campaign_missing", "在汇总来的数据里找不到这个活动。", {"campaign_id": str(campaign_id)})
        count, total = session.execute(select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
                                       .where(AssistanceItem.campaign_id == campaign_id,
                                              AssistanceItem.state.in_(state_values(APPROVED_OR_LATER)))).one()
        sequence = session.scalar(select(func.max(ExchangeLog.sequence)).where(
            ExchangeLog.direction == "in", ExchangeLog.office_id == campaign.origin_office_id)) or 0
        office_id, name = campaign.origin_office_id, campaign.name
    if not count:
        raise ValidationFailed("final_empty", f"“{name}”还没有已批准或已发放的名单项，无可确认。")
    text = (f"县总工会确认“{name}”最终名单：{count} 户，合计 {format_fen(int(total))} 元"
            f"（依据第 {sequence} 号报送包）。" + (note.strip() if note else ""))
    return add_flag(db, by, office_id, "campaigns", campaign_id, "final", text)


@dataclass(frozen=True)
class CountyFlagRow:
    """One of the county's flags as its screen lists it."""

    id: uuid.UUID
    office_id: uuid.UUID
    office_name: str
    entity: str
    entity_id: uuid.UUID
    subject: str  # file no. and name, the item's campaign and person, or the campaign
    kind: str
    text: str
    created_at: dt.datetime
    by_username: str
    withdrawn: bool


@dataclass(frozen=True)
class CampaignChoice:
    """A township's campaign whose final list the county may confirm."""

    office_id: uuid.UUID
    office_name: str
    campaign_id: uuid.UUID
    name: str


def list_flags(db: Database, by: SessionUser) -> list[CountyFlagRow]:
    """The county's own flags on all its townships' records, newest first, withdrawn ones too."""
    county = _county(db, by, Action.VIEW_COUNTY_FLAGS)
    with db.read() as session:
        names = dict(session.execute(select(Office.id, Office.name)).all())
        flags = session.scalars(select(CountyFlag).where(CountyFlag.origin_office_id == county.id)
                                .order_by(CountyFlag.created_at.desc(), CountyFlag.id)).all()
        subjects = flag_subjects(session, ((f.entity, f.entity_id) for f in flags))
        return [CountyFlagRow(f.id, f.office_id, names.get(f.office_id, ""), f.entity, f.entity_id,
                              subjects.get(f.entity_id, "（该乡镇已无此记录）"), f.kind, f.text, f.created_at,
                              f.by_username, f.withdrawn) for f in flags]


def final_list_choices(db: Database, by: SessionUser) -> list[CampaignChoice]:
    """The townships' campaigns (by township, then name) for 确认最终名单."""
    county = _county(db, by, Action.CONFIRM_FINAL_LIST)
    with db.read() as session:
        rows = session.execute(select(Office.id, Office.name, Campaign.id, Campaign.name)
                               .join(Campaign, Campaign.origin_office_id == Office.id)
                               .where(Office.parent_id == county.id)
                               .order_by(Office.name, Campaign.name)).all()
    return [CampaignChoice(*row) for row in rows]


# --- the packages -------------------------------------------------------------------------------------

def _raw(conn: Connection, table: Table, where: Sequence[tuple[str, Any]], columns: Sequence[str] | None = None,
         keys: Sequence[str] = ()) -> list[list[Any]]:
    """Rows as the driver gives them (as the 报送包 carries them), so the receiving side converts the same way."""
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    names = list(columns or [c.name for c in table.columns])
    params: list[Any] = []
    clauses = []
    for name, value in where:
        bind = table.c[name].type.bind_processor(conn.dialect)
        clauses.append(f"{name} = {mark}")
        params.append(bind(value) if bind else value)
    if keys:
        clauses.append(f"key IN ({', '.join([mark] * len(keys))})")
        params.extend(keys)
    sql = f"SELECT {', '.join(names)} FROM {table.name} WHERE {' AND '.join(clauses)} ORDER BY {names[0]}"
    return [list(row) for row in conn.exec_driver_sql(sql, tuple(params)).fetchall()]


def _receipts(conn: Connection, db: Database, township: uuid.UUID, sequence: int) -> list[list[Any]]:
    table = Base.metadata.tables["attachments"]
    rows = conn.execute(select(table.c.sha256, table.c.stored_path).where(table.c.origin_office_id == township)).all()
    held = sorted({sha for sha, stored in rows if stored and (db.attachments_dir / stored).is_file()})
    return [[sha, sequence] for sha in held]


def decision_tables(db: Database, county: OfficeInfo, township: uuid.UUID) -> list[TableSource]:
    tables = Base.metadata.tables
    with db.engine.connect() as conn:
        last_in = conn.scalar(select(func.max(ExchangeLog.sequence)).where(
            ExchangeLog.direction == "in", ExchangeLog.office_id == township)) or 0
        own = [("office_id", county.id), ("origin_office_id", county.id)]
        parts = {
            "dibao_lines": _raw(conn, tables["dibao_lines"], own),
            "setting_versions": _raw(conn, tables["setting_versions"], own, keys=COUNTY_SETTING_KEYS),
            "payment_standards": _raw(conn, tables["payment_standards"], own),
            "county_flags": _raw(conn, tables["county_flags"],
                                 [("office_id", township), ("origin_office_id", county.id)]),
            RECEIPTS: _receipts(conn, db, township, last_in),
        }
    return [TableSource(name, list(RECEIPT_COLUMNS) if name == RECEIPTS
                        else [c.name for c in tables[name].columns], rows) for name, rows in parts.items()]


def _safe(text: str) -> str:
    return "".join(c for c in text if c not in '<>:"/\\|?*').strip() or "单位"


def decisions_name(county: OfficeInfo, township_name: str, sequence: int, day: dt.date) -> str:
    return f"下发包-{_safe(county.name)}-{_safe(township_name)}-{sequence:04d}-{day:%Y%m%d}{SUFFIX}"


def _next_sequence(db: Database, township: uuid.UUID) -> int:
    """The township's next decisions package: above the last written and above a restore's skip-ahead."""
    with db.read() as session:
        return last_sequence(session, township) + 1


@dataclass
class _One:
    db: Database
    by: SessionUser
    county: OfficeInfo
    township: Office
    passphrase: str
    created: dt.datetime

    def facts(self, sequence: int) -> dict[str, Any]:
        c = self.county
        return {"kind": DECISIONS_KIND, "database": self.db.engine.dialect.name,
                "office": {"id": str(c.id), "name": c.name, "level": c.level, "region_code": c.region_code},
                "to_office": {"id": str(self.township.id), "name": self.township.name,
                              "region_code": self.township.region_code},
                "sequence": sequence, "created_at": self.created.isoformat(timespec="seconds") + "Z",
                "app_version": __version__, "created_by": self.by.username}

    def write(self, target: Path) -> PackageInfo:
        """Written under a temporary name and read back; its sequence, audit entry and publication committed;
        only then renamed into place (services.publishing.publish)."""
        sequence = _next_sequence(self.db, self.township.id)
        tables = decision_tables(self.db, self.county, self.township.id)
        final = target / decisions_name(self.county, self.township.name, sequence, dt.date.today())
        try:
            with publishing(self.db, "export_decisions", final) as pub:
                check_space(target, 4 * 2**20 + sum(len(str(t.rows)) for t in tables))
                manifest, sha256, size = write_on_stick(
                    pub.temp, lambda out: write_package(out, self.passphrase, self.facts(sequence), tables,
                                                        signer=office_signer(self.db, self.by.actor)),
                    lambda path, manifest: verify_written(path, self.passphrase, manifest))
                with self.db.write(self.by.actor) as session:
                    self._record(session, final, sequence, sha256, size, manifest)
                    pub.record(session, self.by.actor, {"sequence": sequence, "township": self.township.name})
        except OSError as exc:
            raise stick_error(exc, final, "没有留下下发包，序号未占用，请插好U盘后重新导出。") from exc
        return PackageInfo(final, sequence, self.township.name, self.created, size, sha256,
                           manifest.row_counts, 0, Timings())

    def _record(self, session: Session, path: Path, sequence: int, sha256: str, size: int,
                manifest: Manifest) -> None:
        counts = manifest.row_counts
        session.add(ExchangeLog(direction="out", office_id=self.township.id, sequence=sequence,
                                created_at=self.created, file_name=path.name, sha256=sha256,
                                size_bytes=size, row_counts_json=json.dumps(counts),
                                by_user_id=self.by.id, by_username=self.by.username))
        audit.append(session, self.by.actor, "export_decisions", "exchange_log", f"{self.township.id}:{sequence}",
                     after={"path": str(path), "township": self.township.name, "sequence": sequence,
                            "sha256": sha256, "flags": counts.get("county_flags", 0),
                            "receipts": counts.get(RECEIPTS, 0)})


def export_decisions(db: Database, by: SessionUser, target_dir: Path, passphrase: str,
                     progress: Progress | None = None,
                     is_cancelled: Callable[[], bool] | None = None) -> DecisionsExport:
    """One decisions package per township this county has merged, into `target_dir`."""
    county = _county(db, by, Action.EXPORT_DECISIONS)
    target = stick_folder(target_dir)
    if not passphrase:
        raise ValidationFailed("passphrase", "请填写下发包口令（与报送包口令相同）。", {"field": "passphrase"})
    with db.read() as session:
        townships = list(session.scalars(select(Office).where(Office.parent_id == county.id).order_by(Office.name)))
        session.expunge_all()
    created = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    written: list[PackageInfo] = []
    for n, township in enumerate(townships, 1):
        if is_cancelled is not None and is_cancelled():
            raise ExportCancelled("cancelled", f"已取消：写好了 {len(written)} 个乡镇的下发包，其余未写。")
        written.append(_One(db, by, county, township, passphrase, created).write(target))
        if progress is not None:
            progress(n, len(townships))
    return DecisionsExport(written)
