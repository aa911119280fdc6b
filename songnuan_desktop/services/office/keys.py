"""This office's signing key: an Ed25519 key pair that signs its 报送包 (a township) or 下发包 (the county).

Made at set-up (services.access.setup), or on first need for a database set up before keys existed (with an audit
entry either way). The newest key not retired signs; its public key's fingerprint is what the other side
registers (services.office.key_register), from the 密钥登记表 (documents.key_sheet_pdf) or the first package.

How the private key is kept, and why:

- **Windows: DPAPI** (`CryptProtectData`, current-user scope). Only this Windows account on this PC can
  unseal it; nothing for the admin to remember or lose.
- **Elsewhere, or when DPAPI is not available: a key file.** A random 32-byte secret in
  `<data folder>/keys/<fingerprint>.key` (folder 0700, file 0600), outside the database; the private key
  in the database is sealed with it (AES-256-GCM, the public key as associated data). A secret an admin
  types would be forgotten or written on the monitor, and every export would ask for it; a file beside
  the user's other data needs nothing typed and works unattended (tests, the command line).

Either way a copied database alone cannot sign: a copy on another PC (or restored from a backup onto a new
PC) finds no usable key and makes a new one, logged as `replace_signing_key` with the reason; the county
then refuses its packages, naming the new key's fingerprint, until the township brings the new 密钥登记表
(what to do when a township loses its PC: set up or restore, print the sheet in 设置, take it to the county).
"""

from __future__ import annotations

import base64
import ctypes
import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PrivateFormat, PublicFormat, NoEncryption
from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop import config
from songnuan_desktop.storage import export_path, replacing
from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.key_sheet_pdf import KeySheet, write_key_sheet
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange.format import fingerprint
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models_keys import SigningKey
from songnuan_desktop.services.office.office import local_office
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at

KEY_FOLDER = "keys"
KEYFILE, DPAPI = "keyfile", "dpapi"


class KeyUnavailable(Exception):
    """The stored private key cannot be unsealed here (no key file, another Windows account or PC)."""


@dataclass(frozen=True)
class OfficeSigner:
    """What exchange.format.write_package signs a manifest with."""

    office_id: str
    public_key: bytes
    _private: Ed25519PrivateKey

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


@dataclass(frozen=True)
class KeyInfo:
    """The office's current key as 设置 and the 密钥登记表 show it."""

    office_id: uuid.UUID
    office_name: str
    region_code: str
    level: str
    fingerprint: str
    created_at: dt.datetime
    protection: str


# --- sealing the private key --------------------------------------------------------------------------

def key_folder() -> Path:
    folder = config.data_dir() / KEY_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder


def _key_file(print_: str) -> Path:
    return key_folder() / f"{print_.replace('-', '')[:32]}.key"


def _seal_keyfile(raw: bytes, public: bytes, print_: str) -> str:
    secret = os.urandom(32)
    fd = os.open(_key_file(print_), os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(secret.hex().encode("ascii"))
        out.flush()
        os.fsync(out.fileno())
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(secret).encrypt(nonce, raw, public)).decode("ascii")


def _open_keyfile(sealed: str, public: bytes, print_: str) -> bytes:
    try:
        secret = bytes.fromhex(_key_file(print_).read_text("ascii").strip())
        blob = base64.b64decode(sealed)
        return AESGCM(secret).decrypt(blob[:12], blob[12:], public)
    except (OSError, ValueError, InvalidTag) as exc:
        raise KeyUnavailable(f"key file: {type(exc).__name__}") from exc


class _Blob(ctypes.Structure):
    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char))]


