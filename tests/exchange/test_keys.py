"""The office's signing key (kept out of the database), its registration at the other side, and the
密钥登记表 read back from the PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pypdf import PdfReader
from sqlalchemy import delete, select

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry
from songnuan_desktop.persistence.models_keys import RegisteredKey, SigningKey
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import keys
from songnuan_desktop.services.office.key_register import normalized, register_key, registered_keys
from songnuan_desktop.services.office.session_user import SessionUser
from tests.conftest import ADMIN_PASSWORD, ADMIN_USERNAME

OTHER_FP = "-".join(["0A1B"] * 16)


@pytest.fixture
def admin(office_db: Database) -> SessionUser:
    return auth.login(office_db, ADMIN_USERNAME, ADMIN_PASSWORD)


def _actions(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_set_up_makes_a_key_whose_private_half_is_not_in_the_database(office_db: Database, admin: SessionUser,
                                                                      sqlite_url: str) -> None:
    info = keys.office_key(office_db)
    assert info is not None and info.protection == keys.KEYFILE and len(info.fingerprint) == 79
    signer = keys.office_signer(office_db, admin.actor)
    Ed25519PublicKey.from_public_bytes(signer.public_key).verify(signer.sign(b"manifest"), b"manifest")
    raw = signer._private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    office_db.engine.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert raw not in stored and raw.hex().encode() not in stored  # a copied database alone cannot sign
    (key_file,) = [p for p in keys.key_folder().iterdir() if p.name.startswith(info.fingerprint.replace("-", "")[:32])]
    assert key_file.stat().st_mode & 0o777 == 0o600 and keys.key_folder().stat().st_mode & 0o777 == 0o700
    assert [e.after_json for e in _actions(office_db, "create_signing_key")]


def test_a_database_without_its_key_file_makes_a_new_key_and_logs_why(office_db: Database, admin: SessionUser) -> None:
    """A database copied to another PC (or restored there): the old key cannot be unsealed, a new one is made."""
    old = keys.office_key(office_db)
    assert old is not None
    for path in keys.key_folder().glob(old.fingerprint.replace("-", "")[:32] + "*"):
        path.unlink()
    signer = keys.office_signer(office_db, admin.actor)
    new = keys.office_key(office_db)
    assert new is not None and new.fingerprint != old.fingerprint
    with office_db.read() as session:
        retired = session.scalar(select(SigningKey).where(SigningKey.fingerprint == old.fingerprint))
        assert retired is not None and retired.retired_at is not None
    (entry,) = _actions(office_db, "replace_signing_key")
    assert old.fingerprint in entry.after_json and entry.username == ADMIN_USERNAME
    assert keys.office_signer(office_db, admin.actor).public_key == signer.public_key  # kept from now on


def test_a_database_from_before_keys_gets_one_on_first_need(office_db: Database, admin: SessionUser) -> None:
    with office_db.write(admin.actor) as session:
        session.execute(delete(SigningKey))
    assert keys.office_key(office_db) is None
    info = keys.ensure_key(office_db, admin.actor)
    assert len(_actions(office_db, "create_signing_key")) == 2 and info.fingerprint in \
        _actions(office_db, "create_signing_key")[-1].after_json


def test_registering_keys(office_db: Database, admin: SessionUser) -> None:
    assert normalized("0a1b 0A1B-0a1b" + "0A1B" * 13) == OTHER_FP
    for typed in ("0A1B", "XYZ1" * 16, "0A1B" * 17):
        with pytest.raises(ValidationFailed) as caught:
            register_key(office_db, admin, "黄平县总工会", typed)
        assert "指纹" in caught.value.message
    first = register_key(office_db, admin, "黄平县总工会", OTHER_FP)
    assert register_key(office_db, admin, "黄平县总工会", OTHER_FP.lower()) == first  # the same again: nothing
    with pytest.raises(ValidationFailed) as caught:
        register_key(office_db, admin, "施秉县总工会", OTHER_FP)
    assert caught.value.code == "key_other_office" and "黄平县总工会" in caught.value.message
    newer = register_key(office_db, admin, "黄平县总工会", "-".join(["C0DE"] * 16))
    assert newer.revoked_others == 1
    assert [(k.fingerprint, k.revoked_at is None) for k in registered_keys(office_db)] == [
        (OTHER_FP, False), ("-".join(["C0DE"] * 16), True)]
    assert len(_actions(office_db, "register_key")) == 2
    clerk_only = SessionUser(admin.id, admin.username, admin.display_name, admin.office_id, frozenset())
    with pytest.raises(PermissionDenied):
        register_key(office_db, clerk_only, "黄平县总工会", OTHER_FP)
    with office_db.read() as session:
        assert session.scalar(select(RegisteredKey.source)) == "sheet"


def test_the_key_sheet_carries_the_fingerprint(office_db: Database, admin: SessionUser, tmp_path: Path) -> None:
    out = tmp_path / "密钥登记表.pdf"
    info = keys.export_key_sheet(office_db, admin, out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text().replace(" ", "")
    for group in info.fingerprint.split("-"):
        assert group in text
    assert "旧州镇总工会" in text and "522622" in text and "单位盖章" in text and "经办人" in text
    assert info.fingerprint in _actions(office_db, "print_key_sheet")[0].after_json
    if shutil.which("pdftoppm"):  # rendered, for a person to look at (tests leave the PNG in tmp_path)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "sheet")], check=True)
        assert list(tmp_path.glob("sheet*.png"))
