"""活动总结 (issue 16 item 2): every figure of each demo campaign's summary equals the same figure counted here by
hand — a plain Python loop over the ORM rows of a demo copy, not the service's SQL — and the paragraphs say those
figures; SQLite and PostgreSQL. The text export and the audit entry of a print."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, AuditEntry, Campaign, CampaignBudget, Notice, Objection, SpotCheck, Visit, VisitGroup,
)
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine as GoodsRow
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.persistence.models_publications import PUBLISHED, Publication
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports.campaign_summary import (
    ACTION, CampaignSummary, GoodsLine, export_summary, paragraphs, summary_of, text_of, wan_text,
)
from tests.demo_offices import DemoOffices

CAMPAIGNS = ("2026年元旦春节送温暖", "2026年金秋助学", "2027年元旦春节送温暖")
TODAY = dt.date(2026, 12, 6)
PAID = ("paid", "sampled")
ON_THE_WAY = ("draft", "submitted", "reviewed", "in_notice", "returned", "objection")


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=300, seed=2)


def wan(fen: int) -> str:
    """The test's own reading of an amount in words: 元 under 10,000 yuan, else 万元 to two places."""
    yuan = Decimal(fen) / 100
    if yuan < 10_000:
        return f"{yuan.normalize():f}元"
    value = yuan / 10_000
    shown = round(value, 2)
    text = f"{shown.normalize():f}"
    return f"{text}万元" if shown == value else f"约{text}万元"


def figures(items: list[AssistanceItem]) -> tuple[int, int, int]:
    return len({i.worker_file_id for i in items}), len(items), sum(i.amount_fen for i in items)


