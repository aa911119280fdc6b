"""The 报送包 inside the cipher: a ZIP with `manifest.json`, one JSON Lines part per table, attachments.

Members::

    tables/<table>.jsonl    first line {"columns": [...]}, then one JSON array per row (raw column values)
    attachments/<sha256>    the file whose SHA-256 is its name
    manifest.json           written last: format, office, sequence, created_at, app version, and per part
                            its rows (tables), bytes and SHA-256

Signed: the manifest carries `signature` = {algorithm "Ed25519", office_id, public_key (hex), value
(base64)}, an Ed25519 signature by the office's key over the manifest's canonical bytes without that
member (`canonical`: sorted keys, no spaces, UTF-8). The manifest holds a SHA-256 per part, so the
signature covers every row and file. Whose key it is, is the reader's question (services.office.key_register).

Reading decrypts into memory when the package fits the process's budget (`MEMORY_BUDGET`: the 40
packages of the county benchmark, 100,000 files, are 72 MiB together) and otherwise into a private folder
(0700) under the user's data folder (`work_root()`), never beside the database; what a killed process
left there is removed when the next command starts (storage.remove_stale_workdirs). It
refuses any member name that is not one of these shapes (no `../`, absolute paths, drive letters,
backslashes) before reading anything, then checks every part against the manifest and the signature.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from songnuan_desktop import config
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError, damaged, newer_version

PACKAGE_FORMAT = 1
MANIFEST = "manifest.json"
WORK_PREFIX = "snpkg-"  # the temporary folder a package is decrypted into: snpkg-<pid>-<random>
WORK_FOLDER = "work"  # under the user's data folder: work_root()
SIGNATURE = "signature"
MEMORY_BUDGET = 256 * 2**20  # decrypted packages held in memory at once, all threads together
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

    @property
    def signed_by(self) -> SignedBy | None:
        """Who signed (checked when the package was opened or written), or None for an unsigned package."""
        block = self.raw.get(SIGNATURE)
        if not isinstance(block, dict):
            return None
        key = bytes.fromhex(str(block["public_key"]))
        return SignedBy(str(block["office_id"]), key, fingerprint(key))


# --- signatures -------------------------------------------------------------------------------------

class Signer(Protocol):
    """An office's signing key (services.office.keys): its office id, raw public key, and Ed25519 signing."""

    @property
    def office_id(self) -> str: ...

    @property
    def public_key(self) -> bytes: ...

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class SignedBy:
    office_id: str
    public_key: bytes
    fingerprint: str


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key in 16 groups of 4 hex digits: 3F2A-91C0-…"""
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return "-".join(digest[i:i + 4] for i in range(0, 64, 4))


def canonical(raw: dict[str, Any]) -> bytes:
    """The bytes a manifest's signature covers: the manifest without its signature, sorted and compact."""
    body = {k: v for k, v in raw.items() if k != SIGNATURE}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign_manifest(raw: dict[str, Any], signer: Signer) -> None:
    raw[SIGNATURE] = {"algorithm": "Ed25519", "office_id": signer.office_id, "public_key": signer.public_key.hex(),
                      "value": base64.b64encode(signer.sign(canonical(raw))).decode("ascii")}


def forged_signature() -> PackageError:
    return PackageError("package_bad_signature", "报送包的签名不对（清单在签名后被改动过，可能是伪造的包），已拒绝。"
                        "请让对方重新导出。")


