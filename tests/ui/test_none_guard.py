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


EXIT_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QTimer
    app = QCoreApplication([])
    timer = QTimer()
    own = sys.getrefcount(None)  # before the guard, if any
    {guard}
    # half as many void calls as None had references: the process lives through them and dies, if at all, at exit
    for _ in range(own // 2):
        timer.setInterval(5)
    print("alive", flush=True)
""")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
@pytest.mark.parametrize("guard", ["", "import songnuan_desktop.ui"])
def test_a_process_that_spent_fewer_references_than_none_had_exits_cleanly_only_with_the_guard(guard: str) -> None:
    """Issue 17 item 7: a benchmark run ended, after every test passed, with "Fatal Python error: none_dealloc"
    (exit 134). Fewer void calls than None's references do not kill a process while it runs; the interpreter's
    finalization then releases the references the calls did not take, and None reaches zero on the way out."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT.format(guard=guard)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.stdout.split() == ["alive"], done.stderr[-2000:]
    if guard:
        assert done.returncode == 0 and "Fatal Python error" not in done.stderr, done.stderr[-2000:]
    else:  # the failure the guard prevents, shown so that this test can tell the two apart
        assert done.returncode != 0 and "none_dealloc" in done.stderr, (done.returncode, done.stderr[-2000:])


def test_every_test_process_is_guarded_before_any_qt_call() -> None:
    """tests/conftest.py installs the guard at import, before pytest-qt's first call: the test run itself (and
    the benchmarks, under the same conftest) cannot die at exit."""
    from songnuan_desktop.ui import none_guard

    assert sys.version_info >= (3, 12) or none_guard.headroom() > 2**59


def test_the_program_imports_the_guard_with_its_ui() -> None:
    import songnuan_desktop.ui  # noqa: F401
    from songnuan_desktop.ui import none_guard

    if sys.version_info < (3, 12):
        assert none_guard.headroom() > 2**59
