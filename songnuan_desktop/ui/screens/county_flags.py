"""乡镇汇总's decisions (下发): 标记… on a finding or one of its entries, the 县总工会标记 tab (withdraw a flag,
confirm a township's final list) and 下发决定… (one decisions package per township, on a stick).

The townships' rows stay read-only: a flag is the county's own row about one of them. Every read and
write runs on the database lane. The passphrase is typed twice, handed to the job and not kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QTreeWidget, QTreeWidgetItem

from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.codes import COUNTY_FLAG_KINDS
from songnuan_desktop.domain.permissions import Action, why_not
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.county import county_decisions
from songnuan_desktop.services.county.county_checks import Finding, FindingEntry
from songnuan_desktop.services.county.county_decisions import CampaignChoice, CountyFlagRow, DecisionsExport
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.county_dialogs import (
    DecisionsSentDialog, FinalListDialog, FlagDialog, PassphraseDialog,
)
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.generated.ui_county_screen import Ui_CountyScreen
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.refusals import enable, follow_role
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Lanes

RED, GREEN, GREY = "#b00020", "#1b5e20", "#777777"
ENTRY, FINDING = Qt.ItemDataRole.UserRole + 2, Qt.ItemDataRole.UserRole + 1  # UserRole: the finding key


@dataclass(frozen=True)
class Target:
    office_id: uuid.UUID
    entity: str  # assistance_items | worker_files
    entity_id: uuid.UUID


@dataclass(frozen=True)
class Selection:
    subject: str
    kind: str
    text: str
    targets: tuple[Target, ...]


def _add(db: Database, user: SessionUser, targets: Sequence[Target], kind: str, text: str) -> int:
    return len(county_decisions.add_flags(db, user, [(t.office_id, t.entity, t.entity_id) for t in targets], kind,
                                          text))


def target_of(kind: str, entry: FindingEntry) -> Target | None:
    """A double payment is flagged on the item paid; a duplicate or a disagreement on the file."""
    if kind == "double_payment" and entry.item_id is not None:
        return Target(entry.office_id, "assistance_items", entry.item_id)
    return Target(entry.office_id, "worker_files", entry.file_id) if entry.file_id is not None else None


class FlagsPanel(QObject):
    flags_loaded = Signal()
    changed = Signal()  # a flag added or withdrawn, a final list confirmed; the flags reloaded after
    decisions_sent = Signal(object)  # DecisionsExport
    failed = Signal(object)  # the exception, after it was shown

    def __init__(self, screen: Any, ui: Ui_CountyScreen, db: Database, user: SessionUser, lanes: Lanes,
                 say: Callable[[str, str], None]) -> None:
        super().__init__(screen)
        self.screen, self.ui, self.db, self.user, self.lanes, self.say = screen, ui, db, user, lanes, say
        self.allowed = user.may(Action.FLAG_TOWNSHIP_DATA)
        self.flags: list[CountyFlagRow] = []
        self.dialog: QDialog | None = None  # the last decisions result (tests read it)
        self.ui.flagsTable.verticalHeader().setVisible(False)
        self.ui.flagsTable.verticalHeader().setDefaultSectionSize(screen.fontMetrics().height() + 8)
        follow_role(self.ui.issueDecisions, user, Action.EXPORT_DECISIONS)
        follow_role(self.ui.confirmFinal, user, Action.CONFIRM_FINAL_LIST)
        enable(self.ui.flagButton, self._refused(Action.FLAG_TOWNSHIP_DATA), False)
        enable(self.ui.withdrawFlag, self._refused(Action.WITHDRAW_FLAG), False)
        self.ui.flagButton.clicked.connect(self.flag_selection)
        self.ui.withdrawFlag.clicked.connect(self.withdraw_selected)
        self.ui.confirmFinal.clicked.connect(self.confirm_final_list)
        self.ui.issueDecisions.clicked.connect(self.send_decisions)
        self.ui.flagsTable.itemSelectionChanged.connect(self._flag_chosen)
        for tree in screen.trees:
            tree.itemSelectionChanged.connect(self._finding_chosen)
        self.ui.tabs.currentChanged.connect(lambda _index: self._finding_chosen())

    def _refused(self, action: Action) -> str:
        """Why the user's roles grey a flag button (its tooltip); "" when they may flag."""
        return "" if self.allowed else why_not(action)

    # flags ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.allowed:
            db, user = self.db, self.user
            Op(self, self.lanes, lambda: county_decisions.list_flags(db, user)).in_background() \
                .success(self._arrived).failure(self._failed_quietly).run()

    def _failed_quietly(self, exc: Exception) -> None:
        self.say(describe(exc), RED)

    def _arrived(self, flags: list[CountyFlagRow]) -> None:
        self.flags = flags
        self._show_flags()
        self.mark_trees()
        self.ui.tabs.setTabText(4, self.tr("County flags ({0})").format(sum(not f.withdrawn for f in flags)))
        self.flags_loaded.emit()

    def _show_flags(self) -> None:
        headers = (self.tr("Township"), self.tr("Record"), self.tr("Kind"), self.tr("The county's words"),
                   self.tr("Flagged at"), self.tr("By"), self.tr("Status"))
        rows = [(f.office_name, f.subject, COUNTY_FLAG_KINDS.get(f.kind, f.kind), f.text, local_text(f.created_at),
                 f.by_username, self.tr("Withdrawn") if f.withdrawn else self.tr("In force")) for f in self.flags]
        table = self.ui.flagsTable
        fill(table, headers, rows, keys=[f.id for f in self.flags], stretch=3)
        for row, flag in enumerate(self.flags):
            color = QBrush(QColor(GREY if flag.withdrawn else RED))
            for column in (2, 6):
                cell = table.item(row, column)
                if cell is not None:
                    cell.setForeground(color)
        self._flag_chosen()

    def live(self) -> dict[uuid.UUID, list[str]]:
        """The records carrying a flag in force, with the kinds in Chinese."""
        out: dict[uuid.UUID, list[str]] = {}
        for f in self.flags:
            if not f.withdrawn:
                out.setdefault(f.entity_id, []).append(COUNTY_FLAG_KINDS.get(f.kind, f.kind))
        return out

    def mark_trees(self) -> None:
        """The 标记 column of each entry: 已标记 when its item or file carries a flag in force."""
        live = self.live()
        for tree in self.screen.trees:
            column = tree.columnCount() - 2
            for i in range(tree.topLevelItemCount()):
                finding = tree.topLevelItem(i)
                for j in range(finding.childCount()):
                    child = finding.child(j)
                    entry = child.data(0, ENTRY)
                    kinds = [k for rid in (entry.item_id, entry.file_id) if rid for k in live.get(rid, [])] \
                        if entry is not None else []
                    child.setText(column, self.tr("Flagged") if kinds else "")
                    child.setToolTip(column, "、".join(dict.fromkeys(kinds)))
                    child.setForeground(column, QBrush(QColor(RED)))

    # 标记… ------------------------------------------------------------------------------------------
    def _current_tree(self) -> QTreeWidget | None:
        index = self.ui.tabs.currentIndex()
        trees = self.screen.trees
        return trees[index] if 0 <= index < len(trees) else None

    def _finding_chosen(self) -> None:
        enable(self.ui.flagButton, self._refused(Action.FLAG_TOWNSHIP_DATA), self.selection() is not None)

    def selection(self) -> Selection | None:
        """What 标记… would flag: the chosen entry, or every entry of the chosen finding."""
        tree = self._current_tree()
        item = tree.currentItem() if tree is not None else None
        if item is None or not item.isSelected():
            return None
        parent = item.parent() or item
        finding: Finding | None = parent.data(0, FINDING)
        if finding is None:
            return None
        entry: FindingEntry | None = item.data(0, ENTRY)
        entries = [entry] if entry is not None else list(finding.entries)
        targets = tuple(dict.fromkeys(t for e in entries if (t := target_of(finding.kind, e)) is not None))
        if not targets:
            return None
        if entry is not None:
            others = [e.office_name for e in finding.entries if e.office_id != entry.office_id]
            subject = f"{entry.office_name} {entry.file_no} {entry.name}（{finding.title}）"
            text = self._sentence(finding.kind, self._names(others), alone=True)
        else:
            subject = self.tr("{0} ({1} records)").format(finding.title, len(targets))
            text = self._sentence(finding.kind, self._names([e.office_name for e in finding.entries]), alone=False)
        return Selection(subject, finding.kind, text, targets)

    def _names(self, names: Sequence[str]) -> str:
        return self.tr(", ").join(dict.fromkeys(names))

    def _sentence(self, kind: str, townships: str, alone: bool) -> str:
        if kind == "double_payment":
            return (self.tr("Paid in the same period as {0} (same ID number); please check and recover the payment.")
                    if alone else self.tr("Paid in the same period by {0} (same ID number); please check and recover "
                                          "the payment made twice.")).format(townships)
        if kind == "duplicate_file":
            return (self.tr("Also filed at {0} (same ID number, both files active); please check and close one.")
                    if alone else self.tr("Filed at {0} (same ID number, the files all active); please check and "
                                          "keep one file.")).format(townships)
        return (self.tr("Details differ from the file at {0} (same ID number); please check and correct them.")
                if alone else self.tr("The files at {0} disagree (same ID number); please check and correct them.")
                ).format(townships)

    def flag_selection(self) -> None:
        """The button: the dialog, prefilled from the finding, then flag."""
        chosen = self.selection()
        if chosen is None:
            return
        ask = FlagDialog(chosen.subject, chosen.kind, chosen.text, self.screen)
        if ask.exec() == QDialog.DialogCode.Accepted:
            kind, text = ask.values()
            self.flag(chosen.targets, kind, text)

    def flag_current(self, kind: str | None = None, text: str | None = None) -> bool:
        """Flag the chosen entry or finding without the dialog (the prefilled kind and words by default)."""
        chosen = self.selection()
        if chosen is None:
            return False
        return self.flag(chosen.targets, kind or chosen.kind, chosen.text if text is None else text)

    def _run(self, label: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> bool:
        """`fn(*args)` on the database lane with a progress dialog, one job of the screen at a time (ui.ops);
        False when another one runs."""
        return Op(self.screen, self.lanes, lambda: fn(*args)).with_progress(label).one_at_a_time().success(done) \
            .failure(self._failed).run() is not None

    def flag(self, targets: Sequence[Target], kind: str, text: str) -> bool:
        return self._run(self.tr("Saving the flag…"), _add, self.db, self.user, list(targets), kind, text,
                         done=lambda n: self._changed(self.tr("{0} record(s) flagged.").format(n)))

    def _changed(self, message: str) -> None:
        self.say(message, GREEN)
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.say(describe(exc), RED)
        show_error(self.screen, exc)
        self.failed.emit(exc)

    # the flags tab ----------------------------------------------------------------------------------
    def _chosen_flag(self) -> CountyFlagRow | None:
        row = self.ui.flagsTable.currentRow()
        if not self.ui.flagsTable.selectedItems() or not 0 <= row < len(self.flags):
            return None
        return self.flags[row]

    def _flag_chosen(self) -> None:
        flag = self._chosen_flag()
        enable(self.ui.withdrawFlag, self._refused(Action.WITHDRAW_FLAG), flag is not None and not flag.withdrawn)

    def withdraw_selected(self) -> None:
        flag = self._chosen_flag()
        if flag is None:
            return
        reason, ok = QInputDialog.getText(self.screen, self.tr("Withdraw flag"), self.tr(
            "Why is the flag on {0} ({1}) withdrawn? The township sees the reason.").format(
            flag.subject, flag.office_name), QLineEdit.EchoMode.Normal, "")
        if ok:
            self.withdraw(flag.id, reason)

    def withdraw(self, flag_id: uuid.UUID, reason: str) -> bool:
        return self._run(self.tr("Withdrawing the flag…"), county_decisions.withdraw_flag, self.db, self.user,
                         flag_id, reason, done=lambda _none: self._changed(self.tr("The flag was withdrawn.")))

    def confirm_final_list(self) -> None:
        """The button: the townships' campaigns are read on the lane, then the dialog."""
        self._run(self.tr("Reading the campaigns…"), county_decisions.final_list_choices, self.db, self.user,
                  done=self._ask_final)

    def _ask_final(self, choices: list[CampaignChoice]) -> None:
        ask = FinalListDialog(choices, self.screen)
        if ask.exec() == QDialog.DialogCode.Accepted:
            campaign_id, note = ask.values()
            self.confirm_final(campaign_id, note)

    def confirm_final(self, campaign_id: uuid.UUID, note: str = "") -> bool:
        return self._run(self.tr("Confirming the final list…"), county_decisions.confirm_final_list, self.db, self.user,
                         campaign_id, note, done=lambda _id: self._changed(self.tr("The final list was confirmed.")))

    # 下发决定… --------------------------------------------------------------------------------------
    def send_decisions(self) -> None:
        """The button: a folder (the first removable drive by default), the passphrase twice, write."""
        folder = file_dialogs.choose_folder(self.screen, "package", self.tr("Where to write the decisions packages"),
                                            self.screen.default_folder)
        if folder is None:
            return
        ask = PassphraseDialog(len(self.screen.townships), self.screen, decisions_to=str(folder))
        if ask.exec() == QDialog.DialogCode.Accepted:
            self.send_decisions_to(folder, ask.text())

    def send_decisions_to(self, folder: Path, passphrase: str) -> bool:
        if ops.busy(self.screen):
            return False
        self.say(self.tr("Writing the decisions packages…"), GREEN)
        db, user = self.db, self.user
        Op.with_job(self.screen, self.lanes, lambda job: county_decisions.export_decisions(
            db, user, folder, passphrase, job.progress, job.is_cancelled)) \
            .holding(self.ui.issueDecisions).one_at_a_time() \
            .with_progress(self.tr("Writing one decisions package per township…"), self.tr("Cancel")) \
            .success(lambda export: self._sent(export, folder)).failure(self._failed).run()
        return True

    def _sent(self, export: DecisionsExport, folder: Path) -> None:
        self.say(export.summary(), GREEN)
        self.dialog = DecisionsSentDialog(export, folder, self.screen)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        self.decisions_sent.emit(export)


def finding_item(tree: QTreeWidget, finding: Finding) -> QTreeWidgetItem:
    item = QTreeWidgetItem(tree, [finding.title])
    item.setData(0, FINDING, finding)
    return item


def entry_item(parent: QTreeWidgetItem, cells: Sequence[str], entry: FindingEntry) -> QTreeWidgetItem:
    item = QTreeWidgetItem(parent, list(cells))
    item.setData(0, ENTRY, entry)
    return item

