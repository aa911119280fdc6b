"""Other offices' keys this office accepts packages under: the county registers each township's key, a
township its county's (for the 下发包).

`register_key(db, by, office_name, typed)`: from the 密钥登记表, the whole fingerprint typed.
`register_from_package(db, by, path, passphrase, typed)`: from the office's first package, confirmed by
typing at least the first four groups of the fingerprint as printed on its sheet (or told on the phone).
`check_key(session, signed, office_id, office_name)`: used by the county merge and the decisions import,
refuses an unsigned package, an unknown key, or a key registered to another office, naming which.

A newer key registered for an office revokes its older ones (a township that lost its PC made a new one).
Every registration is audit-logged with the signed-in user.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.exchange.format import OpenedPackage, SignedBy
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Office
from songnuan_desktop.persistence.models_keys import RegisteredKey
from songnuan_desktop.services.office.office import local_office
from songnuan_desktop.services.office.session_user import SessionUser

CONFIRM_GROUPS = 4  # 16 hex digits typed to confirm a key taken from a package


class KeyRefused(DomainError):
    """A package's signing key is not one this office registered for the office it claims to be from."""


@dataclass(frozen=True)
class RegisteredKeyInfo:
    office_name: str
    office_id: uuid.UUID | None
    fingerprint: str
    source: str
    registered_at: dt.datetime
    registered_by: str
    revoked_at: dt.datetime | None
    revoked_others: int = 0  # older keys of the office this registration replaced


def _digits(text: str) -> str:
    return re.sub(r"[\s\-—–_:]", "", text).upper()


def normalized(typed: str, whole: bool = True) -> str:
    """A typed fingerprint as 3F2A-91C0-…; `whole` False allows the first groups only (at least four)."""
    digits = _digits(typed)
    least = 64 if whole else 4 * CONFIRM_GROUPS
    if not re.fullmatch(r"[0-9A-F]+", digits or "-") or not least <= len(digits) <= 64:
        want = "全部16组" if whole else f"至少前{CONFIRM_GROUPS}组"
        raise ValidationFailed("fingerprint", f"密钥指纹应为密钥登记表上的{want}（每组4个字符，0-9 和 A-F），"
                               "请核对后重新输入。", {"field": "fingerprint"})
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def _check_role(db: Database, by: SessionUser) -> None:
    by.require(Action.REGISTER_KEY)


def _info(row: RegisteredKey, revoked: int = 0) -> RegisteredKeyInfo:
    return RegisteredKeyInfo(row.office_name, row.office_id, row.fingerprint, row.source, row.registered_at,
                             row.registered_by, row.revoked_at, revoked)


def _same_office(key: RegisteredKey, office_id: uuid.UUID | None, name: str) -> bool:
    """Known by id when both ids are known, else by name."""
    if key.office_id is not None and office_id is not None:
        return key.office_id == office_id
    return key.office_name == name


def _register(db: Database, by: SessionUser, name: str, office_id: uuid.UUID | None, print_: str,
              public_key: str, source: str) -> RegisteredKeyInfo:
    with db.write(by.actor) as session:
        if office_id is None:  # an office the database already knows by that name
            office_id = session.scalar(select(Office.id).where(Office.name == name))
        if office_id is not None and office_id == local_office(db).id:
            raise ValidationFailed("own_key", "这是本单位自己的密钥，不需要登记。")
        active = session.scalars(select(RegisteredKey).where(RegisteredKey.revoked_at.is_(None))).all()
        same = [k for k in active if k.fingerprint == print_]
        for key in same:
            if not _same_office(key, office_id, name):
                raise ValidationFailed("key_other_office", f"密钥 {print_} 已登记为“{key.office_name}”的，"
                                       f"不能再登记给“{name}”。请核对密钥登记表。", {"field": "fingerprint"})
        if same:
            row = same[0]
            if public_key and not row.public_key:
                row.public_key, row.office_id = public_key, office_id
            return _info(row)
        older = [k for k in active if _same_office(k, office_id, name)]
        for key in older:
            key.revoked_at = utcnow()
        row = RegisteredKey(office_id=office_id, office_name=name, fingerprint=print_, public_key=public_key,
                            source=source, registered_at=utcnow(), registered_by=by.username)
        session.add(row)
        session.flush()
        audit.append(session, by.actor, "register_key", "registered_keys", str(row.id),
                     after={"office": name, "fingerprint": print_, "source": source,
                            "revoked": [k.fingerprint for k in older]})
        return _info(row, len(older))


