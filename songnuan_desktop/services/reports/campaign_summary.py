"""活动总结 of one campaign (issue 16 item 2): every figure from the data, and the same figures in the plain
paragraphs an office copies into its own report — no stored prose: every sentence is made here from the figures.

- `summary_of(db, user, campaign, today=None) -> CampaignSummary` — the figures (a closed campaign as it closed;
  one still in progress as on `today`, its title and first sentence saying 截至…).
- `paragraphs(summary) -> list[str]` — the text, in the register of the offices' own summaries
  (“共慰问困难职工X户（X人次），发放慰问金X万元……”): amounts in 万元 rounded to two places in words (exactly
  when they are exact, 约… when not; under 1万元 in 元), the tables keeping the exact yuan.
- `summary_tables(summary) -> list[Table]` — the figures as services.reports.statistics' `Table`s for the paper.
- `export_summary(db, user, campaign, out)` — the paper (.pdf, documents.summary_pdf) or the paragraphs (.txt),
  published and audit-logged like every other paper (services.publishing.publish).

What counts (the same definitions as 统计, services.reports.statistics, whose tables are reused for 帮扶 by 困难类别 and
资金来源, the visits by group and leader, the spot-checks and the budget):
- 帮扶: the campaign's items paid (已发放, and paid then 已抽查), whenever paid; 户 distinct households, 人次 items.
- 已批准待发放: items approved and not yet paid; 审批中: every other item still holding its place (草稿 … 公示中,
  退回, 异议); 不予批准 and 作废 are counted apart.
- 公示: each notice of the campaign, its dates and the number of names posted (its snapshot's count; for a
  notice from before snapshots, the items that point at it).
- 异议: objections against the campaign's items, raised / handled (核查完毕) / pending, each handled one's
  recorded conclusion and what became of its item since.
- 走访: visits registered to the campaign; 到户 the distinct households on the visits done.
- 抽查: the campaign's draws; 属实 / 不属实 / 联系不上 as recorded.
- 预算: the campaign's total and each sub-budget: 预算 / 已发放 / 已占用 / 尚余 (services.campaigns.campaign_budget).

- 慰问品 (issue 16 item 3): `CampaignSummary.goods` — per kind, the quantity handed out with the items paid and its
  value (quantity × unit value, services.campaigns.goods.stock); the sentences and the first table add them —
  “发放慰问金X万元、慰问品（大米84袋、食用油84桶）折合X万元，合计X万元” — and the 帮扶 tables gain 慰问品折合 and
  合计 columns.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text, span_text
from songnuan_desktop.domain.states import PAID_STATES, STATE_LABELS, ItemState, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, Notice, Objection, SpotCheck, Visit, VisitHousehold,
)
from songnuan_desktop.persistence.models_goods import GoodsLine as GoodsLineRow
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.services.campaigns import goods
from songnuan_desktop.services.reports import statistics
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.reports.statistics import COUNT, MONEY, Column, Row, Table
from songnuan_desktop.storage import export_path

__all__ = ["ACTION", "CampaignSummary", "GoodsLine", "export_summary", "paragraphs", "summary_of",
           "summary_tables", "text_of", "wan_text"]

ACTION = "print_campaign_summary"
PAID = state_values(PAID_STATES)
APPROVED = ItemState.APPROVED.value
GONE = (ItemState.REJECTED.value, ItemState.VOIDED.value)
# What a campaign of each kind does and gives, in the offices' words.
WORDS = {"送温暖": ("慰问", "慰问金"), "金秋助学": ("资助", "助学金"), "医疗救助": ("救助", "医疗救助金"),
         "生活救助": ("救助", "生活救助金"), "临时救助": ("救助", "临时救助金")}
TEN_THOUSAND_YUAN = 1_000_000  # fen


# --- the figures ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """Households (distinct), items (人次) and cash (fen) of one group of items."""

    households: int = 0
    items: int = 0
    fen: int = 0


@dataclass(frozen=True)
class Group:
    label: str  # 深度困难 / 上级拨付 …
    figures: Figures


@dataclass(frozen=True)
class GoodsLine:
    """慰问品 handed out (issue 16 item 3): 大米 10 袋, worth `value_fen` together."""

    name: str
    unit: str
    quantity: int
    value_fen: int


@dataclass(frozen=True)
class NoticeFigures:
    start: dt.date
    end: dt.date
    names: int  # posted
    place: str


@dataclass(frozen=True)
class Objections:
    raised: int = 0
    handled: int = 0
    conclusions: tuple[tuple[str, int], ...] = ()  # each handled objection's recorded conclusion, how many
    handled_now: tuple[tuple[str, int], ...] = ()  # what the items of handled objections are now (state label)

    @property
    def pending(self) -> int:
        return self.raised - self.handled


@dataclass(frozen=True)
class VisitFigures:
    groups: Table  # services.reports.statistics 'visits_group' of the campaign
    leaders: tuple[str, ...]
    planned: int
    done: int
    not_home: int
    rescheduled: int
    households: int  # distinct households on the visits done
    household_visits: int  # 户次 on the visits done

    @property
    def total(self) -> int:
        return self.planned + self.done + self.not_home + self.rescheduled


@dataclass(frozen=True)
class SpotDraw:
    drawn_on: dt.date
    percent: int
    population: int
    drawn: int
    checked: int
    true: int  # 属实
    untrue: int  # 不属实
    unreached: int  # 联系不上


@dataclass(frozen=True)
class CampaignSummary:
    office_name: str
    campaign_id: uuid.UUID
    name: str
    kind: str
    start: dt.date
    end: dt.date
    closed: bool
    as_of: dt.date  # the day the figures are of (a campaign in progress: 截至 this day)
    helped: Figures  # paid
    approved: Figures  # approved, not yet paid
    pending: Figures  # still on the way (草稿 … 公示中, 退回, 异议)
    rejected: int
    voided: int
    by_category: Table  # statistics 'helped_category' of the campaign
    by_fund: Table  # statistics 'helped_fund'
    notices: tuple[NoticeFigures, ...]
    objections: Objections
    visits: VisitFigures
    spot_draws: tuple[SpotDraw, ...]
    spot_checks: Table  # statistics 'spot_checks'
    budget: Table  # statistics 'budget': 总预算 first, then each sub-budget
    goods: tuple[GoodsLine, ...] = ()  # 慰问品 handed out, per kind (issue 16 item 3)
    goods_given: Figures = Figures()  # the households and items paid that carried goods, and the goods' value

    @property
    def title(self) -> str:
        return f"{self.name}活动总结"

    @property
    def as_of_text(self) -> str:
        """'' for a closed campaign, else '截至2026年12月6日'."""
        return "" if self.closed else f"截至{date_text(self.as_of)}"

    @property
    def goods_fen(self) -> int:
        return sum(g.value_fen for g in self.goods)

    @property
    def budget_total(self) -> Row:
        return self.budget.rows[0]

    def groups(self, table: Table) -> list[Group]:
        return [Group(r.label, Figures(*r.values[:3])) for r in table.rows]  # with goods: cash, then goods


def summary_of(db: Database, by: SessionUser, campaign: str | uuid.UUID,
               today: dt.date | None = None) -> CampaignSummary:
    """The figures of one campaign of the user's office (by name or id)."""
    today = today or dt.date.today()
    scope = statistics.scope_of(db, by, statistics.Period.of_campaigns([campaign]), with_earlier=False)
    if len(scope.campaigns) != 1:
        raise ValidationFailed("campaign", f"有 {len(scope.campaigns)} 个活动名为“{campaign}”，请用活动 ID 指定。")
    ref = scope.campaigns[0]
    names = ("helped_category", "helped_fund", "visits_group", "visits_leader", "spot_checks", "budget")
    found = dict(zip(names, statistics.tables(db, scope, names), strict=True))
    with db.read() as session:
        row = session.get(Campaign, ref.id)
        assert row is not None
        closed = row.status == "closed"
        by_state = _by_state(session, ref.id)
        notices = _notices(session, ref.id)
        objections = _objections(session, ref.id)
        visits = _visits(session, ref.id, found["visits_group"], found["visits_leader"])
        draws = _draws(session, ref.id)
        handed = tuple(GoodsLine(g.name, g.unit, g.handed, g.handed_fen) for g in goods.stock_in(session, ref.id)
                       if g.handed)
        given = _goods_given(session, ref.id, sum(g.value_fen for g in handed)) if handed else Figures()
    helped = found["helped_category"].total
    return CampaignSummary(
        office_name=scope.office_name, campaign_id=ref.id, name=ref.name, kind=ref.kind, start=ref.start,
        end=ref.end, closed=closed, as_of=today,
        helped=Figures(*helped.values[:3]) if helped is not None else Figures(),
        approved=by_state["approved"], pending=by_state["pending"], rejected=by_state["rejected"].items,
        voided=by_state["voided"].items, by_category=found["helped_category"], by_fund=found["helped_fund"],
        notices=notices, objections=objections, visits=visits, spot_draws=draws, spot_checks=found["spot_checks"],
        budget=found["budget"], goods=handed, goods_given=given)


