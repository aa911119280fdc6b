"""Showing a refusal: the service's sentence, and for a refused batch every item with its reason.

A batch is done all or nothing, so a refusal changed nothing. When some items of it were not refused,
the screen may offer to do only those (issue 13: one refused item refused the whole batch and there
was no "do the others"): `the_rest` gives their ids, `show_refusal(…, the_rest=…)` offers them.

Before any click, a control the user's roles refuse is grey and says why (`follow_role`, `role_reason`,
`enable`): its tooltip is `domain.permissions.why_not` ("需要经办人或财务角色，当前用户没有该角色。"), and a
control grey only for the screen's state (nothing selected) keeps its own tooltip. Qt shows the tooltip of a
disabled QPushButton or QToolButton (tests/ui/test_role_tooltips.py hovers one).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set as AbstractSet
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.domain.permissions import Action, why_not
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.messages import describe

OWN_TOOLTIP = "songnuanOwnToolTip"  # the widget's own tooltip, kept while a role's reason stands in its place


def refusal_lines(exc: BaseException) -> list[str]:
    """Each refused item of a batch as '张三（档案 …）：reason'; empty for any other error."""
    return [str(r) for r in exc.refusals] if isinstance(exc, BatchRefused) else []


def the_rest(exc: BaseException, asked: Sequence[Any]) -> list[Any]:
    """The ids of `asked` that a refused batch did not refuse, in their order; empty for any other error."""
    if not isinstance(exc, BatchRefused):
        return []
    refused = {r.id for r in exc.refusals}
    return [i for i in asked if i not in refused]


def show_refusal(parent: QWidget | None, exc: BaseException, asked: Sequence[Any] = (),
                 do_the_rest: Callable[[list[Any]], None] | None = None) -> QMessageBox:
    """A warning with the service's message; a batch's full list (beyond the ten in the message) sits
    under 'Show Details…' so nothing refused goes unnamed. Given the batch's ids (`asked`) and
    `do_the_rest`, a batch refused in part offers 仅处理可以办理的 N 项, which calls `do_the_rest(ids)`
    (the caller does them in one transaction); 确定 does nothing."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("messages", "Cannot do that"),
                      describe(exc), QMessageBox.StandardButton.Ok, parent)
    lines = refusal_lines(exc)
    if len(lines) > 10:
        box.setDetailedText("\n".join(lines))
    rest = the_rest(exc, asked) if do_the_rest is not None else []
    offer = None
    if rest:
        offer = box.addButton(QCoreApplication.translate("messages", "Do only the {0} items that can be done").format(
            len(rest)), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)  # Enter does nothing: doing part is always chosen
    box.exec()
    if offer is not None and do_the_rest is not None and box.clickedButton() is offer:
        do_the_rest(rest)
    return box


def role_reason(user: SessionUser | None, what: Action | AbstractSet[Role]) -> str:
    """Why `user` may not do the action (or lacks every role of the set); "" when they may."""
    if user is not None and (user.may(what) if isinstance(what, Action) else bool(user.roles & what)):
        return ""
    return why_not(what)


def enable(widget: QWidget, reason: str, ready: bool = True) -> None:
    """Enable `widget` when there is no role `reason` against it and the screen is `ready` for it. While a reason
    stands the widget is grey with the reason as its tooltip; otherwise it has its own tooltip back, whether the
    screen's state greys it or not. A screen that enables a control by state calls this each time, with the
    reason it worked out once."""
    widget.setEnabled(not reason and ready)
    own = widget.property(OWN_TOOLTIP)
    if reason:
        if own is None:
            widget.setProperty(OWN_TOOLTIP, widget.toolTip())
        widget.setToolTip(reason)
    elif own is not None:
        widget.setToolTip(str(own))
        widget.setProperty(OWN_TOOLTIP, None)


def follow_role(widget: QWidget, user: SessionUser | None, what: Action | AbstractSet[Role],
                ready: bool = True) -> bool:
    """`enable(widget, role_reason(user, what), ready)`; whether the user may (the screen keeps it)."""
    reason = role_reason(user, what)
    enable(widget, reason, ready)
    return not reason
