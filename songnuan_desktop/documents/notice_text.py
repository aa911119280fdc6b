"""The notice's data and words (公示, 公示结果), without reportlab: the services keep a posted notice as
this data (services.campaigns.notices snapshots it when the notice starts) and the PDF (documents.notice_pdf) prints
it. `to_json`/`from_json` are the snapshot's stored form: every field as printed, nothing recomputed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from songnuan_desktop.domain.eligibility import yuan_text

STUDENT_KIND = "金秋助学"


@dataclass(frozen=True)
class NoticeRow:
    name: str
    unit: str
    category: str
    item: str
    amount_fen: int
    id_number: str  # masked again on the way out: a full number never reaches the page
    student: str = ""  # 金秋助学: the student's name, where the household's file has one student at school
    school: str = ""  # 金秋助学: the school and level as printed, e.g. 黄平民族中学（高中）
    ref: str = ""  # how a refusal names the person (档案 JZ-2024-0001 户主); never printed


@dataclass(frozen=True)
class NoticeDocument:
    office_name: str
    campaign_name: str
    campaign_kind: str
    start: str  # dates as printed: 2026年11月23日
    end: str
    working_days: int
    calendar_note: str  # "" when the period was counted on the official holiday arrangement
    place: str  # where the notice is posted
    contact: str  # where and whom to call to object
    issued_on: str
    rows: tuple[NoticeRow, ...]
    audit_tip: str = ""  # the audit chain's tip when printed (审计 #n·12 hex), in every page's foot
    supervision_phone: str = ""  # setting notice_supervision_phone, on the objection line when set
    opening: str = ""  # the paragraph as posted (a reprint's, from the snapshot); "" → `opening_text`
    objection: str = ""  # likewise the objection paragraph; "" → `objection_text`
    mark: str = ""  # a reprint: 重印, when, by whom, of which original — under the title, 重印 on every page

    @property
    def title(self) -> str:
        return f"{self.office_name}{self.campaign_name}拟帮扶对象公示"

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)

    @property
    def students(self) -> bool:
        return self.campaign_kind == STUDENT_KIND


@dataclass(frozen=True)
class RemovedRow:
    """A name of the posted list that is not on it now, and why (公示结果)."""

    name: str
    unit: str
    item: str
    amount_fen: int  # as posted
    status: str  # 未予批准 / 已作废 / 异议核查中 / 重新审核 / 已重新公示
    reason: str
    ref: str = ""


@dataclass(frozen=True)
class NoticeResult:
    """公示结果: the posted notice's list as it stands now, the names removed or sent back and why."""

    office_name: str
    campaign_name: str
    campaign_kind: str
    start: str  # the notice's period, as printed on it
    end: str
    posted: int  # names on the notice as posted
    place: str
    contact: str
    issued_on: str  # today: the day this result is printed
    rows: tuple[NoticeRow, ...]  # still on the list
    removed: tuple[RemovedRow, ...]
    audit_tip: str = ""
    note: str = ""  # e.g. the posted list was remade from the data (no snapshot)

    @property
    def title(self) -> str:
        return f"{self.office_name}{self.campaign_name}公示结果"

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)

    @property
    def students(self) -> bool:
        return self.campaign_kind == STUDENT_KIND


def opening_text(doc: NoticeDocument) -> str:
    kind = doc.campaign_kind or "帮扶"
    return (f"根据{kind}工作安排，经个人申请、基层工会推荐、{doc.office_name}审核，拟对以下 "
            f"{len(doc.rows)} 名困难职工给予帮扶，现将名单予以公示。公示期为{doc.start}至{doc.end}，"
            f"共{doc.working_days}个工作日。")


def objection_text(doc: NoticeDocument) -> str:
    return (f"公示期间，任何单位和个人对公示对象有异议的，可在公示期内以书面或电话形式向{doc.office_name}"
            f"实名反映，并提供具体事实和联系方式，以便调查核实。{doc.office_name}对反映人的信息予以保密。"
            "逾期未提出异议的，视为无异议。")


def result_text(doc: NoticeResult) -> str:
    kept = f"其中 {len(doc.rows)} 名仍在名单中，列于表一（金额合计 {yuan_text(doc.total_fen)} 元）"
    gone = (f"；{len(doc.removed)} 名不再列入名单或须重新审核、重新公示，列于表二，并说明原因" if doc.removed
            else "；无人被移出名单")
    return (f"{doc.office_name}于{doc.start}至{doc.end}对{doc.campaign_name}拟帮扶对象 {doc.posted} 名进行了公示。"
            f"{kept}{gone}。现将公示结果公布如下。")


def to_json(doc: NoticeDocument, item_ids: list[str] | None = None) -> str:
    """The document as stored in the snapshot: every printed field, the rows in order, and beside them the
    item each row is (for 公示结果), never printed."""
    data = asdict(doc)
    data.pop("mark", None)
    data.pop("audit_tip", None)  # a print's footer, of the chain as it is when printed
    if item_ids is not None:
        for row, item_id in zip(data["rows"], item_ids, strict=True):
            row["item_id"] = item_id
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str) -> tuple[NoticeDocument, list[str]]:
    """The stored document and its rows' item ids ("" where none was kept)."""
    data: dict[str, Any] = json.loads(text)
    row_names = {f.name for f in fields(NoticeRow)}
    raw_rows = data.pop("rows")
    rows = tuple(NoticeRow(**{k: v for k, v in r.items() if k in row_names}) for r in raw_rows)
    names = {f.name for f in fields(NoticeDocument)}
    doc = NoticeDocument(**{k: v for k, v in data.items() if k in names}, rows=rows)
    return doc, [str(r.get("item_id", "")) for r in raw_rows]
