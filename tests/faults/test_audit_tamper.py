"""Someone who holds the database file rewrites its history; `songnuan audit-verify`, run as a real command
in a child process, says so in Chinese with exit code 1:

- the tail deleted and audit_head updated to match  → caught `--against` the tip printed on a voucher;
- an entry edited and the whole chain recomputed    → caught `--against` the voucher's tip, or a package;
- an entry edited, the chain left as it was         → reported as 被修改 with its number;
- `UPDATE worker_files SET bank_card=…` in a shell  → named by the replay check, by file number.

Each also holds: the verify changes nothing in the database, no voucher number appears twice, and no
ID number, card or phone reaches the output."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from stdnum import luhn
from stdnum.cn import ric

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.demo import build_demo
from songnuan_desktop.demo.county import set_up_county, township_name
from songnuan_desktop.services.office.key_register import register_from_package
from songnuan_desktop.services.exchange.package_export import export_package
from tests import forked
from tests.services.audit.test_audit_verify import _rechain

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "songnuan2026"
PASSPHRASE = "县里的报送口令-测试"
TIP = re.compile(r"审计 #(\d+)·([0-9a-f]{12})")
NUMBERS = re.compile(r"\d{11,}")  # an ID number, a card, a phone: never in what a person reads
TIPS = re.compile(r"审计 #\d+·[0-9a-f]{12}")  # a tip's hex may hold 11 digits in a row by chance
HEAD = "522622196808080870"
HEAD = HEAD[:17] + ric.calc_check_digit(HEAD[:17] + "0")
CARD = "622848000000000077"
CARD = CARD + luhn.calc_check_digit(CARD)
FORGED_CARD = "6217000000000000666"


@dataclass(frozen=True)
class Office:
    db: Path
    voucher: Path  # printed through the command line: its foot carries the tip
    package: Path  # exported after the voucher
    tip: str  # 审计 #n·12 hex as the voucher shows it
    file_no: str


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SONGNUAN_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    env.pop("SONGNUAN_DATABASE_URL", None)
    return forked.run("-m", "songnuan_desktop", *args, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Office:
    folder = tmp_path_factory.mktemp("office")
    path = folder / "demo.db"
    db = open_database(f"sqlite:///{path}", create=True)
    build_demo(db, workers=50, seed=11)
    clerk = auth.login(db, "jingban", PASSWORD)
    saved = worker_files.create(db, clerk, worker_files.FileInput(
        name="吴承恩", id_number=HEAD, category="相对困难", phone="13908551234", causes=("患重特大疾病",),
        bank_name="中国农业银行", bank_card=CARD))
    db.close()
    (folder / "pw.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    voucher = folder / "凭证.pdf"
    done = run("vouchers", "--campaign", "2026年金秋助学", str(voucher), "--db", str(path), "--user", "jingban",
               "--password-file", str(folder / "pw.txt"), data_dir=folder)
    assert done.returncode == 0, done.stderr
    found = TIP.search(PdfReader(str(voucher)).pages[0].extract_text())
    assert found is not None
    db = open_database(f"sqlite:///{path}")
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        (folder / "out").mkdir()
        package = export_package(db, auth.login(db, "jingban", PASSWORD), folder / "out", PASSPHRASE).path
    db.close()
    return Office(path, voucher, package, found.group(0), saved.file_no)


@pytest.fixture
def office(built: Office, tmp_path: Path) -> Iterator[Office]:
    shutil.copy(built.db, tmp_path / "demo.db")
    yield Office(tmp_path / "demo.db", built.voucher, built.package, built.tip, built.file_no)


def _open(office: Office) -> Database:
    return open_database(f"sqlite:///{office.db}")


def _sql(office: Office, sql: str, **params: object) -> None:
    db = _open(office)
    try:
        with db.engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        db.close()


def _rewrite(office: Office, start: int) -> None:
    db = _open(office)
    try:
        _rechain(db, start)
    finally:
        db.close()


def _snapshot(path: Path) -> tuple[list[tuple[object, ...]], ...]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                     for t in ("audit_log", "audit_head", "worker_files", "vouchers", "assistance_items"))


def verify(office: Office, *extra: str) -> subprocess.CompletedProcess[str]:
    """audit-verify in a child process; it changes nothing, gives no number twice, shows no number."""
    before = _snapshot(office.db)
    done = run("audit-verify", "--db", str(office.db), *extra, data_dir=office.db.parent)
    assert _snapshot(office.db) == before
    with sqlite3.connect(office.db) as conn:
        numbers = [n for (n,) in conn.execute("SELECT number FROM vouchers")]
    assert len(numbers) == len(set(numbers))
    words = done.stdout + done.stderr
    assert "Traceback" not in words and not NUMBERS.findall(TIPS.sub("", words)), words
    return done


def _last_seq(office: Office) -> int:
    with sqlite3.connect(office.db) as conn:
        return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def _tip_seq(office: Office) -> int:
    found = TIP.search(office.tip)
    assert found is not None
    return int(found.group(1))


def test_an_untouched_database_verifies_against_its_voucher_and_package(office: Office) -> None:
    done = verify(office, "--against", office.tip)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "哈希链校验通过" in done.stdout and "相符" in done.stdout
    passphrase = office.db.parent / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = verify(office, "--against", str(office.package), "--passphrase-file", str(passphrase))
    assert done.returncode == 0, done.stdout + done.stderr


def test_tail_deleted_and_head_updated_is_caught_against_the_voucher(office: Office) -> None:
    keep = _tip_seq(office) - 3  # the print's own entries (its vouchers) go with the tail
    _sql(office, "DELETE FROM audit_log WHERE seq > :s", s=keep)
    _rewrite(office, keep)
    alone = verify(office)
    # the chain alone holds together; the vouchers whose entries went with the tail have no history left
    assert alone.returncode == 1 and "哈希链校验通过" in alone.stdout and "没有它的建立记录" in alone.stdout
    done = verify(office, "--against", office.tip)
    assert done.returncode == 1
    assert "末尾被删除" in done.stdout and f"只到第 {keep} 条" in done.stdout and "备份" in done.stdout


def test_an_entry_edited_and_the_chain_recomputed_is_caught_against_the_voucher(office: Office) -> None:
    seq = _tip_seq(office) - 10
    _sql(office, "UPDATE audit_log SET username = 'caiwu' WHERE seq = :s", s=seq)
    _rewrite(office, seq)
    assert verify(office).returncode == 0
    done = verify(office, "--against", office.tip)
    assert done.returncode == 1 and "改写" in done.stdout and f"第 {_tip_seq(office)} 条" in done.stdout


def test_an_entry_edited_and_the_chain_recomputed_is_caught_against_a_package(office: Office) -> None:
    seq = _tip_seq(office) - 10
    _sql(office, "UPDATE audit_log SET after_json = :v WHERE seq = :s", v='{"amount_fen":99900}', s=seq)
    _rewrite(office, seq)
    passphrase = office.db.parent / "passphrase.txt"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = verify(office, "--against", str(office.package), "--passphrase-file", str(passphrase))
    assert done.returncode == 1 and f"自第 {seq} 条（" in done.stdout, done.stdout + done.stderr


def test_an_entry_edited_without_recomputing_is_reported_as_modified(office: Office) -> None:
    seq = _last_seq(office) - 5
    _sql(office, "UPDATE audit_log SET after_json = :v WHERE seq = :s", v=f'{{"bank_card":"{FORGED_CARD}"}}', s=seq)
    done = verify(office)
    assert done.returncode == 1
    assert f"第 {seq} 条（" in done.stdout and "被修改" in done.stdout and "末尾" not in done.stdout


def test_a_bank_card_changed_in_the_database_is_named_by_the_replay(office: Office) -> None:
    _sql(office, "UPDATE worker_files SET bank_card = :c WHERE file_no = :f", c=FORGED_CARD, f=office.file_no)
    done = verify(office)
    assert done.returncode == 1
    assert "哈希链校验通过" in done.stdout  # the log is whole: only the row was changed
    assert f"档案 {office.file_no}：银行卡号与审计日志记下的不同" in done.stdout and "在程序之外被改动" in done.stdout


def test_a_tip_that_is_not_one_is_refused_in_chinese(office: Office) -> None:
    done = verify(office, "--against", "12345")
    assert done.returncode == 1 and "审计号" in done.stderr and "Traceback" not in done.stderr


@dataclass(frozen=True)
class County:
    path: Path
    packages: list[Path]
    township: str
    common: list[str]  # the merge's options: database, passphrase, sign-in


def _county_and_packages(tmp_path: Path, between: Callable[[Database], None]) -> County:
    """A township's demo and a county; the township exports, `between` changes its database, it exports again.
    The county registers the township's key from the first package."""
    name, region = township_name(0)
    township = open_database(f"sqlite:///{tmp_path / 't.db'}", create=True)
    county_path = tmp_path / "c.db"
    county = open_database(f"sqlite:///{county_path}", create=True)
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    (tmp_path / "pw.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    try:
        with mock.patch.object(crypto, "SCRYPT_N", 2**10):
            build_demo(township, workers=12, seed=5, office_name=name, region_code=region)
            clerk = auth.login(township, "jingban", PASSWORD)
            worker_files.create(township, clerk, worker_files.FileInput(
                name="吴承恩", id_number=HEAD, category="相对困难", phone="13908551234", causes=("患重特大疾病",),
                bank_name="中国农业银行", bank_card=CARD))
            set_up_county(county)
            packages = []
            for n in (1, 2):
                (tmp_path / f"out{n}").mkdir()
                if n == 2:
                    between(township)
                clerk = auth.login(township, "jingban", PASSWORD)
                packages.append(export_package(township, clerk, tmp_path / f"out{n}", PASSPHRASE).path)
            with OpenedPackage(packages[0], PASSPHRASE) as opened:
                signed = opened.manifest.signed_by
            assert signed is not None
            register_from_package(county, auth.login(county, "xianzong", PASSWORD), packages[0], PASSPHRASE,
                                  signed.fingerprint)
    finally:
        township.close()
        county.close()
    return County(county_path, packages, name, [
        "--db", str(county_path), "--passphrase-file", str(tmp_path / "pass.txt"), "--user", "xianzong",
        "--password-file", str(tmp_path / "pw.txt")])


def _edited_and_rechained(township: Database) -> None:
    with township.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET username = 'caiwu' WHERE seq = 20"))
    _rechain(township, 20)


def _card_changed(township: Database) -> None:
    with township.engine.begin() as conn:
        conn.execute(text("UPDATE worker_files SET bank_card = :c WHERE name = '吴承恩'"), {"c": FORGED_CARD})


def test_the_county_refuses_a_package_whose_history_was_rewritten_after_an_earlier_one(tmp_path: Path) -> None:
    """A township sends a package, then rewrites its history and sends another: `songnuan merge` refuses it,
    naming the township, exit 1, and the county keeps what it had."""
    county = _county_and_packages(tmp_path, _edited_and_rechained)
    assert run("merge", str(county.packages[0]), *county.common, data_dir=tmp_path).returncode == 0
    before = _county(county.path)
    done = run("merge", str(county.packages[1]), *county.common, data_dir=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert county.township in done.stderr and "审计日志与以前的报送包不一致" in done.stderr and "改写" in done.stderr
    assert not NUMBERS.findall(TIPS.sub("", done.stdout + done.stderr))
    assert _county(county.path) == before  # the township's rows, log and anchors as the first package left them


def test_the_merge_names_a_townships_row_changed_outside_the_program(tmp_path: Path) -> None:
    """A card changed in the township's database with SQL travels in its next package: the merge takes the
    package in (the log is whole) and names the file as changed outside the program; audit-verify at the
    county says the same with exit 1."""
    county = _county_and_packages(tmp_path, _card_changed)
    first = run("merge", str(county.packages[0]), *county.common, data_dir=tmp_path)
    assert first.returncode == 0 and "关键字段与其审计日志相符" in first.stdout
    done = run("merge", str(county.packages[1]), *county.common, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{county.township}：发现 1 行关键字段与审计日志不符" in done.stdout
    assert "银行卡号与审计日志记下的不同" in done.stdout
    assert not NUMBERS.findall(TIPS.sub("", done.stdout + done.stderr))
    verified = run("audit-verify", "--db", str(county.path), data_dir=tmp_path)
    assert verified.returncode == 1 and "银行卡号与审计日志记下的不同" in verified.stdout


def _county(path: Path) -> tuple[list[tuple[object, ...]], ...]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in (
            "township_audit_log", "audit_anchors", "exchange_log", "worker_files", "vouchers"))
