"""The pane beside the approval queue: one item as rich text (file summary, eligibility, history)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject

from songnuan_desktop.domain.local_time import local
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.services.campaigns.approval_detail import ItemDetail
from songnuan_desktop.services.campaigns.approval_queue import QueueItem
from songnuan_desktop.services.campaigns.transitions import ACTION_LABELS, ROUTED

STYLE = ("<style>h3 { margin: 0 0 4px 0; } h4 { margin: 10px 0 2px 0; color: #333; }"
         " td { padding: 1px 8px 1px 0; vertical-align: top; } .k { color: #666; white-space: nowrap; }"
         " .wait { background: #fff4d6; color: #6b4500; } .note { color: #666; } .county { color: #b00020; }</style>")


def _heading(text: str) -> str:
    return f"<h4>{escape(text)}</h4>"


def _note(text: str) -> str:
    return f"<p class='note'>{escape(text)}</p>"


def _labelled(label: str, text: str) -> str:
    return f"<p><span class='k'>{escape(label)}</span> {escape(text)}</p>"


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td class='k'>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in pairs if v)
    return f"<table>{cells}</table>"


class ItemDetailText(QObject):
    """The words of the pane; a QObject so that lupdate files them under this class."""

    def html(self, item: QueueItem, detail: ItemDetail | None) -> str:
        """`detail` is None while it is being read: the row's own fields show at once."""
        parts = [STYLE, f"<h3>{escape(item.name)} <span class='note'>（{escape(item.file_no)}）</span></h3>"]
        if item.waiting:
            parts.append(f"<p class='wait'>{escape(item.waiting)}</p>")
        if detail is not None and detail.county_flags:
            parts.append(_heading(self.tr("Flagged by the county union")))
            parts.append("".join(f"<p class='county'>{escape(line)}</p>" for line in detail.county_flags))
        parts.append(_rows(self._file_pairs(item, detail)))
        parts.append(_heading(self.tr("Assistance item")))
        parts.append(_rows(self._item_pairs(item)))
        parts.append(self._what_you_can_do(item))
        parts.append(_heading(self.tr("Eligibility")))
        parts.append(self._eligibility(item, detail))
        if detail is None:
            parts.append(_note(self.tr("Reading the history…")))
            return "".join(parts)
        if detail.objections:
            parts.append(_heading(self.tr("Objections")))
            parts.append(self._objections(detail))
        parts.append(_heading(self.tr("History")))
        parts.append(self._history(detail))
        return "".join(parts)

    def _file_pairs(self, item: QueueItem, detail: ItemDetail | None) -> list[tuple[str, str]]:
        pairs = [(self.tr("Work unit"), item.unit), (self.tr("Category"), item.category)]
        if detail is not None and not detail.file_missing:
            pairs.append((self.tr("Household"), self.tr("{0} persons").format(detail.household_size)))
            income = self.tr("{0} yuan a month per person").format(yuan_text(detail.per_capita_monthly_fen))
            if detail.ratio_percent is not None:
                income += self.tr(" ({0}% of the minimum living standard)").format(detail.ratio_percent)
            pairs.append((self.tr("Per-capita income"), income))
        pairs += [(self.tr("ID number"), item.id_number), (self.tr("Phone"), item.phone)]
        return pairs

    def _item_pairs(self, item: QueueItem) -> list[tuple[str, str]]:
        notice = item.notice_end.isoformat() if item.notice_end else ""
        amount = self.tr("{0} yuan").format(yuan_text(item.amount_fen))
        return [
            (self.tr("Item"), item.item_kind), (self.tr("Tier"), item.tier), (self.tr("Amount"), amount),
            (self.tr("Fund source"), item.fund_source), (self.tr("State"), item.state_label),
            (self.tr("Notice ends"), notice), (self.tr("Proposed by"), item.proposed_by),
            (self.tr("Reviewed by"), item.reviewed_by),
        ]

    def _what_you_can_do(self, item: QueueItem) -> str:
        here = [ACTION_LABELS[a] for a in item.actions if (item.state, a) not in ROUTED]
        elsewhere = [ROUTED[(item.state, a)] for a in item.actions if (item.state, a) in ROUTED]
        lines = []
        if here:
            lines.append(self.tr("You may: {0}").format("、".join(here)))
        lines += elsewhere
        return "".join(_note(line) for line in lines)

    def _eligibility(self, item: QueueItem, detail: ItemDetail | None) -> str:
        lines = [_labelled(self.tr("When proposed:"), item.reason)]
        if item.override_reason:
            lines.append(_labelled(self.tr("Exception recorded:"), item.override_reason))
        if detail is not None:
            judged = "".join(f"<li>{escape(s)}</li>" for s in detail.sentences)
            lines.append(_labelled(self.tr("Judged today:"), "") + f"<ul>{judged}</ul>")
        return "".join(lines)

    def _objections(self, detail: ItemDetail) -> str:
        rows = []
        for o in detail.objections:
            outcome = (self.tr("Outcome ({0}): {1}").format(o.resolved_on.isoformat(), o.outcome) if o.resolved_on
                       else self.tr("Not resolved yet"))
            rows.append(f"<li>{escape(o.raised_on.isoformat())} {escape(o.raised_by)}：{escape(o.content)}"
                        f"<br/><span class='note'>{escape(outcome)}</span></li>")
        return f"<ul>{''.join(rows)}</ul>"

    def _history(self, detail: ItemDetail) -> str:
        if not detail.history:
            return _note(self.tr("No transitions yet: the item is as it was proposed."))
        rows = []
        for line in detail.history:
            when = local(line.at).strftime("%Y-%m-%d %H:%M")
            move = f"{line.from_state} → {line.to_state}"
            rows.append(f"<tr><td class='k'>{escape(when)}</td><td>{escape(line.actor)}</td><td>{escape(move)}</td>"
                        f"<td>{escape(line.comment)}</td></tr>")
        return f"<table>{''.join(rows)}</table>"