def _goods_given(session: Session, campaign_id: uuid.UUID, value_fen: int) -> Figures:
    """Households and items paid that carried goods (慰问品), with the goods' value."""
    i = AssistanceItem
    households, items = session.execute(
        select(func.count(distinct(i.worker_file_id)), func.count(distinct(i.id)))
        .where(i.campaign_id == campaign_id, i.state.in_(PAID), i.id.in_(select(GoodsLineRow.item_id)))).one()
    return Figures(int(households), int(items), value_fen)


def _by_state(session: Session, campaign_id: uuid.UUID) -> dict[str, Figures]:
    i = AssistanceItem
    out: dict[str, Figures] = {}
    sets = {"approved": (APPROVED,), "rejected": (ItemState.REJECTED.value,), "voided": (ItemState.VOIDED.value,),
            "pending": tuple(s.value for s in ItemState if s.value not in (*PAID, APPROVED, *GONE))}
    for key, states in sets.items():
        households, items, fen = session.execute(
            select(func.count(distinct(i.worker_file_id)), func.count(i.id), func.coalesce(func.sum(i.amount_fen), 0))
            .where(i.campaign_id == campaign_id, i.state.in_(states))).one()
        out[key] = Figures(int(households), int(items), int(fen or 0))
    return out


def _notices(session: Session, campaign_id: uuid.UUID) -> tuple[NoticeFigures, ...]:
    found = []
    for notice in session.scalars(select(Notice).where(Notice.campaign_id == campaign_id)
                                  .order_by(Notice.start_date, Notice.id)):
        names = session.scalar(select(NoticeSnapshot.row_count).where(NoticeSnapshot.notice_id == notice.id))
        if names is None:  # a notice posted before snapshots were kept: the items that point at it
            names = session.scalar(select(func.count()).where(AssistanceItem.notice_id == notice.id)) or 0
        found.append(NoticeFigures(notice.start_date, notice.end_date, int(names), notice.place))
    return tuple(found)