def by_hand(session: Session, name: str) -> dict[str, object]:
    campaign = session.scalars(select(Campaign).where(Campaign.name == name)).one()
    items = [i for i in session.scalars(select(AssistanceItem)) if i.campaign_id == campaign.id]
    paid = [i for i in items if i.state in PAID]
    # 慰问品 (issue 16 item 3): each paid item's goods valued, and per kind the quantity handed and its value
    kinds = {k.id: k for k in session.scalars(select(GoodsKind)) if k.campaign_id == campaign.id}
    paid_ids = {i.id for i in paid}
    valued: dict[uuid.UUID, int] = defaultdict(int)
    handed: dict[uuid.UUID, int] = defaultdict(int)
    carried: set[uuid.UUID] = set()
    for line in session.scalars(select(GoodsRow)):
        if line.item_id in paid_ids:
            valued[line.item_id] += line.quantity * kinds[line.kind_id].unit_value_fen
            handed[line.kind_id] += line.quantity
            carried.add(line.item_id)
    goods = tuple(GoodsLine(k.name, k.unit, handed[k.id], handed[k.id] * k.unit_value_fen)
                  for k in sorted(kinds.values(), key=lambda k: k.position) if handed[k.id])

    def with_goods(group: list[AssistanceItem]) -> tuple[int, ...]:
        households, count, cash = figures(group)
        if not goods:
            return households, count, cash
        value = sum(valued[i.id] for i in group)
        return households, count, cash, value, cash + value
    groups: dict[str, dict[str, list[AssistanceItem]]] = {"category": defaultdict(list), "fund": defaultdict(list)}
    for item in paid:
        groups["category"][item.category].append(item)
        groups["fund"][item.fund_source].append(item)
    notices = []
    for notice in sorted((n for n in session.scalars(select(Notice)) if n.campaign_id == campaign.id),
                         key=lambda n: n.start_date):
        snap = next((s for s in session.scalars(select(NoticeSnapshot)) if s.notice_id == notice.id), None)
        notices.append((notice.start_date, notice.end_date,
                        snap.row_count if snap else sum(1 for i in items if i.notice_id == notice.id)))
    mine = {i.id: i for i in items}
    objections = [o for o in session.scalars(select(Objection)) if o.item_id in mine]
    handled = [o for o in objections if o.resolved_on is not None]
    visits = [v for v in session.scalars(select(Visit)) if v.campaign_id == campaign.id and not v.deleted]
    per_group: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    visited: set[uuid.UUID] = set()
    household_visits = 0
    for visit in visits:
        per_group[visit.group_id][visit.outcome] += 1
        if visit.outcome == "已走访":
            visited |= {h.worker_file_id for h in visit.households}
            household_visits += len(visit.households)
    leaders = {session.get(VisitGroup, g).leader for g in per_group}  # type: ignore[union-attr]
    draws = []
    for check in sorted((s for s in session.scalars(select(SpotCheck)) if s.campaign_id == campaign.id),
                        key=lambda s: s.drawn_on):
        results = Counter(e.result for e in check.entries)
        draws.append((check.drawn_on, check.percent, check.population, len(check.entries),
                      sum(1 for e in check.entries if e.checked_on), results["属实"], results["不属实"],
                      results["联系不上"]))
    holding = [i for i in items if i.state not in ("rejected", "voided")]
    used = sum(i.amount_fen for i in holding if i.state in PAID)
    reserved = sum(i.amount_fen for i in holding if i.state not in PAID)
    lines = {}
    for line in (b for b in session.scalars(select(CampaignBudget)) if b.campaign_id == campaign.id):
        held = [i for i in holding if line.category in ("", i.category) and line.fund_source in ("", i.fund_source)]
        label = "、".join(p for p in (line.category, line.fund_source) if p) + "预算"
        line_used = sum(i.amount_fen for i in held if i.state in PAID)
        line_reserved = sum(i.amount_fen for i in held if i.state not in PAID)
        lines[label] = (line.amount_fen, line_used, line_reserved, line.amount_fen - line_used - line_reserved,
                        len(held))
    return {
        "closed": campaign.status == "closed", "helped": figures(paid),
        "approved": figures([i for i in items if i.state == "approved"]),
        "pending": figures([i for i in items if i.state in ON_THE_WAY]),
        "rejected": sum(1 for i in items if i.state == "rejected"),
        "voided": sum(1 for i in items if i.state == "voided"),
        "category": {k: with_goods(v) for k, v in groups["category"].items()},
        "fund": {k: with_goods(v) for k, v in groups["fund"].items()}, "goods": goods,
        "goods_given": (len({i.worker_file_id for i in paid if i.id in carried}), len(carried),
                        sum(valued.values())),
        "notices": notices, "raised": len(objections), "handled": len(handled),
        "conclusions": Counter(o.outcome for o in handled),
        "handled_now": Counter(STATE_LABELS[ItemState(mine[o.item_id].state)] for o in handled),
        "outcomes": sum(per_group.values(), Counter()), "groups": len(per_group), "leaders": leaders,
        "visited": len(visited), "household_visits": household_visits, "draws": draws,
        "budget": (campaign.total_budget_fen, used, reserved, campaign.total_budget_fen - used - reserved,
                   len(holding)),
        "lines": lines,
    }


def rows(table: object) -> dict[str, tuple[int, ...]]:
    return {r.label: r.values for r in table.rows}  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", CAMPAIGNS)
