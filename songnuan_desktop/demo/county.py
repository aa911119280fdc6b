"""The county demo (`songnuan demo --county`): 黄平县总工会 with its demo townships' packages merged.

Each township is a demo office of its own (another seed, another name), built in a temporary database,
exported as a 报送包 with the demo passphrase and merged here the way a county clerk would, so the
county's data arrives only through packages. Each township's signing key is registered first, as the
county clerk does from its 密钥登记表. With `townships=0` or `workers=0` the county is empty.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import User, UserRole
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo import data
from songnuan_desktop.services.county.county_merge import MergeReport, merge_packages
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.office.key_register import register_from_package, register_key
from songnuan_desktop.services.office.keys import office_key
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.demo.county_plant import PlantSource, pick_source, plant_moved_household
from songnuan_desktop.services.office.office import needs_setup
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.services.access.passwords import hash_password
from songnuan_desktop.services.access.setup import SetupData, initialize

COUNTY_NAME = "黄平县总工会"
COUNTY_REGION = "522622"
DEMO_PASSPHRASE = "黄平县报送口令2026"
TOWNSHIPS = (
    ("黄平县旧州镇总工会", "522622101"), ("黄平县重安镇总工会", "522622102"), ("黄平县谷陇镇总工会", "522622103"),
    ("黄平县新州镇总工会", "522622104"), ("黄平县平溪镇总工会", "522622105"), ("黄平县野洞河镇总工会", "522622106"),
    ("黄平县一碗水乡总工会", "522622107"), ("黄平县纸房乡总工会", "522622108"),
)
COUNTY_STAFF = (("xianzong", "王建国", (Role.COUNTY.value,)),)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class CountyDemoReport:
    townships: list[str]
    workers_per_township: int
    merge: MergeReport | None
    users: list[tuple[str, str, str]] = field(default_factory=list)


def township_name(index: int) -> tuple[str, str]:
    """The demo township's name and region code; past the list, numbered ones."""
    if index < len(TOWNSHIPS):
        return TOWNSHIPS[index]
    return f"黄平县第{index + 1}乡镇总工会", f"522622{index + 101:03d}"


def set_up_county(db: Database) -> None:
    """The county office, its administrator and a county clerk (role 县总工会)."""
    admin_name, admin_display, _ = data.ADMIN
    office_id = initialize(db, SetupData(
        office_name=COUNTY_NAME, region_code=COUNTY_REGION, region_name=data.REGION_NAME,
        dibao_urban_fen=data.DIBAO_URBAN_FEN, dibao_rural_fen=data.DIBAO_RURAL_FEN, admin_username=admin_name,
        admin_display_name=admin_display, admin_password=data.PASSWORD, level="county",
        effective_from=data.SETTINGS_FROM))
    admin = auth.login(db, admin_name, data.PASSWORD)
    with db.write(admin.actor) as session:
        for username, display, roles in COUNTY_STAFF:
            user = User(origin_office_id=office_id, office_id=office_id, username=username, display_name=display,
                        password_hash=hash_password(data.PASSWORD))
            user.roles = [UserRole(role=r) for r in roles]
            session.add(user)


def build_county(db: Database, townships: int = 3, workers: int = 300, seed: int = 1,
                 progress: Progress | None = None, workdir: Path | None = None, plant: bool = True) -> CountyDemoReport:
    """Fill an empty database with the county demo; refuses a database already set up.

    With `plant` (and two townships or more) a household paid in the first township is filed and paid
    again in the second (demo.county_plant): the county's checks have something to find."""
    if not needs_setup(db):
        from songnuan_desktop.domain.errors import ValidationFailed
        raise ValidationFailed("already_set_up", "本数据库已有单位和用户，不能再生成演示数据；请换一个空的数据文件。")
    say = progress or (lambda _text: None)
    set_up_county(db)
    names = [township_name(i)[0] for i in range(townships)]
    users = [(data.ADMIN[0], data.PASSWORD, "管理员")] + [(u, data.PASSWORD, "县总工会") for u, _, _ in COUNTY_STAFF]
    if townships <= 0 or workers <= 0:
        return CountyDemoReport([], 0, None, users)
    with tempfile.TemporaryDirectory(prefix="songnuan-county-demo-", dir=workdir) as tmp:
        planted: list[PlantSource] = []
        used_ids: set[str] = set()  # one person, one ID number, across the county's demo townships
        packages = [_township_package(Path(tmp), i, workers, seed + i, say, planted if plant else None, used_ids)
                    for i in range(townships)]
        say(f"汇总 {len(packages)} 个报送包……")
        county_user = auth.login(db, COUNTY_STAFF[0][0], data.PASSWORD)
        register_package_keys(db, county_user, packages)
        report = merge_packages(db, county_user, packages, DEMO_PASSPHRASE)
    return CountyDemoReport(names, workers, report, users)


def _township_package(folder: Path, index: int, workers: int, seed: int, say: Progress,
                      planted: list[PlantSource] | None = None, used_ids: set[str] | None = None) -> Path:
    """Build, (plant,) export. `planted` carries the first township's household to the second."""
    name, region = township_name(index)
    say(f"生成演示乡镇“{name}”（{workers} 份档案）……")
    township = open_database(f"sqlite:///{folder / f'township-{index + 1}.db'}", create=True)
    try:
        build_demo(township, workers=workers, seed=seed, office_name=name, region_code=region, used_ids=used_ids)
        if planted is not None and index == 0:
            planted.append(pick_source(township))
        elif planted and index == 1:
            say(f"在“{name}”中为迁入户重新建档并发放（县级比对的演示案例）……")
            plant_moved_household(township, planted[0], name)
        clerk = auth.login(township, "jingban", data.PASSWORD)
        out = folder / f"packages-{index + 1}"
        out.mkdir()
        return export_package(township, clerk, out, DEMO_PASSPHRASE).path
    finally:
        township.close()


def register_package_keys(db: Database, by: SessionUser, packages: list[Path],
                          passphrase: str = DEMO_PASSPHRASE) -> None:
    """Demo (and tests): each township's key registered from its package, the fingerprint typed as its
    密钥登记表 shows it. Unsigned packages are left for the merge to refuse."""
    for path in packages:
        with OpenedPackage(Path(path), passphrase) as package:
            signed = package.manifest.signed_by
        if signed is not None:
            register_from_package(db, by, Path(path), passphrase, signed.fingerprint)


def register_county_key(township: Database, by: SessionUser, county: Database) -> None:
    """Demo (and tests): the township registers the county's key from the county's 密钥登记表."""
    key = office_key(county)
    if key is not None:
        register_key(township, by, key.office_name, key.fingerprint)
