"""Keep Python's None alive under PySide6 6.12.0 on Python 3.11.

Measured on this project's stack (PySide6 6.12.0, Python 3.11.7): every call from Python to a Qt
method that returns nothing takes one reference away from None — 2,000 void calls lower
`sys.getrefcount(None)` by 2,000 (6.11.3 and 6.10.0: no change). None starts a session with a few
thousand to ~70,000 references, so after a working day (设置 › 审计日志 refreshed ~70 times was enough)
the interpreter aborts with "Fatal Python error: none_dealloc". Python 3.12 made None immortal, so
the bug cannot bite there; on 3.11 we give None the same headroom once, before any Qt call: its
reference count is raised by 2**60, which no session can spend (a 64-bit count; at a million void
calls a second it would take 36,000 years).

Pinning PySide6 below 6.12 was the other choice: QtPdf then has to come from PySide6-Addons
(a ~170 MB wheel) because the PySide6-Pdf split package exists only for 6.12.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 2**60


def install() -> bool:
    """Raise None's reference count once per process; True if it was raised now."""
    if sys.version_info >= (3, 12) or getattr(sys, "_songnuan_none_guard", False):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field of every object
    count.value += HEADROOM
    sys._songnuan_none_guard = True  # type: ignore[attr-defined]
    return True


def headroom() -> int:
    """References None can lose before it is freed (for the test and the self-test)."""
    return sys.getrefcount(None)
