"""`python -m songnuan_desktop …` and `python -c script …` in a real child process that skips the imports
(issue 17 item 8: each such child spent ~1.1-1.5 s CPU importing SQLAlchemy, the models, ReportLab,
cryptography… before any work; ~100 s of a run).

The child is forked from the standard library's forkserver (multiprocessing's "forkserver" start method): a
single-threaded Python started once per test process that has imported the program's non-Qt modules
(`_program_modules`, `EXTRA`), nothing run; each child is a fresh fork of it. It is a separate process with its own pid,
killed for real (SIGKILL: exit code -9) and numbering, locking and writing for real. Before the command runs,
the child is made what the command line makes: the environment replaced by the one given (the program reads
SONGNUAN_DATA_DIR, SONGNUAN_FAULT_AT… when called, never at import: nothing preloaded reads it), the
working directory, sys.argv, stdin /dev/null (the tests' children never had a terminal), stdout and stderr on
the given files or pipes, sys.path[0] as `-m` ('cwd') or `-c` ('') sets it.

What differs from a new interpreter, and why no test relies on it:
- sys.path is the test process's (it holds the repository, as PYTHONPATH=ROOT gave the real child);
- as every multiprocessing child, it first imports the test process's main script when that is a file
  (`python -m pytest` and xdist workers have none; a script using this module needs `if __name__ == "__main__"`);
- the server imported with the test process's environment at its start; the modules it preloads read none;
- the end: the command's SystemExit code is the exit code as the interpreter makes it (None 0, an int that
  int, anything else printed and 1; an uncaught exception printed by sys.excepthook and 1, KeyboardInterrupt
  -SIGINT); then non-daemon threads are joined, atexit handlers run (logging.shutdown among them) and stdout and
  stderr flushed (120 when stdout cannot be), as at an interpreter's exit, and the child leaves with os._exit:
  what is still open is not finalized (no __del__ at shutdown; a SQLite connection left open is not closed,
  so its WAL is not checkpointed into the file). No test relies on that: every command closes its database
  (cli.session.signed_in, the `finally` of each) and files before their rename; the -c scripts that leave a
  database open are SIGKILLed before they end.
Where forkserver is unavailable (Windows) `run` and `start` are subprocess with `sys.executable`; the tests
using them are POSIX-only already.
"""

from __future__ import annotations

import atexit
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from multiprocessing import reduction
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
PIPE = subprocess.PIPE

# Never: the entry point itself (it would run the program), Qt (the server must stay single-threaded; Qt
# children stay real subprocesses), the Alembic environment (it runs migrations when imported).
_NOT_PRELOADED = ("songnuan_desktop.__main__", "songnuan_desktop.app", "songnuan_desktop.ui",
                  "songnuan_desktop.workers", "songnuan_desktop.cli.window", "songnuan_desktop.persistence.migrations")


def _program_modules() -> list[str]:
    """Every module of the program but those above, by its files (nothing imported here)."""
    package = ROOT / "songnuan_desktop"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if not any(name == no or name.startswith(no + ".") for no in _NOT_PRELOADED):
            names.append(name)
    return names


# Then this module (every child unpickles its _child) and what test modules that hand a child their own
# function import besides the program (tests/services/payouts/test_vouchers.py).
EXTRA = ("tests.forked", "pytest", "pypdf")
_started_by: list[int] = []  # the pid of the process that asked for the server (stops it at its exit)


def available() -> bool:
    """Whether children are forked from the pre-imported server (POSIX), or plain subprocesses."""
    return sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods()


def context() -> Any:
    """The forkserver context with the program preloaded: for multiprocessing.Process children of our own."""
    ctx = multiprocessing.get_context("forkserver")
    if os.getpid() not in _started_by:
        _started_by.append(os.getpid())
        ctx.set_forkserver_preload([*_program_modules(), *EXTRA])
        atexit.register(_stop_server)
    return ctx


def _stop_server() -> None:
    """At the test process's end: stop the server and its resource tracker and reap them, so that no orphan is
    left and their CPU is counted by whoever waits for this process (the run's time)."""
    from multiprocessing import forkserver, resource_tracker

    for helper in (getattr(forkserver, "_forkserver", None), getattr(resource_tracker, "_resource_tracker", None)):
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            try:
                stop()
            except Exception:  # noqa: BLE001 - never running, or already gone: nothing to reap
                pass


