"""The package's inside: parts and manifest round trip; forged archives are refused before use."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.exchange.format import OpenedPackage, TableSource, write_package


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


def _sealed_zip(tmp_path: Path, members: dict[str, bytes]) -> Path:
    """A package built by hand (a forger with the passphrase): any members, encrypted properly."""
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path = tmp_path / "forged.snpkg"
    path.write_bytes(crypto.encrypt_bytes(plain.getvalue(), "k"))
    return path


def test_round_trip_of_rows_and_attachments(tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8 jpeg" * 1000)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    rows = [(i, f"张三{i}", None, 1.5) for i in range(5000)]
    path = tmp_path / "p.snpkg"
    with path.open("wb") as out:
        manifest = write_package(out, "k", {"sequence": 3, "office": {"name": "城关镇"}},
                                 [TableSource("worker_files", ["n", "name", "none", "x"], rows),
                                  TableSource("visits", ["id"], [])], [(digest, scan)])
    assert manifest.row_counts == {"worker_files": 5000, "visits": 0}
    with OpenedPackage(path, "k") as package:
        assert package.manifest.raw == json.loads(json.dumps(manifest.raw))
        assert package.manifest.sequence == 3
        back = list(package.rows("worker_files"))
        assert len(back) == 5000 and back[7] == {"n": 7, "name": "张三7", "none": None, "x": 1.5}
        assert package.attachment(digest) == scan.read_bytes()
        assert package.in_memory  # a small package is never written out in the clear
    work = tmp_path / "work"
    work.mkdir()
    with OpenedPackage(path, "k", workdir=work) as package:  # too big for memory: a private folder
        assert len(list(package.rows("worker_files"))) == 5000
        (folder,) = work.iterdir()
        assert folder.stat().st_mode & 0o077 == 0
    assert not folder.exists()  # the decrypted copy is removed


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "C:/Windows/x", "tables\\..\\x.jsonl",
                                  "tables/../../x.jsonl", "attachments/not-a-hash"])
def test_a_member_with_a_path_trick_is_refused(tmp_path: Path, name: str) -> None:
    path = _sealed_zip(tmp_path, {"manifest.json": b"{}", name: b"x"})
    with pytest.raises(PackageError) as caught:
        OpenedPackage(path, "k", workdir=tmp_path)
    assert caught.value.code == "package_bad_member"
    assert name in caught.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["forged.snpkg"]  # nothing extracted, nothing left


def _manifest(part: bytes, **extra: object) -> bytes:
    return json.dumps({"format": 1, "tables": {"a": {"rows": 0, "bytes": len(part),
                       "sha256": hashlib.sha256(part).hexdigest()}}, "attachments": {}, **extra}).encode()


def test_a_part_not_matching_its_manifest_hash_is_damage(tmp_path: Path) -> None:
    path = _sealed_zip(tmp_path, {"manifest.json": _manifest(b"{}\n"), "tables/a.jsonl": b"{}\n\n"})
    with pytest.raises(PackageError) as caught:
        OpenedPackage(path, "k")
    assert caught.value.code == "package_damaged"


def test_a_part_missing_from_the_manifest_is_damage(tmp_path: Path) -> None:
    part = b'{"columns":[]}\n'
    path = _sealed_zip(tmp_path, {"manifest.json": _manifest(part), "tables/a.jsonl": part,
                                  "tables/b.jsonl": part})
    with pytest.raises(PackageError) as caught:
        OpenedPackage(path, "k")
    assert caught.value.code == "package_damaged"


def test_a_newer_package_format_inside_is_refused(tmp_path: Path) -> None:
    part = b'{"columns":[]}\n'
    raw = json.loads(_manifest(part))
    raw["format"] = 99
    path = _sealed_zip(tmp_path, {"manifest.json": json.dumps(raw).encode(), "tables/a.jsonl": part})
    with pytest.raises(PackageError) as caught:
        OpenedPackage(path, "k")
    assert caught.value.code == "package_newer_version"
