"""Benchmarks measured in a process of their own: a figure of the program as a person's PC sees it (a
fresh program process), not of a pytest process that has built demo offices before. The child prints
one JSON object on its last line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_child(script: str) -> dict[str, Any]:
    """`script` run by this Python in a new process from the repository's root (the tests importable);
    its last line of output, as JSON."""
    out = subprocess.run([sys.executable, "-c", f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n{script}"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def rss_kib() -> int:
    return _status("VmRSS:")


def peak_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over from the
    parent across fork and exec, so a child of a big pytest process would report the parent's peak."""
    return _status("VmHWM:")


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    import resource  # not Linux: the nearest there is

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
