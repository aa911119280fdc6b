"""Spot-checks: a reproducible draw of paid households, and each check recorded (the item → 已抽查)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, ItemTransition
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.payouts import spot_checks
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=11)


def login(db: Database, name: str) -> SessionUser:
    return auth.login(db, name, PASSWORD)


def paid_campaign(db: Database) -> tuple[uuid.UUID, int]:
    with db.read() as session:
        campaign_id, count = session.execute(
            select(AssistanceItem.campaign_id, func.count()).where(AssistanceItem.state.in_(("paid", "sampled")))
            .group_by(AssistanceItem.campaign_id).order_by(func.count().desc())).first()
    return campaign_id, count


def test_a_draw_takes_the_share_of_paid_households_and_repeats_from_its_seed(demo: Database) -> None:
    campaign_id, paid = paid_campaign(demo)
    reviewer = login(demo, "shenhe")
    check = spot_checks.draw(demo, reviewer, campaign_id, seed=20261123, today=dt.date(2027, 2, 1))
    assert check.population == paid and check.percent == 10 and check.seed == 20261123
    assert len(check.entries) == max(1, math.ceil(paid * 10 / 100))
    assert len({e.item_id for e in check.entries}) == len(check.entries)
    assert [e.item_id for e in check.entries] == spot_checks.redraw(demo, check.id)
    again = spot_checks.draw(demo, reviewer, campaign_id, seed=20261123, today=dt.date(2027, 2, 1))
    assert [e.item_id for e in again.entries] == [e.item_id for e in check.entries]  # same seed, same households
    other = spot_checks.draw(demo, reviewer, campaign_id, percent=30, today=dt.date(2027, 2, 1))
    assert len(other.entries) == math.ceil(paid * 0.3) and 0 <= other.seed < 2**31
    assert "*" not in check.entries[0].phone  # the list is for calling back: a reviewer may see the number


def test_recording_a_check_marks_the_item_sampled_and_a_bad_result_needs_a_note(demo: Database) -> None:
    campaign_id, _ = paid_campaign(demo)
    reviewer = login(demo, "shenhe")
    check = spot_checks.draw(demo, reviewer, campaign_id, seed=7, today=dt.date(2027, 2, 1))
    with demo.read() as session:  # a household not yet checked in an earlier round
        first = next(e for e in check.entries if session.get(AssistanceItem, e.item_id).state == "paid")
    with pytest.raises(ValidationFailed, match="备注"):
        spot_checks.record_check(demo, reviewer, first.id, dt.date(2027, 2, 3), "王芳", "电话回访", "联系不上")
    with pytest.raises(ValidationFailed, match="早于抽取日期"):
        spot_checks.record_check(demo, reviewer, first.id, dt.date(2027, 1, 3), "王芳", "电话回访", "属实")
    done = spot_checks.record_check(demo, reviewer, first.id, dt.date(2027, 2, 3), "王芳", "入户核查", "属实")
    assert (done.result, done.method, done.checked_by) == ("属实", "入户核查", "王芳")
    with demo.read() as session:
        item = session.get(AssistanceItem, first.item_id)
        assert item is not None and item.state == ItemState.SAMPLED.value
        moves = session.scalars(select(ItemTransition).where(ItemTransition.item_id == first.item_id,
                                                             ItemTransition.to_state == "sampled")).all()
        assert len(moves) == 1 and "入户核查" in moves[0].comment
    [view] = [v for v in spot_checks.spot_checks_of(demo, reviewer, campaign_id) if v.id == check.id]
    assert view.checked == 1
    # checking changes nothing in the draw: repeated from its seed it gives the same households
    assert spot_checks.redraw(demo, check.id) == [e.item_id for e in check.entries]


def test_only_a_reviewer_who_did_not_pay_draws(demo: Database) -> None:
    campaign_id, _ = paid_campaign(demo)
    with pytest.raises(PermissionDenied):
        spot_checks.draw(demo, login(demo, "jingban"), campaign_id)
    with pytest.raises(ValidationFailed, match="1% 到 100%"):
        spot_checks.draw(demo, login(demo, "shenhe"), campaign_id, percent=0)
    reviewer = login(demo, "shenhe")
    with demo.write(reviewer.actor) as session:  # the reviewer confirmed every payment of this campaign
        for item in session.scalars(select(AssistanceItem).where(AssistanceItem.campaign_id == campaign_id,
                                                                 AssistanceItem.state == "paid")):
            item.paid_by = reviewer.id
    with pytest.raises(ValidationFailed, match="四眼原则"):
        spot_checks.draw(demo, reviewer, campaign_id, seed=1)


def test_the_printed_list_carries_the_draw_and_the_results(demo: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from songnuan_desktop.services.audit import audit_log

    campaign_id, _ = paid_campaign(demo)
    reviewer = login(demo, "shenhe")
    check = spot_checks.draw(demo, reviewer, campaign_id, seed=99, today=dt.date(2027, 2, 1))
    spot_checks.record_check(demo, reviewer, check.entries[-1].id, dt.date(2027, 2, 2), "王芳", "电话回访",
                             "不属实", "户主已再就业，月收入 4,000 元")
    out = spot_checks.export_list(demo, reviewer, check.id, tmp_path / "抽查.pdf")
    text = "".join(page.extract_text() for page in PdfReader(out).pages).replace(" ", "").replace("\n", "")
    assert "抽查登记表" in text and "随机种子99" in text
    assert f"已发放{check.population}户中抽取{len(check.entries)}户" in text
    for entry in check.entries:
        assert entry.name in text and entry.file_no in text
    assert "不属实" in text and "户主已再就业" in text
    assert audit_log.recent(demo, 1)[0].action == "print_spot_check"
    with pytest.raises(ValidationFailed, match="保存位置不存在"):
        spot_checks.export_list(demo, reviewer, check.id, tmp_path / "没有" / "抽查.pdf")