def test_every_figure_equals_the_count_by_hand_and_the_text_says_it(demo: Database, name: str) -> None:
    user = auth.login(demo, "jingban", "songnuan2026")
    summary = summary_of(demo, user, name, TODAY)
    with demo.read() as session:
        hand = by_hand(session, name)
    text = "\n".join(paragraphs(summary))

    assert summary.closed is hand["closed"]
    assert (summary.helped.households, summary.helped.items, summary.helped.fen) == hand["helped"]
    assert (summary.approved.households, summary.approved.items, summary.approved.fen) == hand["approved"]
    assert (summary.pending.households, summary.pending.items, summary.pending.fen) == hand["pending"]
    assert (summary.rejected, summary.voided) == (hand["rejected"], hand["voided"])
    assert rows(summary.by_category) == hand["category"]
    assert rows(summary.by_fund) == hand["fund"]
    assert [(n.start, n.end, n.names) for n in summary.notices] == hand["notices"]
    o = summary.objections
    assert (o.raised, o.handled, o.pending) == (hand["raised"], hand["handled"], hand["raised"] - hand["handled"])
    assert dict(o.conclusions) == dict(hand["conclusions"])
    assert dict(o.handled_now) == dict(hand["handled_now"])
    v, outcomes = summary.visits, hand["outcomes"]
    assert (v.planned, v.done, v.not_home, v.rescheduled) == tuple(
        outcomes[k] for k in ("计划", "已走访", "不在家", "改期"))  # type: ignore[index]
    assert (len(v.groups.rows), set(v.leaders), v.households, v.household_visits) == (
        hand["groups"], hand["leaders"], hand["visited"], hand["household_visits"])
    assert [(d.drawn_on, d.percent, d.population, d.drawn, d.checked, d.true, d.untrue, d.unreached)
            for d in summary.spot_draws] == hand["draws"]
    assert summary.budget_total.values == hand["budget"]
    assert {r.label: r.values for r in summary.budget.rows[1:]} == hand["lines"]
    assert summary.goods == hand["goods"]
    assert (summary.goods_given.households, summary.goods_given.items, summary.goods_given.fen) == hand["goods_given"]

    # the words
    households, items, fen = hand["helped"]  # type: ignore[misc]
    if items:
        assert f"共慰问困难职工{households}户（{items}人次），发放慰问金{wan(fen)}" in text
        for label, (n, _items, amount, *_goods) in hand["category"].items():  # type: ignore[attr-defined]
            assert f"{label}{n}户、{wan(amount)}" in text
        for label, (_n, _items, amount, *_goods) in hand["fund"].items():  # type: ignore[attr-defined]
            assert f"{label}{wan(amount)}" in text
        if hand["goods"]:
            value = sum(g.value_fen for g in hand["goods"])  # type: ignore[attr-defined]
            kinds_text = "、".join(f"{g.name}{g.quantity}{g.unit}" for g in hand["goods"])  # type: ignore[attr-defined]
            assert f"发放慰问金{wan(fen)}、慰问品（{kinds_text}）折合{wan(value)}，合计{wan(fen + value)}" in text
    else:
        assert "尚未发放" in text
    approved = hand["approved"]
    if approved[1]:  # type: ignore[index]
        assert f"另有{approved[0]}户已批准、尚未发放，金额{wan(approved[2])}" in text  # type: ignore[index]
    if hand["pending"][1]:  # type: ignore[index]
        assert f"尚在审核、公示中的{hand['pending'][1]}项，金额{wan(hand['pending'][2])}" in text  # type: ignore[index]
    for start, end, names in hand["notices"]:  # type: ignore[attr-defined]
        assert f"{date_text(start)}至{end.month}月{end.day}日公示{names}名" in text or \
            f"{date_text(start)}至{date_text(end)}公示{names}名" in text
    if hand["raised"]:
        assert f"收到异议{hand['raised']}件，已核查处理{hand['handled']}件" in text
    if hand["groups"]:
        assert f"由{hand['groups']}个慰问组" in text
        assert f"已走访{outcomes['已走访']}次，到户{hand['visited']}户" in text  # type: ignore[index]
        assert all("".join(leader.split()) in text for leader in hand["leaders"])  # type: ignore[attr-defined]
    else:
        assert "未登记走访" in text
    for drawn_on, percent, population, drawn, checked, true, *_ in hand["draws"]:  # type: ignore[attr-defined]
        assert (f"{date_text(drawn_on)}从已发放的{population}户中按{percent}%抽取{drawn}户回访核查，"
                f"已核查{checked}户") in text
        assert f"属实{true}户" in text
    budget, used, _reserved, left, _n = hand["budget"]  # type: ignore[misc]
    assert f"本次活动预算{wan(budget)}" in text and f"尚余{wan(left)}" in text
    if used:
        assert f"已发放{wan(used)}" in text
    # a campaign in progress says as of when; a closed one does not
    assert (summary.as_of_text == "") is hand["closed"]
    assert ("截至2026年12月6日" in text) is not hand["closed"]
    assert summary.title == f"{name}活动总结"


