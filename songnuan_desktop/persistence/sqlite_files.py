"""Whole SQLite files: a consistent copy through the online backup API, and the integrity check."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

# Files SQLite keeps beside a database in WAL mode; they belong to it and move with it.
SIDE_SUFFIXES = ("-wal", "-shm")


@contextlib.contextmanager
def connect(path: Path, mode: str = "ro") -> Iterator[sqlite3.Connection]:
    """A raw connection that never creates the file (`mode` ro or rw); closed afterwards."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def copy_sqlite(source: Path, target: Path, single_file: bool = False) -> Path:
    """Copy `source` to `target` with SQLite's online backup: consistent while others write.

    The copy is written under a temporary name, synced to disk and renamed, so `target` is either
    absent or whole. `single_file`: the copy leaves WAL mode, so it is one self-contained file."""
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        with connect(source, "rw") as src:
            dest = sqlite3.connect(str(partial))
            try:
                src.backup(dest)
                if single_file:
                    dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        _fsync(partial)
        os.replace(partial, target)
    finally:
        for suffix in ("", *SIDE_SUFFIXES, "-journal"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def quick_check(path: Path) -> str | None:
    """None when `PRAGMA quick_check` finds the file sound; else what is wrong (SQLite's words)."""
    if not path.exists():
        return f"文件不存在：{path}"
    try:
        with connect(path, "rw" if os.access(path.parent, os.W_OK) else "ro") as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(10)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == ["ok"]:
        return None
    return "; ".join(rows) or "quick_check returned nothing"
