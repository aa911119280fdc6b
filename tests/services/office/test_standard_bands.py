"""Standards by household size (issue 16 item 4): a tier of a campaign paid by bands of 家庭人口 —
1人户550元，2人户900元，3人及以上户1100元 — the proposal picks the band and says so in the item's reason;
bands that leave a gap, overlap or pay nothing are refused naming the row; a file changed later leaves
the item as proposed. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, WorkerFile
from songnuan_desktop.services.campaigns import assistance, campaigns
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.campaigns.campaigns import Band, Standard
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import MemberInput
from tests.services.campaigns.assistance_helpers import TODAY, Staff, make_campaign, make_file, staff

KIND = "送温暖慰问"
SEEDS = (Band(KIND, "深度困难", 1, 1, 55_000), Band(KIND, "深度困难", 2, 2, 90_000),
         Band(KIND, "深度困难", 3, None, 110_000))
PLAIN = (Standard(KIND, "相对困难", 50_000), Standard(KIND, "意外致困", 80_000))


@pytest.fixture
def office(office_db: Database, admin: SessionUser) -> Staff:
    return staff(office_db, admin)


def members(n: int) -> tuple[MemberInput, ...]:
    return tuple(MemberInput(f"家属{'甲乙丙丁戊己庚'[i]}", "女" if i else "配偶") for i in range(n))


def test_the_band_of_the_household_is_paid_and_said(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, standards=PLAIN, bands=SEEDS)
    view = campaigns.get_campaign(db, office.clerk.office_id, campaign_id)
    assert view.bands == SEEDS and {s.tier for s in view.standards} == {"相对困难", "意外致困"}
    files = {persons: make_file(db, office.clerk, persons, members=members(persons - 1)) for persons in (1, 2, 3, 7)}
    result = assistance.propose(db, office.clerk, campaign_id, list(files.values()), today=TODAY)
    got = {p.file_id: p for p in result.proposed}
    assert {persons: got[f].amount_fen for persons, f in files.items()} == {
        1: 55_000, 2: 90_000, 3: 110_000, 7: 110_000}
    assert got[files[1]].reason.endswith("；1人户，深度困难：550元")
    assert got[files[2]].reason.endswith("；2人户，深度困难：900元")
    assert got[files[7]].reason.endswith("；3人及以上户，深度困难：1,100元")
    # The file gains two members later: the item keeps the amount and the words it was proposed with.
    with db.read() as session:
        row = session.get(WorkerFile, files[1])
        assert row is not None
        version = row.row_version
    base = worker_files.FileInput(name=got[files[1]].name, id_number=_id_of(db, files[1]), category="深度困难",
                                  causes=("下岗失业",), monthly_income_fen=50_000, hukou_type="非农业",
                                  phone="13808550001", members=members(2))
    worker_files.update(db, office.clerk, files[1], base, version)
    with db.read() as session:
        item = session.scalar(select(AssistanceItem).where(AssistanceItem.worker_file_id == files[1]))
        assert item is not None
        assert (item.amount_fen, item.reason) == (55_000, got[files[1]].reason)


def _id_of(db: Database, file_id: uuid.UUID) -> str:
    with db.read() as session:
        row = session.get(WorkerFile, file_id)
        assert row is not None
        return row.id_number


@pytest.mark.parametrize(("bands", "message"), [
    ((SEEDS[0], dataclasses.replace(SEEDS[2], min_persons=3)),
     "按家庭人口分档第 2 行（深度困难，3人及以上户）与上一档不衔接：2 人户没有标准，应从 2 人起。"),
    ((dataclasses.replace(SEEDS[0], max_persons=2), SEEDS[1], SEEDS[2]),
     "按家庭人口分档第 2 行（深度困难，2人户）与上一档重叠：应从 3 人起。"),
    ((SEEDS[0], dataclasses.replace(SEEDS[1], amount_fen=0), SEEDS[2]),
     "按家庭人口分档第 2 行（深度困难）：金额应大于0元。"),
    ((SEEDS[0], SEEDS[1]),
     "按家庭人口分档第 2 行（深度困难，2人户）是最后一档，截止人数应留空（2人及以上户），否则更多人口的家庭没有标准。"),
    ((SEEDS[0], SEEDS[1], SEEDS[2], Band(KIND, "相对困难", 1, None, 40_000)),
     "按家庭人口分档第 4 行（相对困难）：“相对困难”已有统一的补助金额，"
     "一个类别只能按统一金额或按家庭人口分档，请删去其中一种。"),
])
def test_unusable_bands_are_refused_naming_the_row(office: Staff, bands: tuple[Band, ...], message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        make_campaign(office.db, office.clerk, standards=PLAIN, bands=bands)
    assert refused.value.message == message


def test_bands_are_changed_and_removed_on_update(office: Staff) -> None:
    db = office.db
    campaign_id = make_campaign(db, office.clerk, standards=PLAIN, bands=SEEDS)
    view = campaigns.get_campaign(db, office.clerk.office_id, campaign_id)
    # Unchanged: saved as read, the bands stay (bands=None keeps them too).
    view = campaigns.update_campaign(db, office.clerk, campaign_id, view.as_input(), view.row_version)
    assert view.bands == SEEDS
    # Bands kept (None) while 深度困难 is given one amount as well: refused, nothing changed.
    both = dataclasses.replace(view.as_input(), standards=(*PLAIN, Standard(KIND, "深度困难", 100_000)), bands=None)
    with pytest.raises(ValidationFailed, match="“深度困难”已有统一的补助金额"):
        campaigns.update_campaign(db, office.clerk, campaign_id, both, view.row_version)
    assert campaigns.get_campaign(db, office.clerk.office_id, campaign_id) == view
    two = (dataclasses.replace(SEEDS[0], max_persons=2, amount_fen=60_000), dataclasses.replace(SEEDS[2]))
    view = campaigns.update_campaign(db, office.clerk, campaign_id,
                                     dataclasses.replace(view.as_input(), bands=two), view.row_version)
    assert view.bands == two
    back = (*PLAIN, Standard(KIND, "深度困难", 100_000))
    view = campaigns.update_campaign(db, office.clerk, campaign_id,
                                     dataclasses.replace(view.as_input(), standards=back, bands=()), view.row_version)
    assert view.bands == () and {s.tier: s.amount_fen for s in view.standards}["深度困难"] == 100_000


def test_the_audit_log_says_the_bands_in_words(office: Staff) -> None:
    from songnuan_desktop.services.audit import audit_log, audit_text
    from songnuan_desktop.services.files import file_history

    make_campaign(office.db, office.clerk, standards=PLAIN, bands=SEEDS)
    entries = [e for e in audit_log.recent(office.db, 60) if e.entity == "campaign_standard_bands"]
    names = file_history.names_in(office.db, entries)
    assert sorted(audit_text.describe_change(e, names) for e in entries) == [
        "新建活动补助标准（按家庭人口分档）：2027年元旦春节送温暖，金额 1,100.00 元，家庭人口自 3，"
        "帮扶项目 送温暖慰问，档次 深度困难",
        "新建活动补助标准（按家庭人口分档）：2027年元旦春节送温暖，金额 550.00 元，家庭人口自 1，家庭人口至 1，"
        "帮扶项目 送温暖慰问，档次 深度困难",
        "新建活动补助标准（按家庭人口分档）：2027年元旦春节送温暖，金额 900.00 元，家庭人口自 2，家庭人口至 2，"
        "帮扶项目 送温暖慰问，档次 深度困难",
    ]
