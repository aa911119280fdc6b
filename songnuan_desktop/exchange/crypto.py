"""Authenticated encryption of a package: AES-256-GCM in segments (the STREAM construction), scrypt key.

Layout of an encrypted file::

    magic  b"SONGNUAN-PKG"                      12 bytes
    format version                              2 bytes, big-endian
    header length L                             4 bytes, big-endian
    header: UTF-8 JSON, L bytes                 kdf "scrypt", n, r, p, salt (hex, 16 bytes),
                                                cipher "AES-256-GCM", segment size, nonce prefix (hex,
                                                7 bytes), key check (hex, 16 bytes)
    header digest: SHA-256 of all of the above  32 bytes (tells a damaged header from a wrong passphrase)
    segments: ciphertext + 16-byte tag each     every one `segment` bytes of plaintext but the last,
                                                which is shorter (possibly empty)
    trailer  b"SONGNUAN-END" + total file size  20 bytes (tells a truncated file from a damaged one)

Each segment's nonce is prefix ‖ index (4 bytes) ‖ final flag (1 byte), and its associated data is
the whole header (magic to digest) ‖ index ‖ final flag: a changed header, reordered or dropped
segments, or a file cut after a segment all fail authentication. scrypt yields 64 bytes: the AES key
and, independently, the key check, so a wrong passphrase is told apart from damage before decrypting.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from songnuan_desktop.domain.errors import DomainError

MAGIC = b"SONGNUAN-PKG"
TRAILER = b"SONGNUAN-END"
FORMAT_VERSION = 1
SEGMENT = 1 << 20
TAG = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_PREFIX = struct.Struct(">HI")
_COUNTER = struct.Struct(">IB")
_SIZE = struct.Struct(">Q")
MAX_HEADER = 64 * 1024


class PackageError(DomainError):
    """A package that cannot be opened; `code` says why (wrong passphrase, damaged, truncated, newer…)."""


def wrong_passphrase() -> PackageError:
    return PackageError("package_wrong_passphrase", "口令不正确，无法打开报送包。请核对县总工会给的口令后重试。")


def damaged(detail: str = "") -> PackageError:
    return PackageError("package_damaged", "报送包已损坏（内容校验不通过），不能使用。请重新导出或重新拷贝。",
                        {"detail": detail} if detail else {})


def truncated() -> PackageError:
    return PackageError("package_truncated",
                        "报送包不完整（文件被截断，可能是拷贝时U盘被拔出）。请重新拷贝或重新导出。")


def not_a_package() -> PackageError:
    return PackageError("package_unknown", "这不是送暖报送包（文件开头不对）。")


def newer_version(version: int) -> PackageError:
    return PackageError("package_newer_version",
                        f"报送包是新版本程序导出的（格式 {version}，本程序只认 {FORMAT_VERSION} 及以前）。"
                        "请先升级送暖。",
                        {"version": version, "supported": FORMAT_VERSION})


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    if not passphrase:
        raise PackageError("package_no_passphrase", "请填写报送包口令。")
    out = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=64,
                         maxmem=256 * 1024 * 1024)
    return out[:32], out[32:48]


@dataclass(frozen=True)
class Header:
    version: int
    fields: dict
    raw: bytes  # magic to digest, the associated data of every segment

    @property
    def nonce_prefix(self) -> bytes:
        return bytes.fromhex(self.fields["nonce_prefix"])

    @property
    def segment(self) -> int:
        return int(self.fields["segment"])


def _build_header(salt: bytes, prefix: bytes, check: bytes, segment: int) -> Header:
    fields = {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(),
              "cipher": "AES-256-GCM", "segment": segment, "nonce_prefix": prefix.hex(), "key_check": check.hex()}
    body = json.dumps(fields, sort_keys=True).encode("utf-8")
    start = MAGIC + _PREFIX.pack(FORMAT_VERSION, len(body)) + body
    return Header(FORMAT_VERSION, fields, start + hashlib.sha256(start).digest())


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + _COUNTER.pack(index, final)


class EncryptingWriter:
    """A write-only binary stream that encrypts into `out` (zipfile writes to it without seeking)."""

    def __init__(self, out: BinaryIO, passphrase: str, segment: int = SEGMENT) -> None:
        salt, prefix = os.urandom(16), os.urandom(7)
        key, check = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        self._aead, self._out = AESGCM(key), out
        self.header = _build_header(salt, prefix, check, segment)
        self._buffer, self._index, self._written, self._plain, self._closed = bytearray(), 0, 0, 0, False
        self._failed: OSError | None = None
        self.seal_seconds = 0.0
        self._emit(self.header.raw)

    def _emit(self, data: bytes) -> None:
        if self._failed is not None:
            # A stick that filled up (or was pulled) fails every later write the same way: zipfile's
            # clean-up writes again, and must meet the OSError the error boundary words, not another.
            raise self._failed
        try:
            self._out.write(data)
        except OSError as exc:
            self._failed = exc
            raise
        self._written += len(data)

    def _seal(self, plain: bytes, final: bool) -> None:
        started = time.perf_counter()
        aad = self.header.raw + _COUNTER.pack(self._index, final)
        sealed = self._aead.encrypt(_nonce(self.header.nonce_prefix, self._index, final), plain, aad)
        self.seal_seconds += time.perf_counter() - started
        self._emit(sealed)
        self._index += 1

    def write(self, data: bytes) -> int:
        self._plain += len(data)
        self._buffer += data
        size = self.header.segment
        if len(self._buffer) > size:  # keep at least one byte back: the last segment must be the final one
            cut = (len(self._buffer) - 1) // size * size
            # Released even when sealing fails (a full stick): a view left open makes the buffer
            # unresizable, and the next write raised BufferError instead of the stick's OSError.
            with memoryview(self._buffer) as view:
                for start in range(0, cut, size):
                    self._seal(bytes(view[start:start + size]), False)
            del self._buffer[:cut]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def tell(self) -> int:
        """Plaintext bytes written: zipfile records member offsets from it."""
        return self._plain

    def close(self) -> None:
        """Seal the final segment and write the trailer; `out` stays open (the caller fsyncs it)."""
        if self._closed:
            return
        self._seal(bytes(self._buffer), True)
        self._buffer.clear()
        self._emit(TRAILER + _SIZE.pack(self._written + len(TRAILER) + _SIZE.size))
        self._closed = True

    # zipfile asks these of the stream it writes to
    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def read_header(source: BinaryIO) -> Header:
    start = source.read(len(MAGIC) + _PREFIX.size)
    if len(start) < len(MAGIC) or start[:len(MAGIC)] != MAGIC:
        raise truncated() if MAGIC.startswith(start) else not_a_package()
    if len(start) < len(MAGIC) + _PREFIX.size:
        raise truncated()
    version, length = _PREFIX.unpack(start[len(MAGIC):])
    if version > FORMAT_VERSION:
        raise newer_version(version)
    if length > MAX_HEADER:
        raise damaged("header length")
    body, digest = source.read(length), source.read(32)
    if len(body) < length or len(digest) < 32:
        raise truncated()
    if not hmac.compare_digest(hashlib.sha256(start + body).digest(), digest):
        raise damaged("header digest")
    try:
        fields = json.loads(body)
        bytes.fromhex(fields["salt"]), bytes.fromhex(fields["nonce_prefix"]), int(fields["segment"])
    except (ValueError, KeyError, TypeError) as exc:
        raise damaged("header fields") from exc
    if fields.get("kdf") != "scrypt" or fields.get("cipher") != "AES-256-GCM":
        raise newer_version(version)
    return Header(version, fields, start + body + digest)


def _check_trailer(source: BinaryIO, size: int) -> None:
    """A file that does not end with the trailer recording its own size was cut short."""
    end = len(TRAILER) + _SIZE.size
    if size < end:
        raise truncated()
    source.seek(size - end)
    tail = source.read(end)
    if tail[:len(TRAILER)] != TRAILER or _SIZE.unpack(tail[len(TRAILER):])[0] != size:
        raise truncated()


def _opened(source: BinaryIO, passphrase: str) -> tuple[Header, AESGCM, int]:
    header = read_header(source)
    f = header.fields
    key, check = _derive(passphrase, bytes.fromhex(f["salt"]), int(f["n"]), int(f["r"]), int(f["p"]))
    if not hmac.compare_digest(check, bytes.fromhex(f.get("key_check", ""))):
        raise wrong_passphrase()
    return header, AESGCM(key), source.tell()


def decrypt_segments(source: BinaryIO, passphrase: str) -> Iterator[bytes]:
    """The plaintext of an encrypted file, segment by segment, each authenticated before it is given.

    The header and the passphrase are checked before the first segment is yielded; a file missing its
    end raises `truncated()`, any changed byte `damaged()`."""
    source.seek(0, os.SEEK_END)
    size = source.seek(0, os.SEEK_CUR)
    source.seek(0)
    header, aead, body_start = _opened(source, passphrase)
    _check_trailer(source, size)
    body_end = size - len(TRAILER) - _SIZE.size
    source.seek(body_start)
    return _segments(source, header, aead, body_end - body_start)


def _segments(source: BinaryIO, header: Header, aead: AESGCM, remaining: int) -> Iterator[bytes]:
    step, index = header.segment + TAG, 0
    while True:
        chunk = source.read(min(step, remaining))
        remaining -= len(chunk)
        final = remaining == 0
        if len(chunk) < TAG:
            raise damaged("segment shorter than its tag")
        aad = header.raw + _COUNTER.pack(index, final)
        try:
            yield aead.decrypt(_nonce(header.nonce_prefix, index, final), chunk, aad)
        except InvalidTag:
            raise damaged(f"segment {index}") from None
        if final:
            return
        index += 1


def decrypt_to(source: BinaryIO, passphrase: str, out: BinaryIO,
               on_segment: Callable[[int], None] | None = None) -> int:
    """Decrypt all of `source` into `out`; the number of plaintext bytes. Nothing is trusted until the
    last segment has been authenticated, so callers write to a temporary file."""
    total = 0
    for plain in decrypt_segments(source, passphrase):
        out.write(plain)
        total += len(plain)
        if on_segment is not None:
            on_segment(total)
    return total


def encrypt_bytes(data: bytes, passphrase: str, segment: int = SEGMENT) -> bytes:
    import io

    buffer = io.BytesIO()
    writer = EncryptingWriter(buffer, passphrase, segment)
    writer.write(data)
    writer.close()
    return buffer.getvalue()


def decrypt_bytes(data: bytes, passphrase: str) -> bytes:
    import io

    return b"".join(decrypt_segments(io.BytesIO(data), passphrase))
