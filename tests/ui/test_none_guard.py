"""PySide6 6.12.0 on Python 3.11 takes a reference from None on every void Qt call: the guard keeps None alive."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import sys
    {guard}
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel()
    own = sys.getrefcount(None) - (2**60 if getattr(sys, "_songnuan_none_guard", False) else 0)
    print(own, flush=True)
    # more void calls than None had references of its own: without the guard this aborts
    for _ in range({calls}):
        label.setEnabled(True)
    print("alive", flush=True)
""")


CALLS = 400_000


def run(guard: str) -> subprocess.CompletedProcess[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", SCRIPT.format(guard=guard, calls=CALLS)], capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_the_guard_keeps_none_alive_through_more_void_calls_than_it_had_references() -> None:
    guarded = run("import songnuan_desktop.ui")
    assert guarded.returncode == 0, guarded.stderr[-2000:]
    own, alive = guarded.stdout.split()[-2:]
    assert int(own) < CALLS, "the loop must spend more references than None had without the guard"
    assert alive == "alive"


def test_the_program_imports_the_guard_with_its_ui() -> None:
    import songnuan_desktop.ui  # noqa: F401
    from songnuan_desktop.ui import none_guard

    if sys.version_info < (3, 12):
        assert none_guard.headroom() > 2**59