def _objections(session: Session, campaign_id: uuid.UUID) -> Objections:
    rows = session.execute(
        select(Objection.outcome, Objection.resolved_on, AssistanceItem.state)
        .join(AssistanceItem, AssistanceItem.id == Objection.item_id)
        .where(AssistanceItem.campaign_id == campaign_id)).all()
    handled = [r for r in rows if r.resolved_on is not None]
    conclusions = Counter(r.outcome.strip() or "（未写结论）" for r in handled)
    now = Counter(STATE_LABELS.get(ItemState(r.state), r.state) for r in handled)
    return Objections(len(rows), len(handled), tuple(sorted(conclusions.items(), key=lambda p: (-p[1], p[0]))),
                      tuple(sorted(now.items(), key=lambda p: (-p[1], p[0]))))


def _visits(session: Session, campaign_id: uuid.UUID, groups: Table, leaders: Table) -> VisitFigures:
    v, h = Visit, VisitHousehold
    households = session.scalar(
        select(func.count(distinct(h.worker_file_id))).select_from(v).join(h, h.visit_id == v.id)
        .where(v.campaign_id == campaign_id, v.deleted.is_(False), v.outcome == "已走访")) or 0
    total = groups.total.values[:6] if groups.total is not None else (0,) * 6  # then 指标… when a quota is set
    planned, done, not_home, rescheduled, _all, household_visits = total
    return VisitFigures(groups, tuple(r.label for r in leaders.rows), planned, done, not_home, rescheduled,
                        int(households), household_visits)


