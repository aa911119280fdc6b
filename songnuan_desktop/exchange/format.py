"""The 报送包 inside the cipher: a ZIP with `manifest.json`, one JSON Lines part per table, attachments.

Members::

    tables/<table>.jsonl    first line {"columns": [...]}, then one JSON array per row (raw column values)
    attachments/<sha256>    the file whose SHA-256 is its name
    manifest.json           written last: format, office, sequence, created_at, app version, and per part
                            its rows (tables), bytes and SHA-256

Reading decrypts to a temporary file, refuses any member name that is not one of these shapes (no
`../`, absolute paths, drive letters, backslashes) before reading anything, then checks every part
against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError, damaged, newer_version

PACKAGE_FORMAT = 1
MANIFEST = "manifest.json"
WORK_PREFIX = "snpkg-"  # the temporary folder a package is decrypted into: snpkg-<pid>-<random>
_TABLE = re.compile(r"tables/[a-z_]{1,40}\.jsonl")
_ATTACHMENT = re.compile(r"attachments/[0-9a-f]{64}")
_BATCH = 2000
_COPY = 1 << 20
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


@dataclass(frozen=True)
class TableSource:
    """A table's rows as value sequences, or (`encoded`) as batches of ready JSON arrays, one a row (a list
    of lines, or a str of lines joined by newlines with a `rows` attribute) — SQLite's json_array() makes
    those several times faster than Python can."""

    name: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    encoded: bool = False


@dataclass
class Timings:
    """Where an export's time went (the benchmark prints it). Rows are read on their own thread while
    the writer zips (JSON lines, deflate, SHA-256, CRC) and encrypts, so `rows` overlaps the others;
    `wait` is the writer's time waiting for rows, `write` the writing phase's wall time."""

    rows: float = 0.0
    zip: float = 0.0
    encrypt: float = 0.0
    wait: float = 0.0
    write: float = 0.0
    verify: float = 0.0


@dataclass(frozen=True)
class Manifest:
    raw: dict[str, Any]

    @property
    def sequence(self) -> int:
        return int(self.raw["sequence"])

    @property
    def office(self) -> dict[str, Any]:
        return dict(self.raw["office"])

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: int(part["rows"]) for name, part in self.raw["tables"].items()}


@dataclass
class _Hashing:
    """Counts and hashes what passes to a zip member."""

    sink: IO[bytes]
    digest: Any = field(default_factory=hashlib.sha256)
    size: int = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.sink.write(data)


def _write_table(zf: zipfile.ZipFile, table: TableSource) -> dict[str, Any]:
    with zf.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as member:
        out = _Hashing(member)
        out.write((_encode({"columns": list(table.columns)}) + "\n").encode("utf-8"))
        if table.encoded:
            return _finish(out, table, _write_encoded(out, table.rows))
        batch: list[str] = []
        count = 0
        for row in table.rows:
            batch.append(_encode(list(row)))
            if len(batch) >= _BATCH:
                out.write(("\n".join(batch) + "\n").encode("utf-8"))
                count += len(batch)
                batch.clear()
        if batch:
            out.write(("\n".join(batch) + "\n").encode("utf-8"))
            count += len(batch)
    return _finish(out, table, count)


def _write_encoded(out: _Hashing, batches: Iterable[Any]) -> int:
    """Batches are lists of JSON lines, or strings of lines already joined with a `rows` count."""
    count = 0
    for batch in batches:
        if isinstance(batch, str):
            out.write((batch + "\n").encode("utf-8"))
            count += batch.rows  # type: ignore[attr-defined]
        elif batch:
            out.write(("\n".join(batch) + "\n").encode("utf-8"))
            count += len(batch)
    return count


def _finish(out: _Hashing, table: TableSource, count: int) -> dict[str, Any]:
    return {"rows": count, "bytes": out.size, "sha256": out.digest.hexdigest(), "columns": list(table.columns)}


def _write_attachment(zf: zipfile.ZipFile, sha256: str, path: Path) -> dict[str, Any]:
    info = zipfile.ZipInfo(f"attachments/{sha256}", date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED  # scans and photos are compressed already
    with path.open("rb") as source, zf.open(info, "w", force_zip64=True) as member:
        out = _Hashing(member)
        while chunk := source.read(_COPY):
            out.write(chunk)
    if out.digest.hexdigest() != sha256:
        raise PackageError("attachment_changed", f"附件文件与登记的校验值不符（已被改动或损坏）：{path.name}",
                           {"sha256": sha256})
    return {"bytes": out.size, "sha256": sha256}


def write_package(out: BinaryIO, passphrase: str, facts: dict[str, Any], tables: Iterable[TableSource],
                  attachments: Iterable[tuple[str, Path]] = (),
                  progress: Callable[[str], None] | None = None, timings: Timings | None = None,
                  late_facts: Callable[[], dict[str, Any]] | None = None) -> Manifest:
    """Encrypt the package into `out` (left open for the caller to fsync); its manifest.

    `timings` gets the seconds spent sealing segments (the caller's row source adds its own reading time);
    `late_facts` are known only once the rows were read (the audit chain's tip in their snapshot)."""
    writer = crypto.EncryptingWriter(out, passphrase)
    manifest: dict[str, Any] = {"format": PACKAGE_FORMAT, **facts, "tables": {}, "attachments": {}}
    with zipfile.ZipFile(writer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # type: ignore[arg-type]
        for table in tables:
            manifest["tables"][table.name] = _write_table(zf, table)
            if progress is not None:
                progress(table.name)
        for sha256, path in attachments:
            manifest["attachments"][sha256] = _write_attachment(zf, sha256, path)
        if late_facts is not None:
            manifest.update(late_facts())
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    writer.close()
    if timings is not None:
        timings.encrypt += writer.seal_seconds
    return Manifest(manifest)


def check_member_name(name: str) -> None:
    """Only the member names this format writes; anything else (`../x`, `/etc/x`, `C:x`, `a\\b`) refused."""
    if name == MANIFEST or _TABLE.fullmatch(name) or _ATTACHMENT.fullmatch(name):
        return
    raise PackageError("package_bad_member",
                       f"报送包里有不允许的文件名“{name}”（可能是伪造的包），已拒绝，未做任何改动。",
                       {"member": name})


class OpenedPackage:
    """A decrypted, verified package in a temporary folder; close() (or `with`) deletes it."""

    def __init__(self, path: Path, passphrase: str, workdir: Path | None = None) -> None:
        # Decrypted, so personal data in the clear: named with our pid, so what a killed process left can be
        # told from a running one's and removed (services.safe_write.remove_stale_workdirs).
        self._dir = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=workdir))
        try:
            self._zip_path = self._dir / "payload.zip"
            with path.open("rb") as source, self._zip_path.open("wb") as plain:
                crypto.decrypt_to(source, passphrase, plain)
            self._zip = _open_zip(self._zip_path)
            self.manifest = _verified(self._zip)
        except BaseException:
            self.close()
            raise

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        with self._zip.open(f"tables/{table}.jsonl") as member:
            lines = iter(member)
            columns = json.loads(next(lines))["columns"]
            for line in lines:
                yield dict(zip(columns, json.loads(line), strict=True))

    def columns(self, table: str) -> list[str]:
        return list(self.manifest.raw["tables"][table]["columns"])

    def raw_rows(self, table: str, batch: int = _BATCH) -> Iterator[list[list[Any]]]:
        """The table's rows as lists of raw values (in `columns(table)` order), `batch` at a time.

        The part is read a megabyte at a time and each batch's lines parsed as one JSON array: a
        readline and a json.loads per row cost the county merge of 100,000 files several seconds."""
        loads = json.loads
        for lines in self._lines(table, batch):
            yield loads(b"[" + b",".join(lines) + b"]")

    def _lines(self, table: str, batch: int) -> Iterator[list[bytes]]:
        with self._zip.open(f"tables/{table}.jsonl") as member:
            member.readline()  # {"columns": [...]}
            rest = b""
            lines: list[bytes] = []
            while chunk := member.read(_COPY):
                lines.extend((rest + chunk).split(b"\n"))
                rest = lines.pop()
                while len(lines) >= batch:
                    yield lines[:batch]
                    del lines[:batch]
            if rest.strip():
                lines.append(rest)
            lines = [line for line in lines if line.strip()]
            for start in range(0, len(lines), batch):
                yield lines[start:start + batch]

    def attachment_to(self, sha256: str, out: BinaryIO) -> None:
        with self._zip.open(f"attachments/{sha256}") as member:
            shutil.copyfileobj(member, out, _COPY)

    def attachment(self, sha256: str) -> bytes:
        return self._zip.read(f"attachments/{sha256}")

    def close(self) -> None:
        zf = getattr(self, "_zip", None)
        if zf is not None:
            zf.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise damaged("zip") from exc
    try:
        for name in zf.namelist():
            check_member_name(name)
    except PackageError:
        zf.close()
        raise
    return zf


def _member_digest(zf: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    try:
        with zf.open(name) as member:
            while chunk := member.read(_COPY):
                digest.update(chunk)
                size += len(chunk)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise damaged(f"part {name}") from exc
    return digest.hexdigest(), size


def _verified(zf: zipfile.ZipFile) -> Manifest:
    try:
        raw = json.loads(zf.read(MANIFEST))
        version = int(raw.get("format", 0))
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise damaged("manifest") from exc
    if version > PACKAGE_FORMAT:
        raise newer_version(version)
    expected = _parts(raw)
    if set(zf.namelist()) != {*expected, MANIFEST}:
        raise damaged("members differ from the manifest")
    for name, (sha256, size) in expected.items():
        if _member_digest(zf, name) != (sha256, size):
            raise damaged(f"part {name}")
    return Manifest(raw)


def _parts(raw: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Member name → (SHA-256, bytes) as the manifest states them. A manifest of another shape (parts
    missing, a table without its columns or rows) is damage, refused here rather than failing later
    with a KeyError in whoever reads it."""
    try:
        tables, files = raw["tables"], raw["attachments"]
        if any(int(p["rows"]) < 0 or not isinstance(p["columns"], list) for p in tables.values()):
            raise ValueError("rows or columns")
        expected = {f"tables/{t}.jsonl": (str(p["sha256"]), int(p["bytes"])) for t, p in tables.items()}
        expected.update({f"attachments/{h}": (str(p["sha256"]), int(p["bytes"])) for h, p in files.items()})
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise damaged("manifest") from exc
    return expected