def _dpapi(data: bytes, entropy: bytes, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData, current user, no UI."""
    crypt32, kernel32 = ctypes.windll.crypt32, ctypes.windll.kernel32  # type: ignore[attr-defined]
    source = _Blob(len(data), ctypes.cast(ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(ctypes.c_char)))
    extra = _Blob(len(entropy), ctypes.cast(ctypes.create_string_buffer(entropy, len(entropy)),
                                            ctypes.POINTER(ctypes.c_char)))
    out = _Blob()
    call = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
    if not call(ctypes.byref(source), None, ctypes.byref(extra), None, None, 0x1, ctypes.byref(out)):  # UI_FORBIDDEN
        raise KeyUnavailable("DPAPI refused")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)


def _dpapi_available() -> bool:
    return os.name == "nt" and hasattr(ctypes, "windll")


def _seal(raw: bytes, public: bytes, print_: str) -> tuple[str, str]:
    if _dpapi_available():
        try:
            return DPAPI, base64.b64encode(_dpapi(raw, public, protect=True)).decode("ascii")
        except (KeyUnavailable, OSError):
            pass  # a locked-down account: the key file still keeps it out of the database
    return KEYFILE, _seal_keyfile(raw, public, print_)


def _unseal(row: SigningKey) -> Ed25519PrivateKey:
    public = bytes.fromhex(row.public_key)
    if row.protection == DPAPI:
        if not _dpapi_available():
            raise KeyUnavailable("DPAPI on another system")
        try:
            raw = _dpapi(base64.b64decode(row.private_key), public, protect=False)
        except OSError as exc:
            raise KeyUnavailable("DPAPI") from exc
    else:
        raw = _open_keyfile(row.private_key, public, row.fingerprint)
    key = Ed25519PrivateKey.from_private_bytes(raw)
    if key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != public:
        raise KeyUnavailable("the private key does not match its public key")
    return key


# --- the office's key ---------------------------------------------------------------------------------

def add_key(session: Session, actor: Actor, office_id: uuid.UUID, action: str = "create_signing_key",
            reason: str = "") -> tuple[SigningKey, Ed25519PrivateKey]:
    """A new key pair for the office, inside the caller's transaction, audit-logged. A key file written for a
    transaction that then fails is left unused (it unseals nothing without its database row)."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    print_ = fingerprint(public)
    protection, sealed = _seal(raw, public, print_)
    row = SigningKey(office_id=office_id, public_key=public.hex(), fingerprint=print_, protection=protection,
                     private_key=sealed, created_at=utcnow())
    session.add(row)
    session.flush()
    audit.append(session, actor, action, "signing_keys", str(row.id),
                 after={"fingerprint": print_, "protection": protection, **({"reason": reason} if reason else {})})
    return row, private


def _current(session: Session, office_id: uuid.UUID) -> SigningKey | None:
    return session.scalar(select(SigningKey).where(SigningKey.office_id == office_id, SigningKey.retired_at.is_(None))
                          .order_by(SigningKey.created_at.desc()).limit(1))


def office_signer(db: Database, actor: Actor) -> OfficeSigner:
    """The office's signer; made now (logged) if the database has no key yet or its key cannot be unsealed on
    this PC (a copied or restored database: the old key is retired, the reason logged)."""
    office = local_office(db)
    problem = ""
    with db.read() as session:
        row = _current(session, office.id)
        if row is not None:
            try:
                return OfficeSigner(str(office.id), bytes.fromhex(row.public_key), _unseal(row))
            except KeyUnavailable as exc:
                problem = str(exc)
    with db.write(actor) as session:
        row = _current(session, office.id)
        reason = ""
        if row is not None:
            row.retired_at = utcnow()
            reason = f"本机无法取用原密钥 {row.fingerprint}（{problem}）"
        new, private = add_key(session, actor, office.id, "replace_signing_key" if reason else "create_signing_key",
                               reason)
        return OfficeSigner(str(office.id), bytes.fromhex(new.public_key), private)


def ensure_key(db: Database, actor: Actor) -> KeyInfo:
    """The office's key, made on first need (设置 shows it, the 密钥登记表 prints it)."""
    office_signer(db, actor)
    info = office_key(db)
    if info is None:  # pragma: no cover - office_signer has just made it
        raise DomainError("no_key", "没有生成签名密钥，请重试。")
    return info


def office_key(db: Database) -> KeyInfo | None:
    """The office's current key, or None before one is made."""
    office = local_office(db)
    with db.read() as session:
        row = _current(session, office.id)
        if row is None:
            return None
        return KeyInfo(office.id, office.name, office.region_code, office.level, row.fingerprint, row.created_at,
                       row.protection)


LEVELS = {"township": "乡镇（街道）工会", "county": "县总工会"}


def export_key_sheet(db: Database, by: SessionUser, out: Path) -> KeyInfo:
    """The 密钥登记表 of the office's key (made now if there is none) written to `out`, logged."""
    by.require(Action.PRINT_KEY_SHEET)
    out = export_path(out)
    info = ensure_key(db, by.actor)
    with db.read() as session:
        font_setting = str(value_at(session, by.office_id, "pdf_font_path") or "") or None
    sheet = KeySheet(info.office_name, LEVELS.get(info.level, info.level), info.region_code, info.fingerprint,
                     info.created_at.date(), dt.date.today())
    try:
        with replacing(out) as temp:
            write_key_sheet(sheet, temp, cjk_font(font_setting), cjk_heading_font(font_setting))
    except OSError as exc:
        raise DomainError("write_failed", f"密钥登记表写不进 {out}（{exc.strerror or exc}）。请换一个位置重试。",
                          {"path": str(out)}) from exc
    with db.write(by.actor) as session:
        audit.append(session, by.actor, "print_key_sheet", "signing_keys", info.fingerprint,
                     after={"path": str(out), "fingerprint": info.fingerprint})
    return info