def _draws(session: Session, campaign_id: uuid.UUID) -> tuple[SpotDraw, ...]:
    found = []
    for check in session.scalars(select(SpotCheck).where(SpotCheck.campaign_id == campaign_id)
                                 .order_by(SpotCheck.drawn_on, SpotCheck.id)):
        results = Counter(e.result for e in check.entries)
        found.append(SpotDraw(check.drawn_on, check.percent, check.population, len(check.entries),
                              sum(1 for e in check.entries if e.checked_on is not None),
                              results["属实"], results["不属实"], results["联系不上"]))
    return tuple(found)


# --- the words ----------------------------------------------------------------------------------------

def wan_text(fen: int) -> str:
    """An amount in words: under 1万元 in 元 ('6600元', '850.50元'); else in 万元 to two places — '84.52万元',
    '130万元', or '约84.53万元' when the two places round it."""
    if abs(fen) < TEN_THOUSAND_YUAN:
        yuan, cents = divmod(abs(fen), 100)
        return f"{'-' if fen < 0 else ''}{yuan}{f'.{cents:02d}' if cents else ''}元"
    exact = Decimal(fen) / TEN_THOUSAND_YUAN
    rounded = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}".rstrip("0").rstrip(".")
    return f"{text}万元" if rounded == exact else f"约{text}万元"


