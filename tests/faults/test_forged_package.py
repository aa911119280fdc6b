"""Forged and unsigned 报送包 at the county, and nothing decrypted left in the clear after a kill -9.

The forgery of issue 12: 旧州镇 relabels its own data as 重安镇's (every office id in every row and the
manifest), encrypts it again with the county's shared passphrase and signs it — with its own registered
key, or with a key made for the purpose. The county refuses it, naming the key; the genuine package of
重安镇 is then taken in. Each refusal leaves the county database as it was and nothing decrypted on disk.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import func, select

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import Signer, fingerprint, sign_manifest, work_root
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import Base
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo import county as demo_county
from songnuan_desktop.services.county.county_decisions import export_decisions
from songnuan_desktop.services.county.county_merge import MergeRefused, merge_packages
from songnuan_desktop.services.county.decisions_import import DecisionsRefused, import_decisions
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.office.key_register import register_from_package, register_key
from songnuan_desktop.services.office.keys import OfficeSigner, office_key, office_signer
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.office.session_user import SessionUser
from tests import forked
from tests.killing import ROOT, kill_9_when_writing

PASS = "黄平县报送口令-伪造测试"
PASSWORD = "songnuan2026"


@pytest.fixture(scope="module", autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@dataclass(frozen=True)
class Office:
    id: str
    name: str
    region: str
    package: Path
    signer: Signer
    fingerprint: str
    db_path: Path


def _township(root: Path, index: int) -> Office:
    name, region = demo_county.township_name(index)
    db = open_database(f"sqlite:///{root / f't{index}.db'}", create=True)
    try:
        build_demo(db, workers=15, seed=20 + index, office_name=name, region_code=region)
        clerk = auth.login(db, "jingban", PASSWORD)
        (root / f"stick{index}").mkdir()
        package = export_package(db, clerk, root / f"stick{index}", PASS).path
        signer = office_signer(db, clerk.actor)
        key = office_key(db)
        assert key is not None
        return Office(signer.office_id, name, region, package, signer, key.fingerprint, root / f"t{index}.db")
    finally:
        db.close()


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory, cheap_scrypt: None) -> tuple[Office, Office]:
    root = tmp_path_factory.mktemp("forgery")
    return _township(root, 0), _township(root, 1)  # 旧州镇 (the forger), 重安镇 (the victim)


def _fresh_signer(office_id: str) -> tuple[OfficeSigner, str]:
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return OfficeSigner(office_id, public, private), fingerprint(public)


def relabel(forger: Office, victim: Office, target: Path, signer: Signer | None) -> Path:
    """The forger's package with every trace of the forger's office replaced by the victim's, the parts'
    hashes made right, signed by `signer` (or not at all), encrypted with the shared passphrase."""
    swaps = [(uuid_hex(forger.id), uuid_hex(victim.id)), (forger.id, victim.id)]
    out = io.BytesIO()
    plain = crypto.decrypt_bytes(forger.package.read_bytes(), PASS)
    with zipfile.ZipFile(io.BytesIO(plain)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        raw = json.loads(zin.read("manifest.json"))
        for info in zin.infolist():
            if info.filename == "manifest.json":
                continue
            data = zin.read(info.filename)
            for old, new in swaps:
                data = data.replace(old.encode(), new.encode())
            if info.filename.startswith("tables/"):
                part = raw["tables"][info.filename[7:-6]]
                part.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
            zout.writestr(info.filename, data)
        raw["office"].update(id=victim.id, name=victim.name, region_code=victim.region)
        raw.pop("signature")
        if signer is not None:
            sign_manifest(raw, signer)
        zout.writestr("manifest.json", json.dumps(raw, ensure_ascii=False))
    target.write_bytes(crypto.encrypt_bytes(out.getvalue(), PASS))
    return target


def uuid_hex(text: str) -> str:
    return text.replace("-", "")


@pytest.fixture
def county(sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, SessionUser]:
    monkeypatch.setenv("SONGNUAN_DATA_DIR", str(tmp_path / "data"))
    demo_county.set_up_county(sqlite_db)
    return sqlite_db, auth.login(sqlite_db, "xianzong", PASSWORD)


def _registered(county: tuple[Database, SessionUser], towns: tuple[Office, Office]) -> None:
    """旧州镇 from its first package (the first four groups typed), 重安镇 from its sheet (all typed)."""
    db, clerk = county
    forger, victim = towns
    register_from_package(db, clerk, forger.package, PASS, forger.fingerprint[:19])
    register_key(db, clerk, victim.name, victim.fingerprint)


def dump(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in Base.metadata.tables.items()}


def nothing_in_the_clear(db: Database) -> None:
    for folder in (work_root(), db.attachments_dir.parent, Path(os.environ.get("TMPDIR", "/tmp"))):
        assert not list(folder.glob("snpkg-*")), folder


def refused(db: Database, by: SessionUser, path: Path, code: str) -> str:
    before = dump(db)
    with pytest.raises(MergeRefused) as caught:
        merge_packages(db, by, [path], PASS)
    assert caught.value.code == code, caught.value.message
    assert dump(db) == before
    nothing_in_the_clear(db)
    return caught.value.message


def test_a_forgery_signed_with_the_forgers_own_key_is_refused_naming_it(county: Any, towns: Any,
                                                                         tmp_path: Path) -> None:
    db, clerk = county
    forger, victim = towns
    _registered(county, towns)
    as_victim = OfficeSigner(victim.id, forger.signer.public_key, forger.signer._private)  # type: ignore[attr-defined]
    forged = relabel(forger, victim, tmp_path / victim.package.name, as_victim)
    message = refused(db, clerk, forged, "package_key_other_office")
    assert forger.fingerprint in message and forger.name in message and victim.name in message
    report = merge_packages(db, clerk, [victim.package], PASS)  # the genuine one is taken in
    assert [(r.office_name, r.status) for r in report.results] == [(victim.name, "merged")]


def test_a_forgery_signed_with_a_new_key_is_refused_naming_it(county: Any, towns: Any, tmp_path: Path) -> None:
    db, clerk = county
    forger, victim = towns
    _registered(county, towns)
    signer, print_ = _fresh_signer(victim.id)
    message = refused(db, clerk, relabel(forger, victim, tmp_path / "forged.snpkg", signer), "package_unknown_key")
    assert print_ in message and victim.fingerprint in message and victim.name in message


def test_a_signature_naming_the_forger_under_the_victims_name_is_refused(county: Any, towns: Any,
                                                                         tmp_path: Path) -> None:
    db, clerk = county
    forger, victim = towns
    _registered(county, towns)
    forged = relabel(forger, victim, tmp_path / "forged.snpkg", forger.signer)  # signature says 旧州镇
    assert "签名不对" in refused(db, clerk, forged, "package_bad_signature")


def test_an_unsigned_package_is_refused(county: Any, towns: Any, tmp_path: Path) -> None:
    db, clerk = county
    forger, victim = towns
    _registered(county, towns)
    message = refused(db, clerk, relabel(forger, victim, tmp_path / "unsigned.snpkg", None), "package_unsigned")
    assert "没有签名" in message and victim.name in message


def test_the_genuine_package_is_taken_in_only_after_registration(county: Any, towns: Any) -> None:
    db, clerk = county
    forger, victim = towns
    message = refused(db, clerk, victim.package, "package_unknown_key")
    assert victim.fingerprint in message and "登记" in message
    with pytest.raises(Exception, match="不符"):  # a wrong confirmation registers nothing
        register_from_package(db, clerk, victim.package, PASS, forger.fingerprint[:19])
    _registered(county, towns)
    report = merge_packages(db, clerk, [forger.package, victim.package], PASS)
    assert sorted(r.status for r in report.results) == ["merged", "merged"]


def test_the_merge_command_says_why_and_exits_1(county: Any, towns: Any, tmp_path: Path) -> None:
    db, clerk = county
    forger, victim = towns
    _registered(county, towns)
    as_victim = OfficeSigner(victim.id, forger.signer.public_key, forger.signer._private)  # type: ignore[attr-defined]
    forged = relabel(forger, victim, tmp_path / "forged.snpkg", as_victim)
    before = dump(db)
    (tmp_path / "pass.txt").write_text(PASS, encoding="utf-8")
    (tmp_path / "pw.txt").write_text(PASSWORD, encoding="utf-8")
    done = forked.run("-m", "songnuan_desktop", "merge", str(forged), "--db", str(db.engine.url.database),
                      "--passphrase-file", str(tmp_path / "pass.txt"), "--user", "xianzong", "--password-file",
                      str(tmp_path / "pw.txt"), env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    assert forger.fingerprint in done.stderr and "登记的是" in done.stderr and "Traceback" not in done.stderr
    after = dump(db)
    assert after.pop("audit_log") > before.pop("audit_log")  # the sign-in is logged, nothing else changed
    assert after == before
    nothing_in_the_clear(db)


def test_a_township_takes_decisions_only_under_the_county_key_it_registered(county: Any, towns: Any,
                                                                            tmp_path: Path) -> None:
    db, clerk = county
    _registered(county, towns)
    victim = towns[1]
    merge_packages(db, clerk, [victim.package], PASS)
    (tmp_path / "out").mkdir()
    [written] = export_decisions(db, clerk, tmp_path / "out", PASS).packages
    county_key = office_key(db)
    assert county_key is not None
    township = open_database(f"sqlite:///{victim.db_path}")
    try:
        admin = auth.login(township, "admin", PASSWORD)
        for registered in (None, "-".join(["BEEF"] * 16)):  # nothing registered; another key for the county
            if registered:
                register_key(township, admin, county_key.office_name, registered)
            before = dump(township)
            with pytest.raises(DecisionsRefused) as caught:
                import_decisions(township, admin, written.path, PASS)
            assert caught.value.code == "package_unknown_key" and county_key.fingerprint in caught.value.message
            assert dump(township) == before
        register_key(township, admin, county_key.office_name, county_key.fingerprint)  # from the county's sheet
        assert import_decisions(township, admin, written.path, PASS).status == "applied"
    finally:
        township.close()


KILLED = """
import pickle, sys, time
from pathlib import Path
from unittest import mock
from songnuan_desktop.exchange import crypto, format
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.county import county_merge