def test_the_closed_winter_campaign_reads_as_the_offices_own_summaries(demo: Database) -> None:
    """The numbers known for the demo's closed campaign, in the register of the seeds' summaries."""
    summary = summary_of(demo, auth.login(demo, "jingban", "songnuan2026"), CAMPAIGNS[0], TODAY)
    text = "\n".join(paragraphs(summary))
    assert ("本次活动共慰问困难职工84户（84人次），发放慰问金6.68万元、慰问品（大米84袋、食用油84桶）折合2.1万元，"
            "合计8.78万元。") in text  # the demo's goods: a bag of rice (150元) and a drum of oil (100元) a household
    assert "现已结束" in text and "截至" not in text
    assert "本次活动预算7.4万元，已发放6.68万元，占预算的90.3%，尚余7200元。" in text
    assert "2026年3月2日从已发放的84户中按10%抽取9户回访核查，已核查9户，其中属实9户" in text


def test_goods_when_the_schema_has_them_join_the_sentence_and_the_total(demo: Database) -> None:
    summary = summary_of(demo, auth.login(demo, "jingban", "songnuan2026"), CAMPAIGNS[0], TODAY)
    with_goods = dataclasses.replace(summary, goods=(GoodsLine("大米", "袋", 84, 840_000),
                                                     GoodsLine("食用油", "桶", 84, 504_000)))
    text = "\n".join(paragraphs(with_goods))
    assert "发放慰问金6.68万元、慰问品（大米84袋、食用油84桶）折合1.344万元" not in text  # two places, rounded
    assert "发放慰问金6.68万元、慰问品（大米84袋、食用油84桶）折合约1.34万元，合计约8.02万元。" in text


@pytest.mark.parametrize(("fen", "words"), [
    (84_520_000, "84.52万元"), (130_000_000, "130万元"), (84_523_400, "约84.52万元"), (660_000, "6600元"),
    (85_050, "850.50元"), (1_000_000, "1万元"), (1_344_000, "约1.34万元"), (0, "0元")])
def test_amounts_in_words(fen: int, words: str) -> None:
    assert wan_text(fen) == words


def test_text_and_pdf_exports_are_published_and_logged(demo: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    user = auth.login(demo, "jingban", "songnuan2026")
    out = export_summary(demo, user, CAMPAIGNS[2], tmp_path / "总结.txt", TODAY)
    text = out.read_bytes().decode("utf-8-sig")
    assert text == text_of(summary_of(demo, user, CAMPAIGNS[2], TODAY))
    assert text.startswith("2027年元旦春节送温暖活动总结（截至2026年12月6日）\r\n")
    pdf = export_summary(demo, user, CAMPAIGNS[0], tmp_path / "总结.pdf", TODAY)
    assert pdf.read_bytes().startswith(b"%PDF")
    with demo.read() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION).order_by(AuditEntry.seq)).all()
        published = session.scalars(select(Publication).where(Publication.kind == "campaign_summary")).all()
    assert [json.loads(e.after_json)["format"] for e in entries] == ["txt", "pdf"]
    assert json.loads(entries[1].after_json)["total_fen"] == 6_680_000
    assert all(e.username == "jingban" for e in entries)
    assert sorted(p.state for p in published) == [PUBLISHED, PUBLISHED]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["总结.pdf", "总结.txt"]


def test_what_cannot_be_done_is_refused_in_words(demo: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    user = auth.login(demo, "jingban", "songnuan2026")
    with pytest.raises(NotFound, match="找不到活动“没有这个活动”"):
        export_summary(demo, user, "没有这个活动", tmp_path / "a.pdf", TODAY)
    with pytest.raises(ValidationFailed, match=r"只能保存为 \.pdf 或 \.txt"):
        export_summary(demo, user, CAMPAIGNS[0], tmp_path / "a.docx", TODAY)
    assert list(tmp_path.iterdir()) == []


def test_the_summary_is_a_plain_value(demo: Database) -> None:
    summary = summary_of(demo, auth.login(demo, "jingban", "songnuan2026"), CAMPAIGNS[1], TODAY)
    assert isinstance(summary, CampaignSummary)
    assert summary.kind == "金秋助学" and "助学金" in paragraphs(summary)[1]