def register_key(db: Database, by: SessionUser, office_name: str, typed: str) -> RegisteredKeyInfo:
    """From the office's 密钥登记表: its name and the whole fingerprint, typed."""
    _check_role(db, by)
    name = office_name.strip()
    if not name:
        raise ValidationFailed("office", "请填写单位名称（与密钥登记表上的一致）。", {"field": "office"})
    return _register(db, by, name, None, normalized(typed), "", "sheet")


def register_from_package(db: Database, by: SessionUser, path: Path, passphrase: str, typed: str) -> RegisteredKeyInfo:
    """From the office's first package, confirmed by the first groups of the fingerprint on its sheet."""
    _check_role(db, by)
    prefix = normalized(typed, whole=False)
    try:
        with OpenedPackage(Path(path), passphrase) as package:
            signed, office = package.manifest.signed_by, package.manifest.office
    except PackageError as exc:
        raise ValidationFailed(exc.code, f"“{Path(path).name}”不能用来登记密钥：{exc.message}") from exc
    except OSError as exc:
        raise ValidationFailed("package_unreadable", f"读不了“{Path(path).name}”（{exc.strerror or exc}），"
                               "请检查U盘后重试。") from exc
    if signed is None:
        raise ValidationFailed("package_unsigned", f"“{Path(path).name}”没有签名（旧版程序导出），不能用来登记密钥。"
                               "请对方升级后重新导出，或按密钥登记表登记。")
    if not signed.fingerprint.startswith(prefix):
        raise ValidationFailed("fingerprint_mismatch", f"输入的指纹与“{office.get('name', '')}”这个包的密钥"
                               f"（{signed.fingerprint[:19]}…）不符。请核对对方的密钥登记表；不符时不要登记。",
                               {"field": "fingerprint"})
    return _register(db, by, str(office.get("name", "")), uuid.UUID(signed.office_id), signed.fingerprint,
                     signed.public_key.hex(), "package")


def registered_keys(db: Database) -> list[RegisteredKeyInfo]:
    with db.read() as session:
        rows = session.scalars(select(RegisteredKey).order_by(RegisteredKey.office_name,
                                                              RegisteredKey.registered_at)).all()
        return [_info(r) for r in rows]


def check_key(session: Session, signed: SignedBy | None, office_id: uuid.UUID, office_name: str) -> None:
    """The package's key is registered, for the office it claims to be from; binds a key registered by name
    (from the sheet) to that office's id on its first package. Raises KeyRefused with the reason."""
    if signed is None:
        raise KeyRefused("package_unsigned", f"它没有签名（自称来自“{office_name}”）。请对方用新版程序重新导出。")
    print_ = signed.fingerprint
    rows = session.scalars(select(RegisteredKey).where(RegisteredKey.fingerprint == print_)).all()
    live = [r for r in rows if r.revoked_at is None]
    if not live:
        theirs = session.scalars(select(RegisteredKey.fingerprint).where(
            RegisteredKey.revoked_at.is_(None), or_(RegisteredKey.office_id == office_id,
                                                     RegisteredKey.office_name == office_name))).all()
        why = "已停用（该单位后来登记了新密钥）" if rows else "没有登记"
        known = f"本单位为“{office_name}”登记的密钥是 {theirs[0]}。" if theirs else ""
        raise KeyRefused("package_unknown_key",
                         f"它的签名密钥 {print_} {why}（包自称来自“{office_name}”）。{known}"
                         f"如果确是{office_name}的新密钥，请核对其密钥登记表并登记后再导入；否则可能是伪造的包。",
                         {"fingerprint": print_})
    row = live[0]
    if not _same_office(row, office_id, office_name):
        raise KeyRefused("package_key_other_office",
                         f"它自称来自“{office_name}”，但签名密钥 {print_} 登记的是“{row.office_name}”。"
                         "可能是伪造或冒名的包，请与两个单位核实。", {"fingerprint": print_})
    if row.office_id is None:
        row.office_id, row.public_key = office_id, signed.public_key.hex()
