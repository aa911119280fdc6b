"""kill -9 in the middle of work: the fault tests of exports, backups and merges run the work in a child
process that prints "writing" when it is half-way (its script slows the work down there), and kill it. The
child is forked from the pre-imported server of tests/forked.py: a real process, really killed."""

from __future__ import annotations

import os
import signal

from tests import forked

ROOT = forked.ROOT


def kill_9_when_writing(script: str, *args: str) -> int:
    """Run `python -c script args…` from the repository and SIGKILL it once it has printed "writing"; its pid."""
    child = forked.start("-c", script, *args, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT,
                         stdout=forked.PIPE)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "writing"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        child.close()
    assert child.returncode == -signal.SIGKILL
    return child.pid
