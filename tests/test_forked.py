"""tests/forked.py: a child forked from the pre-imported server is the command line's child — its own pid, the
environment, folder, argv and output given, the interpreter's exit codes and exit, a real SIGKILL — and skips
the imports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="forkserver is POSIX; elsewhere it is subprocess")

SCRIPT = """
import atexit, os, resource, sys, threading, time
print("argv", sys.argv[1:], "cwd", os.getcwd(), "path0", repr(sys.path[0]))
print("env", sorted(os.environ.items()))
used = resource.getrusage(resource.RUSAGE_SELF)
print("cpu", used.ru_utime + used.ru_stime)
print("loaded", "sqlalchemy" in sys.modules, "reportlab" in sys.modules, "PySide6" in sys.modules)
from tests.forked import EXTRA, _program_modules
print("missing", [name for name in (*_program_modules(), *EXTRA) if name not in sys.modules])
with open(f"/proc/{os.getppid()}/status") as status:
    print("server", [line.split()[1] for line in status if line.startswith("Threads:")])
print("stdin", repr(sys.stdin.read()))
print("to stderr", file=sys.stderr)
atexit.register(lambda: print("atexit ran"))
threading.Thread(target=lambda: (time.sleep(0.3), print("thread joined"))).start()
how = sys.argv[1]
if how == "raise":
    raise RuntimeError("boom")
if how == "text":
    sys.exit("said and 1")
sys.exit(int(how))
"""


def _lines(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in done.stdout.splitlines() if " " in line}


@pytest.mark.parametrize(("how", "code"), [("0", 0), ("3", 3), ("text", 1), ("raise", 1)])
def test_a_script_runs_as_python_c_would(tmp_path: Path, how: str, code: int) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "ONLY_THIS": "1", "LANG": os.environ.get("LANG", "C.UTF-8")}
    done = forked.run("-c", SCRIPT, how, "二", env=env, cwd=tmp_path, timeout=60)
    said = _lines(done)
    assert done.returncode == code, done.stderr
    assert said["argv"] == f"['{how}', '二'] cwd {tmp_path} path0 ''"
    assert said["env"] == str(sorted(env.items()))  # replaced, not added to
    assert said["loaded"] == "True True False" and said["server"] == "['1']"  # preloaded, no Qt, one thread
    assert said["missing"] == "[]"  # forkserver skips a module that fails to import without a word
    assert float(said["cpu"]) < 0.5  # the imports were the server's (a new interpreter: ~1.5 s)
    assert said["stdin"] == "''"
    assert done.stdout.endswith("thread joined\natexit ran\n")  # threads joined, then atexit, output flushed
    assert done.stderr.startswith("to stderr\n")
    if how == "text":
        assert done.stderr.endswith("said and 1\n")
    if how == "raise":
        assert "Traceback" in done.stderr and done.stderr.endswith("RuntimeError: boom\n")


def test_the_command_says_what_python_m_says(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(forked.ROOT))
    real = subprocess.run([sys.executable, "-m", "songnuan_desktop", "--version"], capture_output=True, text=True,
                          env=env, cwd=forked.ROOT, timeout=60)
    child = forked.run("-m", "songnuan_desktop", "--version", env=env, timeout=60)
    assert (child.returncode, child.stdout, child.stderr) == (real.returncode, real.stdout, real.stderr)
    refused = forked.run("-m", "songnuan_desktop", "no-such-command", env=env, timeout=60)
    assert refused.returncode == 2 and "no-such-command" in refused.stderr  # argparse's exit code


def test_a_child_killed_is_a_real_process_killed() -> None:
    child = forked.start("-c", "import os, time; print('writing', os.getpid(), flush=True); time.sleep(60)",
                         env=dict(os.environ), stdout=forked.PIPE)
    try:
        assert child.stdout is not None
        word, pid = child.stdout.readline().split()
        assert word == "writing" and int(pid) == child.pid != os.getpid()
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
        with pytest.raises(ProcessLookupError):
            os.kill(child.pid, 0)  # reaped: gone
    finally:
        child.kill()
        child.close()


def test_a_child_over_its_time_is_killed_and_said() -> None:
    with pytest.raises(subprocess.TimeoutExpired):
        forked.run("-c", "import time; time.sleep(60)", env=dict(os.environ), timeout=1)