def check_signature(raw: dict[str, Any]) -> None:
    """A signature present must be valid over the manifest and name the manifest's own office."""
    block = raw.get(SIGNATURE)
    if block is None:
        return
    try:
        if block["algorithm"] != "Ed25519" or str(block["office_id"]) != str(raw["office"]["id"]):
            raise ValueError("algorithm or office")
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(str(block["public_key"])))
        key.verify(base64.b64decode(str(block["value"]), validate=True), canonical(raw))
    except (InvalidSignature, KeyError, ValueError, TypeError) as exc:
        raise forged_signature() from exc


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
                  late_facts: Callable[[], dict[str, Any]] | None = None,
                  signer: Signer | None = None) -> Manifest:
    """Encrypt the package into `out` (left open for the caller to fsync); its manifest, signed by `signer`.

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
        if signer is not None:
            sign_manifest(manifest, signer)
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


def work_root() -> Path:
    """The private folder (0700) packages too big for memory are decrypted into: in the user's data folder,
    not beside the database nor in the shared temporary folder."""
    root = config.data_dir() / WORK_FOLDER
    root.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        os.chmod(root, 0o700)
    return root


class _Budget:
    """Bytes of decrypted packages held in memory by this process (the merge opens two at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.used = 0

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > MEMORY_BUDGET:
                return False
            self.used += size
            return True

    def give(self, size: int) -> None:
        with self._lock:
            self.used -= size


_memory = _Budget()


class OpenedPackage:
    """A decrypted, verified package, in memory or in a private temporary folder; close() (or `with`)
    releases it."""

    def __init__(self, path: Path, passphrase: str, workdir: Path | None = None) -> None:
        self._dir: Path | None = None
        self._held = 0
        self._parts: dict[str, bytes] = {}  # table parts decompressed while verifying (in memory only)
        try:
            size = path.stat().st_size
            if workdir is None and _memory.take(size):
                self._held = size
                plain: Any = io.BytesIO()
                with path.open("rb") as source:
                    crypto.decrypt_to(source, passphrase, plain)
                plain.seek(0)
                self._zip = _open_zip(plain)
            else:
                # On disk, personal data in the clear: named with our pid, so what a killed process left can
                # be told from a running one's and removed at the next start (remove_stale_workdirs).
                self._dir = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=workdir or work_root()))
                zip_path = self._dir / "payload.zip"
                with path.open("rb") as source, zip_path.open("wb") as out:
                    crypto.decrypt_to(source, passphrase, out)
                self._zip = _open_zip(zip_path)
            self.manifest = _verified(self._zip, self if self.in_memory else None)
        except BaseException:
            self.close()
            raise

    @property
    def in_memory(self) -> bool:
        return self._dir is None

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        with self._zip.open(f"tables/{table}.jsonl") as member:
            lines = iter(member)
            columns = json.loads(next(lines))["columns"]
            for line in lines:
                yield dict(zip(columns, json.loads(line), strict=True))

    def columns(self, table: str) -> list[str]:
        return list(self.manifest.raw["tables"][table]["columns"])

    def raw_rows(self, table: str, batch: int = _BATCH) -> Iterator[list[list[Any]]]:
        """The table's rows as lists of raw values (in `columns(table)` order), `batch` at a time; all in one
        batch when the part was kept decompressed from the verification (a package in memory).

        Lines are parsed many at a time as one JSON array (a readline and a json.loads per row cost the county
        merge of 100,000 files several seconds), by orjson: the merge's 400 MB of rows in about half the
        time of the standard library's json (1.5 s against 3.2 s of CPU)."""
        body = self._parts.pop(table, None)  # read once: a second reading decompresses the part again
        if body is not None:
            self._held -= len(body)
            _memory.give(len(body))
            if rows := orjson.loads(_as_array(body)):
                yield rows
            return
        for lines in self._lines(table, batch):
            yield orjson.loads(b"[" + b",".join(lines) + b"]")

    def _reserve(self, size: int) -> bool:
        """Room in the memory budget for a table part to be kept decompressed (see _member_digest)."""
        if not _memory.take(size):
            return False
        self._held += size
        return True

    def _keep(self, name: str, data: bytes) -> None:
        self._parts[name[len("tables/"):-len(".jsonl")]] = data

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
        self._parts = {}
        if self._held:
            _memory.give(self._held)
            self._held = 0
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _as_array(part: bytes) -> bytes:
    """A table part's rows, one JSON array a line after the columns line, as one JSON array of them (two
    copies of the part, where slicing and stripping first made four)."""
    start, end = part.index(b"\n") + 1, len(part)
    while end > start and part[end - 1] in b"\n\r ":
        end -= 1
    if b"\n\n" in part:  # blank lines, which the streamed reading skips too
        return b"[" + b",".join(line for line in part[start:end].split(b"\n") if line.strip()) + b"]"
    return b"".join((b"[", part[start:end].replace(b"\n", b","), b"]"))


def _open_zip(source: Path | BinaryIO) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise damaged("zip") from exc
    try:
        for name in zf.namelist():
            check_member_name(name)
    except PackageError:
        zf.close()
        raise
    return zf


def _member_digest(zf: zipfile.ZipFile, name: str, size: int, keep: OpenedPackage | None) -> tuple[str, int]:
    """A member's SHA-256 and size. A table part of the size the manifest states is read whole, if the memory
    budget has room, and kept by the package (the merge parses it without decompressing it a second time)."""
    digest, read = hashlib.sha256(), 0
    try:
        if (keep is not None and name.startswith("tables/") and zf.getinfo(name).file_size == size
                and keep._reserve(size)):
            data = zf.read(name)  # at most file_size bytes, its CRC checked
            digest.update(data)
            keep._keep(name, data)
            return digest.hexdigest(), len(data)
        with zf.open(name) as member:
            while chunk := member.read(_COPY):
                digest.update(chunk)
                read += len(chunk)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise damaged(f"part {name}") from exc
    return digest.hexdigest(), read


def _verified(zf: zipfile.ZipFile, keep: OpenedPackage | None = None) -> Manifest:
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
        if _member_digest(zf, name, size, keep) != (sha256, size):
            raise damaged(f"part {name}")
    check_signature(raw)
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
