"""One way to run work from the window (issue 17 item 4, STYLE rules 4 and 17): every module under
songnuan_desktop/ui hands its work to the lanes through ui.ops (`Op`, `ops.result`), never by calling
`lanes.submit` or starting a job on a lane's pool itself. ui/ops.py is the one place that does.

A module that has a reason to stay raw is named in RAW with its reason; none has one today (the file list's
keyset paging and the start-up checks run through Op as background work owned by the model and the window)."""

from __future__ import annotations

import ast
from pathlib import Path

import songnuan_desktop

UI = Path(songnuan_desktop.__file__).parent / "ui"
OPS = UI / "ops.py"
RAW: dict[str, str] = {}  # "ui/…/module.py": why it calls the lanes itself


def _is_lanes(node: ast.expr) -> bool:
    """`lanes`, `self.lanes`, `screen.lanes`, …"""
    return (isinstance(node, ast.Name) and node.id == "lanes") or (
        isinstance(node, ast.Attribute) and node.attr == "lanes")


def raw_calls(source: str) -> list[int]:
    """The lines of `source` that submit to the lanes or start a job on their pools directly."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func = node.func
        submits = func.attr == "submit" and _is_lanes(func.value)
        starts = (func.attr in ("start", "tryStart") and isinstance(func.value, ast.Attribute)
                  and func.value.attr in ("db", "cpu") and _is_lanes(func.value.value))
        if submits or starts:
            found.append(node.lineno)
    return found


def test_only_ui_ops_submits_to_the_lanes() -> None:
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        if path == OPS or "generated" in path.parts:
            continue
        name = path.relative_to(UI.parent).as_posix()
        lines = raw_calls(path.read_text(encoding="utf-8"))
        if lines and name not in RAW:
            offenders[name] = lines
    assert offenders == {}, f"run the work through ui.ops.Op instead (lines per module): {offenders}"
    assert raw_calls(OPS.read_text(encoding="utf-8")), "ui/ops.py is where the lanes are called"


def test_the_check_sees_each_raw_form() -> None:
    """The other half: the check is not blind (a planted call of each form is found)."""
    planted = (
        "self.lanes.submit(self.lanes.db, f, owner=self)\n"
        "lanes.submit(lanes.cpu, g)\n"
        "self.screen.lanes.db.start(job)\n"
        "Op(self, self.lanes, f).run()\n"
    )
    assert raw_calls(planted) == [1, 2, 3]
