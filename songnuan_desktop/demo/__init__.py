"""A demo office with realistic, fictitious data: 黄平县旧州镇总工会 with N worker files.

Deterministic for a seed: every value and id comes from one `random.Random(seed)` and every date
is fixed around `DEMO_TODAY`, so two builds with one seed hold the same people, items and states.
Files, members, causes, income items, assistance items, transitions and vouchers are written with
Core bulk inserts (100,000 files in seconds); those bypass the per-row audit hook, so one summary
entry `demo_generate` is appended instead. The few configuration rows go through the ORM and are
audited one by one as usual.

The parts: `demo_data` (names, places, generators), `demo_people` and `demo_household` (the
worker files), `demo_campaigns` (items, transitions, vouchers), `demo_visits`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.bulk import bulk_cache, bulk_insert
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import DibaoLine, OrgUnit, SettingVersion, User, UserRole
from songnuan_desktop.demo import data
from songnuan_desktop.demo.campaigns import CampaignBuilder
from songnuan_desktop.demo.household import Unit
from songnuan_desktop.demo.people import FileInfo, People
from songnuan_desktop.demo.visits import build_visits
from songnuan_desktop.services.office.office import needs_setup
from songnuan_desktop.services.access.passwords import hash_password
from songnuan_desktop.services.access.setup import SetupData, initialize

BULK_CACHE_KIB = 131_072  # 128 MiB of page cache while the bulk rows go in
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoReport:
    office_id: uuid.UUID
    workers: int
    members: int
    campaigns: int
    items: int
    users: list[tuple[str, str, str]]  # (username, password, roles text)


def build_demo(db: Database, workers: int = 300, seed: int = 1, progress: Progress | None = None,
               office_name: str = data.OFFICE_NAME, region_code: str = data.REGION_CODE,
               used_ids: set[str] | None = None) -> DemoReport:
    """Fill an empty, migrated database with the demo office; refuses a database already set up.

    `office_name` and `region_code` name another township (the county demo builds several); `used_ids`,
    shared between them, keeps their made-up ID numbers apart (a real person has one number)."""
    if workers < 0:
        raise ValidationFailed("workers", "演示档案数不能小于0。", {"field": "workers"})
    if not needs_setup(db):
        raise ValidationFailed("already_set_up", "本数据库已有单位和用户，不能再生成演示数据；请换一个空的数据文件。")
    rng = random.Random(seed)
    ctx = data.Context(rng, data.new_uuid(rng))
    actor = _set_up_office(db, ctx.office_id, office_name, region_code)
    builder = _Builder(ctx, actor, workers, seed, progress, office_name)
    builder.used_ids = used_ids
    with db.write(actor) as session, bulk_cache(session.connection(), BULK_CACHE_KIB):
        builder.run(session)
    if db.engine.dialect.name == "sqlite":  # fold the large write-ahead log back into the file and shrink it
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    admin_name, _, _ = data.ADMIN
    users = [(admin_name, data.PASSWORD, ROLE_LABELS[Role.ADMIN])] + [
        (name, data.PASSWORD, "、".join(ROLE_LABELS[Role(r)] for r in roles)) for name, _, roles in data.STAFF
    ]
    return DemoReport(ctx.office_id, workers, builder.counts["members"], 3, builder.counts["items"], users)


def _set_up_office(db: Database, office_id: uuid.UUID, office_name: str, region_code: str) -> Actor:
    """The office, its settings and the administrator, as the setup wizard makes them; the admin."""
    admin_name, admin_display, _ = data.ADMIN
    initialize(db, SetupData(
        office_name=office_name, region_code=region_code, region_name=data.REGION_NAME,
        dibao_urban_fen=data.DIBAO_URBAN_FEN, dibao_rural_fen=data.DIBAO_RURAL_FEN, admin_username=admin_name,
        admin_display_name=admin_display, admin_password=data.PASSWORD, effective_from=data.SETTINGS_FROM,
    ), office_id=office_id)
    with db.read() as session:
        admin_id = session.scalar(select(User.id).where(User.office_id == office_id, User.username == admin_name))
    return Actor(admin_id, admin_name, office_id)


class _Builder:
    def __init__(self, ctx: data.Context, actor: Actor, workers: int, seed: int, progress: Progress | None,
                 office_name: str = data.OFFICE_NAME) -> None:
        self.ctx, self.actor, self.workers, self.seed = ctx, actor, workers, seed
        self.office_name = office_name
        self.used_ids: set[str] | None = None
        self.progress = progress or (lambda _done, _total: None)
        self.total = workers + max(1, workers // 10)
        self.counts = {"members": 0, "causes": 0, "incomes": 0, "items": 0, "transitions": 0, "vouchers": 0}

    def run(self, session: Session) -> None:
        self.staff(session)
        people = People(self.ctx.rng, self.ctx.office_id, self.org_units(session), self.used_ids)
        session.flush()
        files = self.files(session, people)
        campaigns = CampaignBuilder(self.ctx)
        campaign_ids = campaigns.build(session, files)
        self.counts.update(items=len(campaigns.items), transitions=len(campaigns.transitions),
                           vouchers=len(campaigns.vouchers))
        self.progress(self.workers + max(1, self.workers // 20), self.total)
        build_visits(self.ctx, session, files, campaigns.items, campaign_ids["c"])
        audit.append(session, self.actor, "demo_generate", "worker_files", "", after={
            "seed": self.seed, "office": self.office_name, "workers": self.workers, **self.counts,
            "note": "演示数据（虚构）：档案、家庭成员、致困原因、收支、帮扶项目、流转记录和凭证为批量写入",
        })
        session.flush()
        self.progress(self.total, self.total)

    def files(self, session: Session, people: People) -> list[FileInfo]:
        """The worker files with their households, bulk-inserted a batch at a time."""
        files: list[FileInfo] = []
        conn = session.connection()
        for days in people.filed_dates(self.workers, max(500, math.ceil(self.workers / 80))):
            batch = people.make_batch(days)
            for table, rows in batch.tables():
                bulk_insert(conn, table, rows)
            files.extend(batch.files)
            for key in ("members", "causes", "incomes"):
                self.counts[key] += len(getattr(batch, key))
            self.progress(len(files), self.total)
        return files

    # -- users, settings, organisations ------------------------------------------------------
    def staff(self, session: Session) -> None:
        """The staff besides the admin, the signatories they make, and last period's 低保线."""
        ctx = self.ctx
        base = data.stamp(ctx.rng, data.SETTINGS_FROM)
        ctx.user[Role.ADMIN] = self.actor.user_id  # type: ignore[assignment]
        names = {}
        for username, display, roles in data.STAFF:
            user = User(office_id=ctx.office_id, username=username, display_name=display,
                        password_hash=hash_password(data.PASSWORD), **ctx.orm(base))
            user.roles = [UserRole(role=r) for r in roles]
            session.add(user)
            for r in roles:
                ctx.user[Role(r)], names[Role(r)] = user.id, display
        self.signatories(session, names)
        for area, fen in (("urban", data.OLD_DIBAO_URBAN_FEN), ("rural", data.OLD_DIBAO_RURAL_FEN)):
            session.add(DibaoLine(
                office_id=ctx.office_id, region_code=data.REGION_CODE, region_name=data.REGION_NAME, area=area,
                monthly_fen=fen, effective_from=data.OLD_DIBAO_FROM,
                **ctx.orm(data.stamp(ctx.rng, data.OLD_DIBAO_FROM)),
            ))

    def signatories(self, session: Session, names: dict[Role, str]) -> None:
        signatories = {"signatory_handler": names[Role.CLERK], "signatory_reviewer": names[Role.REVIEWER],
                       "signatory_head": names[Role.APPROVER]}
        for row in session.scalars(select(SettingVersion).where(
            SettingVersion.office_id == self.ctx.office_id, SettingVersion.key.in_(signatories)
        )):
            row.value_json = json.dumps(signatories[row.key], ensure_ascii=False)

    def org_units(self, session: Session) -> list[Unit]:
        units = []
        base = data.stamp(self.ctx.rng, dt.date(2018, 1, 8))
        for union_name, members in data.UNIONS:
            union = OrgUnit(office_id=self.ctx.office_id, kind="union", name=union_name, **self.ctx.orm(base))
            session.add(union)
            for name, nature, village, migrant in members:
                unit = OrgUnit(office_id=self.ctx.office_id, kind="unit", name=name, parent_id=union.id,
                               nature=nature, village=village, **self.ctx.orm(base))
                session.add(unit)
                units.append(Unit(unit.id, union.id, name, village, migrant))
        return units