def _percent(part: int, whole: int) -> str:
    value = (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".rstrip("0").rstrip(".") + "%"


def _list(parts: list[str]) -> str:
    return "，".join(parts)


def paragraphs(s: CampaignSummary) -> list[str]:
    """The summary as plain paragraphs, every sentence made from the figures."""
    act, money = WORDS.get(s.kind, ("帮扶", "帮扶资金"))
    return [p for p in (_opening(s), _helped(s, act, money), _notices_text(s), _visits_text(s, act),
                        _spot_text(s), _budget_text(s)) if p]


def _opening(s: CampaignSummary) -> str:
    dates = span_text(s.start, s.end)
    if s.closed:
        return f"{s.office_name}{s.name}活动于{dates}开展，现已结束。"
    return f"{s.office_name}{s.name}活动于{dates}开展，尚在进行中，以下为{s.as_of_text}的情况。"


def _helped(s: CampaignSummary, act: str, money: str) -> str:
    h = s.helped
    if h.items:
        goods = s.goods_fen
        given = f"发放{money}{wan_text(h.fen)}"
        if s.goods:
            kinds = "、".join(f"{g.name}{g.quantity}{g.unit}" for g in s.goods)
            given += f"、慰问品（{kinds}）折合{wan_text(goods)}，合计{wan_text(h.fen + goods)}"
        text = (f"{s.as_of_text}{'，' if s.as_of_text else ''}本次活动共{act}困难职工{h.households}户"
                f"（{h.items}人次），{given}。")
        parts = [f"{g.label}{g.figures.households}户、{wan_text(g.figures.fen)}" for g in s.groups(s.by_category)]
        if parts:
            text += f"按困难类别，{_list(parts)}"
        funds = [f"{g.label}{wan_text(g.figures.fen)}" for g in s.groups(s.by_fund)]
        if funds:
            text += f"；按资金来源，{_list(funds)}。" if parts else f"按资金来源，{_list(funds)}。"
        elif parts:
            text += "。"
    else:
        text = f"{s.as_of_text}{'，' if s.as_of_text else ''}本次活动尚未发放{money}。"
    if s.approved.items:
        text += f"另有{s.approved.households}户已批准、尚未发放，金额{wan_text(s.approved.fen)}。"
    if s.pending.items:
        text += f"尚在审核、公示中的{s.pending.items}项，金额{wan_text(s.pending.fen)}。"
    gone = [f"{label}{n}项" for label, n in (("不予批准", s.rejected), ("作废", s.voided)) if n]
    if gone:
        text += f"经审核、公示，{'、'.join(gone)}。"
    return text


def _notices_text(s: CampaignSummary) -> str:
    if not s.notices:
        return "本次活动尚未公示名单。"
    posts = [f"{span_text(n.start, n.end)}公示{n.names}名" for n in s.notices]
    text = f"帮扶名单共公示{len(s.notices)}次：{_list(posts)}。"
    o = s.objections
    if not o.raised:
        return text + "公示期间未收到异议。"
    text += f"公示期间收到异议{o.raised}件，已核查处理{o.handled}件"
    text += f"，尚在核查{o.pending}件。" if o.pending else "，全部处理完毕。"
    if o.handled:
        now = "、".join(f"{label}{n}项" for label, n in o.handled_now)
        text += f"处理完毕的异议所涉名单项，现为{now}。"
    return text


def _visits_text(s: CampaignSummary, act: str) -> str:
    v = s.visits
    if not v.total:
        return "本次活动未登记走访。"
    groups = len(v.groups.rows)
    leaders = f"（带队领导：{'、'.join(_joined(name) for name in v.leaders)}）" if v.leaders else ""
    text = f"走访{act}由{groups}个慰问组{leaders}开展，共安排走访{v.total}次：已走访{v.done}次，到户{v.households}户"
    if v.household_visits != v.households:
        text += f"（{v.household_visits}户次）"
    rest = [f"{label}{n}次" for label, n in (("不在家", v.not_home), ("改期", v.rescheduled), ("尚待走访", v.planned))
            if n]
    return text + (f"；{_list(rest)}。" if rest else "。")


def _joined(text: str) -> str:
    """'副镇长 邰仙梅' → '副镇长邰仙梅': no Latin space inside a Chinese sentence."""
    return "".join(text.split())


def _spot_text(s: CampaignSummary) -> str:
    if not s.spot_draws:
        return "本次活动尚未抽查回访。"
    parts = []
    for d in s.spot_draws:
        found = [f"{label}{n}户" for label, n in (("属实", d.true), ("不属实", d.untrue), ("联系不上", d.unreached))
                 if n]
        text = (f"{date_text(d.drawn_on)}从已发放的{d.population}户中按{d.percent}%抽取{d.drawn}户回访核查，"
                f"已核查{d.checked}户")
        if found:
            text += f"，其中{'、'.join(found)}"
        if d.drawn > d.checked:
            text += f"，尚有{d.drawn - d.checked}户未核查"
        parts.append(text)
    return "发放后抽查：" + "；".join(parts) + "。"


def _budget_text(s: CampaignSummary) -> str:
    budget, paid, reserved, left, _items = s.budget_total.values
    if not budget:
        return f"本次活动未设预算，已发放{wan_text(paid)}。"
    text = f"本次活动预算{wan_text(budget)}，" + (f"已发放{wan_text(paid)}，占预算的{_percent(paid, budget)}" if paid
                                                 else "尚未发放")
    if reserved:
        text += f"，已批准待发放和审批中的名单占用{wan_text(reserved)}"
    text += f"，尚余{wan_text(left)}。" if left >= 0 else f"，超出预算{wan_text(-left)}。"
    return text


# --- the tables -----------------------------------------------------------------------------------

def summary_tables(s: CampaignSummary) -> list[Table]:
    """The figures behind the words, in exact yuan: progress, 帮扶 by category and fund source, notices and
    objections, visits by group, spot-checks, budget."""
    progress_rows = [Row("已发放（含已抽查）", (s.helped.households, s.helped.items, s.helped.fen)),
                     Row("已批准、待发放", (s.approved.households, s.approved.items, s.approved.fen)),
                     Row("审核、公示中", (s.pending.households, s.pending.items, s.pending.fen))]
    if s.goods:
        given = s.goods_given
        progress_rows.insert(1, Row("其中随发慰问品（折合）", (given.households, given.items, s.goods_fen)))
    progress_rows += [Row("不予批准", (0, s.rejected, 0)), Row("作废", (0, s.voided, 0))]
    columns = (Column("户数"), Column("人次（项）"), Column("金额（元）", MONEY))
    tables = [
        Table("progress", "帮扶名单及发放情况", "名单项", columns, tuple(progress_rows), None,
              note="户数为不同的户；不予批准、作废的名单项不计户数和金额。"),
        s.by_category, s.by_fund]
    notice_rows = tuple(Row(f"{span_text(n.start, n.end)}公示", (n.names,)) for n in s.notices)
    objection_rows = (Row("收到异议", (s.objections.raised,)), Row("已核查处理", (s.objections.handled,)),
                      Row("尚在核查", (s.objections.pending,)),
                      *(Row(f"核查结论：{text}", (n,)) for text, n in s.objections.conclusions),
                      *(Row(f"所涉名单项现为{label}", (n,)) for label, n in s.objections.handled_now))
    tables.append(Table("notices", "公示及异议处理情况", "项目", (Column("名数/件数", COUNT),),
                        notice_rows + objection_rows, None))
    tables.append(_visit_table(s))
    tables.append(s.spot_checks)
    tables.append(s.budget)
    return tables


def _visit_table(s: CampaignSummary) -> Table:
    t = s.visits.groups
    if not t.rows:
        return t
    return Table(t.key, t.title, t.heading, t.columns, t.rows, t.total,
                 note=f"{t.note}已走访的各次走访共到{s.visits.households}户，同一户走访多次计一户。")


# --- the paper and the text -------------------------------------------------------------------------

def text_of(s: CampaignSummary) -> str:
    """The title and the paragraphs, as pasted into the office's own report."""
    title = s.title + (f"（{s.as_of_text}）" if s.as_of_text else "")
    return "\r\n\r\n".join([title, *("\u3000\u3000" + p for p in paragraphs(s))]) + "\r\n"


def export_summary(db: Database, by: SessionUser, campaign: str | uuid.UUID, out_path: Path | str,
                   today: dt.date | None = None) -> Path:
    """The summary as a PDF (the paragraphs, the tables, the signing lines) or as text (.txt: the paragraphs);
    published and logged (who, which campaign, the main figures)."""
    if by.id is None:
        raise PermissionDenied("named_user_required", "打印活动总结须由登录的工作人员办理。")
    out = Path(out_path)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".txt"):
        raise ValidationFailed("out", f"活动总结只能保存为 .pdf 或 .txt 文件，“{out.name}”不是。")
    export_path(out)
    day = today or dt.date.today()
    summary = summary_of(db, by, campaign, day)
    started = time.perf_counter()
    with db.read() as session:
        settings = {key: value_at(session, by.office_id, key, day)
                    for key in ("pdf_font_path", "pdf_extra_fonts", "signature_names", "signatory_handler",
                                "signatory_reviewer", "signatory_head")}
    with publishing(db, "campaign_summary", out) as pub:
        if suffix == ".pdf":
            from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
            from songnuan_desktop.documents.signing import names_beneath
            from songnuan_desktop.documents.summary_pdf import SummaryPaper, write_summary

            font_setting = str(settings["pdf_font_path"] or "") or None
            paper = SummaryPaper(
                title=summary.title, as_of=summary.as_of_text, office_name=summary.office_name,
                paragraphs=tuple(paragraphs(summary)), tables=tuple(summary_tables(summary)), made_on=day,
                signers=(("制表人", by.display_name), ("审核人", str(settings["signatory_reviewer"] or "")),
                         ("负责人", str(settings["signatory_head"] or ""))),
                names_beneath=names_beneath(settings["signature_names"]))
            pages = write_summary(paper, pub.temp, cjk_font(font_setting), cjk_heading_font(font_setting),
                                  str(settings["pdf_extra_fonts"] or "") or None)
        else:
            pub.temp.write_bytes(text_of(summary).encode("utf-8-sig"))
            pages = 0
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "campaigns", str(summary.campaign_id), after={
                "campaign": summary.name, "format": suffix[1:], "as_of": "" if summary.closed else day.isoformat(),
                "files": summary.helped.households, "rows": summary.helped.items, "total_fen": summary.helped.fen,
                "path": str(out), "pages": pages,
                "seconds": round(time.perf_counter() - started, 3)})
            pub.record(session, by.actor, {"campaign": summary.name, "pages": pages})
    return out

