"""An office with its staff, worker files and a campaign: the set-up of the assistance tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from stdnum.cn import ric

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.access import users
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.campaigns.campaigns import BudgetLine, CampaignInput
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import FileInput

TODAY = dt.date(2026, 11, 23)  # a Monday: a 5-working-day notice from today ends on Friday the 27th
DEEP_INCOME = 50_000  # one person, 500 元 a month: below the 790 元 低保线 → 深度困难 (1,000 元)
RELATIVE_INCOME = 100_000  # 1,000 元: below twice the 低保线 → 相对困难 (500 元)
ABOVE_INCOME = 300_000  # 3,000 元: not eligible
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


@dataclass(frozen=True)
class Staff:
    db: Database
    admin: SessionUser
    clerk: SessionUser
    reviewer: SessionUser
    approver: SessionUser
    finance: SessionUser


def user(db: Database, admin: SessionUser, username: str, name: str, *roles: Role) -> SessionUser:
    row = users.create_user(db, admin, username, name, "Songnuan2024", frozenset(roles))
    return SessionUser(row.id, row.username, row.display_name, admin.office_id, row.roles)


def staff(db: Database, admin: SessionUser) -> Staff:
    return Staff(db, admin, user(db, admin, "jingban", "吴晓燕", Role.CLERK),
                 user(db, admin, "shenhe", "潘国强", Role.REVIEWER), user(db, admin, "shenpi", "龙正华", Role.APPROVER),
                 user(db, admin, "caiwu", "张丽萍", Role.FINANCE))


def make_id(n: int) -> str:
    body = f"522622{1970 + n % 30}0{1 + n % 9}1{n % 9}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def name_of(n: int) -> str:
    # A name holds no digits (domain.names): n written with 〇…九 keeps the names unique.
    return (SURNAMES[n % len(SURNAMES)] + "测" + "一二三四五六七八九十"[n // len(SURNAMES) % 10]
            + str(n).translate(str.maketrans("0123456789", "〇一二三四五六七八九")))


def make_file(db: Database, clerk: SessionUser, n: int, income: int = DEEP_INCOME, **changes: Any) -> uuid.UUID:
    data = FileInput(name=name_of(n), id_number=make_id(n), category="深度困难", causes=("下岗失业",),
                     monthly_income_fen=income, hukou_type="非农业", phone=f"1380855{n:04d}")
    fields = {**data.__dict__, **changes}
    return worker_files.create(db, clerk, FileInput(**fields), today=TODAY).id


def make_campaign(db: Database, by: SessionUser, total_yuan: int = 100_000, budgets: tuple[BudgetLine, ...] = (),
                  kind: str = "送温暖", name: str = "2027年元旦春节送温暖", **changes: Any) -> uuid.UUID:
    data = CampaignInput(name=name, kind=kind, start_date=dt.date(2026, 11, 1), end_date=dt.date(2027, 2, 28),
                         total_budget_fen=total_yuan * 100, budgets=budgets, **changes)
    return campaigns.create_campaign(db, by, data, today=TODAY).id