real = county_merge._Writer._insert
def slow(self, inc, name):
    real(self, inc, name)
    if name == "worker_files":
        print("writing", flush=True)
        time.sleep(60)

db = open_database("sqlite:///" + sys.argv[1])
user = pickle.loads(bytes.fromhex(sys.argv[4]))
budget = int(sys.argv[5])  # 0: as a package too big for memory, decrypted into the private folder
with mock.patch.object(crypto, "SCRYPT_N", 2**10), mock.patch.object(format, "MEMORY_BUDGET", budget), \\
        mock.patch.object(county_merge._Writer, "_insert", slow):
    county_merge.merge_packages(db, user, [Path(sys.argv[2])], sys.argv[3])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("budget", [0, 256 * 2**20], ids=["on disk", "in memory"])
def test_a_kill_during_a_merge_leaves_nothing_decrypted_after_the_next_command(county: Any, towns: Any,
                                                                                budget: int) -> None:
    db, clerk = county
    _registered(county, towns)
    before = dump(db)
    pid = kill_9_when_writing(KILLED, str(db.engine.url.database), str(towns[1].package), PASS,
                              pickle.dumps(clerk).hex(), str(budget))
    left = list(work_root().glob(f"snpkg-{pid}-*"))
    assert bool(left) == (budget == 0)  # in memory: never on disk at all
    assert not list(db.attachments_dir.parent.glob("snpkg-*"))  # never beside the county database
    for folder in left:
        assert folder.stat().st_mode & 0o777 == 0o700 and work_root().stat().st_mode & 0o777 == 0o700
    db.engine.dispose()
    done = forked.run("-m", "songnuan_desktop", "audit-verify", "--db", str(db.engine.url.database),
                      env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    nothing_in_the_clear(db)  # the next command, whatever it is, removed what the kill left
    assert dump(db) == before