class _Fd:
    """A file descriptor handed to the child (through the server's socket): pickles to its duplicate there."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __reduce__(self) -> tuple[Any, ...]:
        return _detach, (reduction.DupFd(self.fd),)


def _detach(dup: Any) -> int:
    return int(dup.detach())


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _streams(env: Mapping[str, str]) -> None:
    """sys.stdin, sys.stdout, sys.stderr on fds 0, 1, 2 as the interpreter makes them for files and pipes."""
    encoding, _, errors = env.get("PYTHONIOENCODING", "").partition(":")
    encoding = encoding or (sys.__stdout__.encoding if sys.__stdout__ else "utf-8")  # the server's: same locale
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "rb", closefd=False)), encoding=encoding)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "wb", closefd=False)), encoding=encoding,
                                  errors=errors or "strict")
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "wb", closefd=False)), encoding=encoding,
                                  errors="backslashreplace", line_buffering=True)
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr


def _child(argv: list[str], env: dict[str, str], cwd: str, stdout: int, stderr: int) -> None:
    """In the forked child: become `python *argv`, run it, end as the interpreter ends."""
    null = os.open(os.devnull, os.O_RDONLY)
    for fd, to in ((null, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, to)
    for fd in {null, stdout, stderr}:
        os.close(fd)
    os.environ.clear()
    os.environ.update(env)
    time.tzset()  # TZ, and tempfile's folder, as a new interpreter would take them from this environment
    tempfile.tempdir = None
    os.chdir(cwd)
    _streams(env)
    code = 0
    try:
        try:
            if argv[0] == "-m":
                import runpy

                sys.argv = ["-m", *argv[2:]]
                sys.path.insert(0, cwd)
                runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
            elif argv[0] == "-c":
                import types

                sys.argv = ["-c", *argv[2:]]
                sys.path.insert(0, "")
                main = types.ModuleType("__main__")
                sys.modules["__main__"] = main
                exec(compile(argv[1], "<string>", "exec"), main.__dict__)  # what python -c does
            else:
                raise ValueError(f"tests.forked runs -m module or -c script, not {argv[0]!r}")
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except KeyboardInterrupt:
            code = -signal.SIGINT
        except BaseException:  # noqa: BLE001 - printed as the interpreter prints an uncaught exception
            sys.excepthook(*sys.exc_info())
            code = 1
        shutdown = getattr(threading, "_shutdown", None)
        if shutdown is not None:
            shutdown()  # joins non-daemon threads, as the interpreter does before atexit
        atexit._run_exitfuncs()
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001 - the interpreter's "Exception ignored … flushing sys.stdout"
            code = 120 if code == 0 else code
        sys.stderr.flush()
    finally:
        if code == -signal.SIGINT:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        os._exit(code & 0xFF)
    # not reached


class Child:
    """A started child: pid, stdout (a text stream when asked for PIPE), poll, wait, kill, returncode."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path | str,
                 stdout: int | IO[Any] | None = None, stderr: int | IO[Any] | None = None) -> None:
        self.args = list(argv)
        self.stdout: IO[str] | None = None
        self.stderr: IO[str] | None = None
        self.returncode: int | None = None
        self._subprocess: subprocess.Popen[str] | None = None
        if not available():
            self._subprocess = subprocess.Popen([sys.executable, *argv], env=dict(env), cwd=cwd, text=True,
                                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
            self.pid, self.stdout, self.stderr = self._subprocess.pid, self._subprocess.stdout, self._subprocess.stderr
            return
        ends, mine = [], []
        for number, target in enumerate((stdout, stderr), start=1):
            if target is PIPE:
                read, write = os.pipe()
                ends.append(write)
                mine.append(write)
                stream = open(read, encoding=None)  # decoded as subprocess's text=True; close()
                if number == 1:
                    self.stdout = stream
                else:
                    self.stderr = stream
            elif target is None:
                ends.append(os.dup(number))  # as subprocess does: the test process's own
                mine.append(ends[-1])
            elif isinstance(target, int):
                ends.append(target)
            else:
                ends.append(target.fileno())
        self._process = context().Process(target=_child, args=(self.args, dict(env), str(cwd), _Fd(ends[0]),
                                                               _Fd(ends[1])), name=f"forked {' '.join(argv[:2])}")
        try:
            self._process.start()
        finally:
            for fd in mine:
                os.close(fd)
        self.pid = self._process.pid

    def poll(self) -> int | None:
        if self._subprocess is not None:
            self.returncode = self._subprocess.poll()
        elif self.returncode is None and self._process.exitcode is not None:
            self.returncode = self._process.exitcode
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self._subprocess is not None:
            self.returncode = self._subprocess.wait(timeout)
            return self.returncode
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        self.returncode = self._process.exitcode
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        for stream in (self.stdout, self.stderr):
            if stream is not None:
                stream.close()
        if self._subprocess is None and self.returncode is not None:
            self._process.close()


def start(*argv: str, env: Mapping[str, str], cwd: Path | str = ROOT, stdout: int | IO[Any] | None = None,
          stderr: int | IO[Any] | None = None) -> Child:
    """`python *argv` (argv: "-m", module, args… or "-c", script, args…) started, as subprocess.Popen."""
    return Child(argv, env, cwd, stdout, stderr)


def run(*argv: str, env: Mapping[str, str], cwd: Path | str = ROOT, timeout: float | None = None
        ) -> subprocess.CompletedProcess[str]:
    """`python *argv` run to its end, its output captured as text, stdin /dev/null: as subprocess.run(…,
    capture_output=True, text=True, stdin=DEVNULL). On timeout the child is killed and TimeoutExpired raised."""
    if not available():
        return subprocess.run([sys.executable, *argv], env=dict(env), cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = Child(argv, env, cwd, out, err)
        try:
            code = child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise
        finally:
            child.close()
        said = []
        for file in (out, err):
            file.seek(0)
            said.append(io.TextIOWrapper(file, encoding=None).read())  # decoded as subprocess's text=True
        return subprocess.CompletedProcess([sys.executable, *argv], code, said[0], said[1])
