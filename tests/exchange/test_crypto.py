"""The package cipher: round trips, and each way a file goes wrong gives its own refusal."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from typing import BinaryIO, cast
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError, decrypt_bytes, encrypt_bytes

SMALL = 64  # tiny segments, so short data spans many of them


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    """The header records n, so a smaller n here is read back as written; 2**15 is tested once below."""
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


def _code(data: bytes, passphrase: str = "口令-1") -> str:
    with pytest.raises(PackageError) as caught:
        decrypt_bytes(data, passphrase)
    assert caught.value.message  # a sentence for the user
    return caught.value.code


@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=700), segment=st.sampled_from([16, 64, 200]),
       passphrase=st.text(min_size=1, max_size=20))
def test_round_trip(data: bytes, segment: int, passphrase: str) -> None:
    with mock.patch.object(crypto, "SCRYPT_N", 2**4):
        assert decrypt_bytes(encrypt_bytes(data, passphrase, segment), passphrase) == data


def test_exact_multiples_of_the_segment_end_in_a_final_segment() -> None:
    for size in (0, SMALL, 3 * SMALL):
        data = bytes(range(256)) * 2
        assert decrypt_bytes(encrypt_bytes(data[:size], "k", SMALL), "k") == data[:size]


def test_the_default_key_derivation_is_scrypt_2_15() -> None:
    with mock.patch.object(crypto, "SCRYPT_N", 2**15):
        sealed = encrypt_bytes(b"x", "k")
    header = crypto.read_header(io.BytesIO(sealed))
    assert (header.fields["n"], header.fields["r"], header.fields["p"]) == (2**15, 8, 1)
    assert len(bytes.fromhex(header.fields["salt"])) == 16
    assert decrypt_bytes(sealed, "k") == b"x"


def test_nothing_readable_without_the_passphrase() -> None:
    secret = "张三 420102198001011234".encode()
    assert secret not in encrypt_bytes(secret * 10, "k", SMALL)


def test_wrong_passphrase() -> None:
    assert _code(encrypt_bytes(b"data" * 100, "right", SMALL), "wrong") == "package_wrong_passphrase"


@pytest.mark.parametrize("where", ["header", "first segment", "middle", "last tag"])
def test_one_flipped_byte_is_damage(where: str) -> None:
    sealed = bytearray(encrypt_bytes(bytes(1000), "口令-1", SMALL))
    header_end = len(crypto.read_header(io.BytesIO(bytes(sealed))).raw)
    at = {"header": 20, "first segment": header_end + 3, "middle": len(sealed) // 2,
          "last tag": len(sealed) - 21}[where]
    sealed[at] ^= 0x01
    assert _code(bytes(sealed)) == "package_damaged"


@pytest.mark.parametrize("cut", [1, 20, 21, 100, SMALL + crypto.TAG + 20])
def test_truncated(cut: int) -> None:
    sealed = encrypt_bytes(bytes(1000), "口令-1", SMALL)
    assert _code(sealed[:-cut]) == "package_truncated"


def test_truncated_at_a_segment_boundary_with_the_trailer_put_back() -> None:
    """Dropping the last segments yet keeping a well-formed end still fails: the final flag is sealed."""
    sealed = encrypt_bytes(bytes(1000), "口令-1", SMALL)
    header_end = len(crypto.read_header(io.BytesIO(sealed)).raw)
    body = sealed[:header_end + 3 * (SMALL + crypto.TAG)]
    forged = body + crypto.TRAILER + struct.pack(">Q", len(body) + 20)
    assert _code(forged) == "package_damaged"


def test_reordered_segments_are_damage() -> None:
    sealed = encrypt_bytes(bytes(range(200)) * 5, "口令-1", SMALL)
    start = len(crypto.read_header(io.BytesIO(sealed)).raw)
    step = SMALL + crypto.TAG
    first, second = sealed[start:start + step], sealed[start + step:start + 2 * step]
    swapped = sealed[:start] + second + first + sealed[start + 2 * step:]
    assert _code(swapped) == "package_damaged"


def test_newer_format_version() -> None:
    sealed = bytearray(encrypt_bytes(b"x", "口令-1"))
    sealed[len(crypto.MAGIC):len(crypto.MAGIC) + 2] = struct.pack(">H", crypto.FORMAT_VERSION + 1)
    with pytest.raises(PackageError) as caught:
        decrypt_bytes(bytes(sealed), "口令-1")
    assert caught.value.code == "package_newer_version"
    assert "升级" in caught.value.message


def test_not_a_package() -> None:
    assert _code(b"PK\x03\x04 a zip file, not ours") == "package_unknown"


class _FullStick(io.RawIOBase):
    """A stick with room for `room` bytes: the write past it fails as a full one does (ENOSPC)."""

    def __init__(self, room: int) -> None:
        self.room, self.taken = room, 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.taken + len(data) > self.room:
            import errno

            raise OSError(errno.ENOSPC, "No space left on device", "/media/stick/.报送包.part")
        self.taken += len(data)
        return len(data)


def test_a_full_stick_raises_its_oserror_not_buffererror() -> None:
    """Issue 12: a stick filling up during export ended in `BufferError: Existing exports of data` (the
    memoryview over the buffer was left open when sealing failed). Now the stick's OSError, every time."""
    import errno
    import zipfile

    writer = crypto.EncryptingWriter(cast(BinaryIO, _FullStick(400)), "口令", SMALL)
    with pytest.raises(OSError) as first:
        writer.write(bytes(1000))
    assert first.value.errno == errno.ENOSPC
    with pytest.raises(OSError) as again:  # the buffer can still be resized: no BufferError
        writer.write(b"more")
    assert again.value.errno == errno.ENOSPC
    with pytest.raises(OSError) as closing:
        writer.close()
    assert closing.value.errno == errno.ENOSPC

    # as the export writes: zipfile on top
    out = crypto.EncryptingWriter(cast(BinaryIO, _FullStick(2000)), "口令", SMALL)
    with pytest.raises(OSError) as zipped:
        with zipfile.ZipFile(out, "w") as archive:  # type: ignore[arg-type]
            archive.writestr("rows.json", bytes(range(256)) * 40)
    assert zipped.value.errno == errno.ENOSPC and not isinstance(zipped.value.__context__, BufferError)
