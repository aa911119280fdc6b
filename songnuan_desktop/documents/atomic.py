"""Write a document under its name only once it is whole: a temporary file beside the target,
fsynced, then renamed into place. A failure part-way leaves the target as it was and no temporary
file behind (a power cut must never leave half a roster that looks complete).

Only for a file that carries no numbers, sequence or personal data recorded with it (the county's report,
the spot-check sheet until its service moves): those go through services.publishing.publish, which commits their
record before the rename (STYLE 13, 17); the writers in this folder then write to the path they are given."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """`with atomic_output(out) as temp:` write to `temp`; on success it becomes `out`."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
    os.close(fd)
    try:
        yield Path(temp)
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
