"""Issue 12 item 1, commit before publish: the real command, in a child process, killed (SIGKILL, by the
test-only hook SONGNUAN_FAULT_AT of services.publishing.publish) before the commit, between the commit and the rename,
and after the rename — for vouchers, the internal roster, export-package, the county's export-decisions and
the encrypted backup.

After each kill, and after the next command (which settles what the killed one left: services.publishing.publications):
no file under its final name without its audit entry; no number or package sequence given twice (printing
again continues after the used ones); nothing personal left in the clear (no `.part` file or snapshot
folder); the database sound (integrity_check) and its audit chain whole. A write failing with ENOSPC is a
Chinese message and exit code 1, with nothing recorded and nothing left.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from songnuan_desktop import cli
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.exchange import crypto
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.services.publishing import publications
from songnuan_desktop.services.payouts import roster, vouchers
from songnuan_desktop.services.audit.audit_log import verify_chain
from songnuan_desktop.demo import build_demo
from songnuan_desktop.demo.data import PASSWORD
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop import storage
from tests.demo_offices import DemoOffices
from tests import forked
from tests.killing import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

POINTS = ("before_commit", "after_commit", "after_rename")
PRINTED = "2026年金秋助学"  # approved, part printed: the demo leaves items to number
ROSTER = "2026年元旦春节送温暖"
PHRASE = "县总工会口令-2026"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("demo") / "songnuan.db", workers=40, seed=3)


class Office:
    """A copy of the demo office with its data folder, stick and password files, run as a person would."""

    def __init__(self, root: Path, phrase: str = PHRASE) -> None:
        """The office in `root`: its database in office/, its data folder data/ (signing keys, backups)."""
        self.root, self.db = root, root / "office" / "songnuan.db"
        self.data, self.out = root / "data", root / "stick"
        self.data.mkdir(exist_ok=True)
        self.out.mkdir()
        self.password, self.phrase = root / "pw.txt", root / "phrase.txt"
        self.password.write_text(PASSWORD + "\n", encoding="utf-8")
        self.phrase.write_text(phrase + "\n", encoding="utf-8")

    def run(self, user: str, *args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PYTHONPATH=str(ROOT), SONGNUAN_DATA_DIR=str(self.data), QT_QPA_PLATFORM="offscreen")
        env.pop("SONGNUAN_FAULT_AT", None)
        if fault:
            env["SONGNUAN_FAULT_AT"] = fault
        return forked.run("-m", "songnuan_desktop", *args, "--db", str(self.db), "--user", user, "--password-file",
                          str(self.password), env=env, cwd=ROOT, timeout=300)

    def next(self, user: str, *args: str) -> subprocess.CompletedProcess[str]:
        """The next command, in this process (quicker than a child): it settles what the killed one left."""
        out, err = io.StringIO(), io.StringIO()
        before = os.environ.get("SONGNUAN_DATA_DIR")
        os.environ["SONGNUAN_DATA_DIR"] = str(self.data)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.main([*args, "--db", str(self.db), "--user", user, "--password-file", str(self.password)])
        finally:
            if before is None:
                os.environ.pop("SONGNUAN_DATA_DIR", None)
            else:
                os.environ["SONGNUAN_DATA_DIR"] = before
        return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())

    def killed(self, user: str, *args: str, fault: str) -> None:
        done = self.run(user, *args, fault=fault)
        assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def logged_paths(self, action: str) -> set[str]:
        return {json.loads(after)["path"]
                for (after,) in self.rows("SELECT after_json FROM audit_log WHERE action = ?", action)}

    def parts(self) -> list[Path]:
        """Every temporary or snapshot file anywhere this office writes: what a kill may leave in the clear."""
        places = (self.out, self.db.parent, self.data / "backups")
        return [p for place in places if place.is_dir() for p in place.rglob("*") if ".part" in p.name]

    def sound(self) -> None:
        assert self.rows("PRAGMA integrity_check") == [("ok",)]
        db = open_database(f"sqlite:///{self.db}")
        try:
            report = verify_chain(db)
        finally:
            db.close()
        assert report.ok, report.message


@pytest.fixture
def office(built: Path, tmp_path: Path) -> Iterator[Office]:
    (tmp_path / "office").mkdir()
    shutil.copy(built, tmp_path / "office" / built.name)
    files = built.with_name(f"{built.stem}-files")
    if files.is_dir():
        shutil.copytree(files, tmp_path / "office" / files.name)
    yield Office(tmp_path)


def _finals_logged(office: Office, pattern: str, action: str) -> None:
    """Nothing under a final name without its audit entry."""
    finals = {str(p) for p in office.out.glob(pattern)}
    assert finals <= office.logged_paths(action), finals - office.logged_paths(action)


def _numbers_in(pdf: Path) -> list[str]:
    """The vouchers' own numbers (a 补发 also cites the voided one it replaces: “原凭证 … 已作废”)."""
    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    text = re.sub(r"原凭证\s*\d{4}-[A-Z0-9]+-\d{6}", "", text)
    return sorted(set(re.findall(r"\d{4}-[A-Z0-9]+-\d{6}", text)))


# --- vouchers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("point", POINTS)
def test_vouchers_killed_at_each_point_never_give_a_number_twice(office: Office, point: str) -> None:
    out = office.out / "凭证.pdf"
    before = office.rows("SELECT number FROM vouchers")
    office.killed("jingban", "vouchers", str(out), "--campaign", PRINTED, fault=point)
    numbered = office.rows("SELECT number FROM vouchers")
    assert (len(numbered) == len(before)) == (point == "before_commit")  # committed from after_commit on
    assert out.exists() == (point == "after_rename")
    _finals_logged(office, "*.pdf", "print_vouchers")

    settled = office.next("jingban", "vouchers", str(out), "--campaign", PRINTED)  # the next command
    if point == "before_commit":
        assert settled.returncode == 0, settled.stderr  # nothing was used: the same print, done now
    else:
        assert settled.returncode == 1 and "没有可打印的凭证" in settled.stderr  # all numbered by the killed one
        assert "Traceback" not in settled.stderr
    if point == "after_commit":
        assert "已登记的文件已补放" in settled.stderr  # rolled forward
    assert out.exists() and office.parts() == []
    _finals_logged(office, "*.pdf", "print_vouchers")
    live = {n for (n,) in office.rows("SELECT number FROM vouchers WHERE voided_at IS NULL")}
    assert set(_numbers_in(out)) <= {n for (n,) in office.rows("SELECT number FROM vouchers")}
    assert set(_numbers_in(out)) & live
    _continues_after_the_used_ones(office)
    office.sound()


def _continues_after_the_used_ones(office: Office) -> None:
    """Void one voucher of the campaign and print again: the new number is its series' next, never one used
    (the demo's 金秋助学 was numbered last in the year, so the year's next and the campaign's next agree)."""
    used = office.rows("SELECT year, seq, number FROM vouchers")
    assert len({n for _y, _s, n in used}) == len(used)
    db = open_database(f"sqlite:///{office.db}")
    try:
        clerk = auth.login(db, "jingban", PASSWORD)
        victim = next(v for v in vouchers.vouchers_of(db, clerk, PRINTED) if not v.voided and v.reprint_count == 0
                      and office.rows("SELECT state FROM assistance_items WHERE id = ?", v.item_id.hex)[0][0]
                      == "approved")
        vouchers.void_voucher(db, clerk, victim.id, "金额填写错误，作废重开")
    finally:
        db.close()
    again = office.next("jingban", "vouchers", str(office.out / "重开.pdf"), "--campaign", PRINTED)
    assert again.returncode == 0, again.stderr
    (new,) = _numbers_in(office.out / "重开.pdf")
    year_max = max(s for y, s, _n in used if y == victim.year)
    assert new not in {n for _y, _s, n in used} and new.endswith(f"{year_max + 1:06d}")


def test_a_print_whose_file_is_lost_after_the_commit_names_its_vouchers(office: Office) -> None:
    out = office.out / "凭证.pdf"
    office.killed("jingban", "vouchers", str(out), "--campaign", PRINTED, fault="after_commit")
    for part in office.parts():  # the power cut took the temporary file too
        part.unlink()
    db = open_database(f"sqlite:///{office.db}")
    try:
        lines = publications.recover(db)
        office_id = auth.login(db, "jingban", PASSWORD).office_id
        missing = publications.missing_vouchers(db, office_id)
    finally:
        db.close()
    (line,) = lines
    assert "补打" in line and "作废" in line and "不会再发给别人" in line
    issued = office.rows("SELECT pub.carries_json FROM publications pub WHERE state = 'missing'")
    assert len(issued) == 1 and [m.number for m in missing] and all(m.number in issued[0][0] for m in missing)
    assert not out.exists()
    assert office.rows("SELECT count(*) FROM audit_log WHERE action = 'publication_missing'") == [(1,)]
    reprint = office.next("jingban", "vouchers", str(out), "--campaign", PRINTED, "--reprint")  # 补打
    assert reprint.returncode == 0, reprint.stderr
    db = open_database(f"sqlite:///{office.db}")
    try:
        assert publications.missing_vouchers(db, office_id) == []  # reprinted: no longer missing
    finally:
        db.close()
    office.sound()


def test_the_payouts_screen_names_the_vouchers_whose_paper_is_missing(office: Office, qtbot: Any) -> None:
    from songnuan_desktop.ui.screens.payouts import PayoutsScreen
    from songnuan_desktop.workers.lanes import Lanes

    office.killed("jingban", "vouchers", str(office.out / "凭证.pdf"), "--campaign", PRINTED, fault="after_commit")
    for part in office.parts():
        part.unlink()
    db = open_database(f"sqlite:///{office.db}")
    try:
        publications.recover(db)  # as the window's start-up does
        user = auth.login(db, "caiwu", PASSWORD)
        (first, *_rest) = publications.missing_vouchers(db, user.office_id)
        screen = PayoutsScreen(db, user, Lanes())
        qtbot.addWidget(screen)
        with qtbot.waitSignal(screen.papers_checked, timeout=20_000) as said:
            screen.refresh()
        assert first.number in said.args[0] and "补打" in said.args[0]
        assert said.args[0] in screen.ui.problems.text()
    finally:
        db.close()


# --- the internal roster ----------------------------------------------------------------------------------

@pytest.mark.parametrize("point", POINTS)
def test_internal_roster_killed_at_each_point(office: Office, point: str) -> None:
    out = office.out / "签收表.pdf"
    office.killed("caiwu", "roster", "--campaign", ROSTER, str(out), fault=point)
    logged = office.logged_paths("export_roster")
    assert (str(out) in logged) == (point != "before_commit")
    assert out.exists() == (point == "after_rename")
    _finals_logged(office, "*.pdf", "export_roster")
    if point == "before_commit":
        assert [p.name for p in office.parts()] == [f".签收表.{p}.part" for p in _pids(office.parts())]
    elsewhere = office.root / "elsewhere"  # the next command writes to another folder: the leftover goes all the same
    elsewhere.mkdir()
    settled = office.next("caiwu", "roster", "--campaign", ROSTER, "--public", str(elsewhere / "公开版.pdf"))
    assert settled.returncode == 0, settled.stderr
    assert office.parts() == []  # full ID numbers in a leftover: removed (before) or renamed (after the commit)
    assert out.exists() == (point != "before_commit")
    _finals_logged(office, "*.pdf", "export_roster")
    office.sound()


def test_a_file_written_since_under_the_same_name_is_not_overwritten_by_the_roll_forward(office: Office) -> None:
    out = office.out / "签收表.pdf"
    office.killed("caiwu", "roster", "--campaign", ROSTER, str(out), fault="after_commit")
    out.write_bytes(b"%PDF- a newer roster, saved since")  # e.g. on Windows, where a pid cannot be probed
    db = open_database(f"sqlite:///{office.db}")
    try:
        (line,) = publications.recover(db)
    finally:
        db.close()
    (beside,) = office.out.glob("签收表-补放-*.pdf")
    assert out.read_bytes().startswith(b"%PDF- a newer") and str(beside) in line
    assert len(PdfReader(str(beside)).pages) >= 1 and office.parts() == []
    assert str(beside) in office.logged_paths("publication_rolled_forward")


def _pids(parts: list[Path]) -> list[str]:
    return [p.name.rsplit(".", 2)[1] for p in parts]


# --- the other documents: one kill between commit and rename each ----------------------------------------

def _other_documents(office: Office) -> list[tuple[str, str, list[str]]]:
    """(user, audit action, command) of every other published document, over this demo's rows."""
    (file_no,) = office.rows("SELECT file_no FROM worker_files ORDER BY file_no LIMIT 1")[0]
    (day,) = office.rows("SELECT date FROM visits GROUP BY date ORDER BY count(*) DESC LIMIT 1")[0]
    out = office.out
    return [("caiwu", "export_bank_list", ["bank-list", str(out / "代发.xlsx"), "--campaign", PRINTED]),
            ("jingban", "print_notice", ["notice", str(out / "公示.pdf"), "--campaign", ROSTER]),
            ("jingban", "export_register", ["export-workers", str(out / "登记表.xlsx")]),
            ("jingban", "print_file_sheet", ["print-file", file_no, str(out / "档案表.pdf")]),
            ("jingban", "print_route_sheet", ["visit-sheet", str(out / "走访.pdf"), "--date", str(day)])]


def test_every_other_document_killed_after_its_commit_is_rolled_forward(office: Office) -> None:
    for user, action, command in _other_documents(office):
        final = Path(command[2] if command[0] == "print-file" else command[1])
        office.killed(user, *command, fault="after_commit")
        assert not final.exists() and str(final) in office.logged_paths(action), action  # logged, not yet there
        assert [p for p in office.parts() if p.name.startswith(f".{final.stem}.")], action  # whole, under its temp
    settled = office.next("jingban", "backup", "--list")  # any next command
    assert settled.returncode == 0, settled.stderr
    for _user, action, command in _other_documents(office):
        final = Path(command[2] if command[0] == "print-file" else command[1])
        assert final.is_file() and final.stat().st_size > 0 and str(final) in office.logged_paths(action), action
    assert office.parts() == []
    assert office.rows("SELECT count(*) FROM publications WHERE state = 'rolled_forward'") == [(5,)]
    office.sound()


@pytest.mark.parametrize("point", POINTS)
def test_a_local_backup_killed_at_each_point(office: Office, point: str) -> None:
    folder = office.data / "backups"
    office.killed("admin", "backup", fault=point)
    logged = office.logged_paths("backup")
    assert {str(p) for p in folder.glob("*.db")} <= logged and len(logged) == (point != "before_commit")
    settled = office.next("jingban", "backup", "--list")
    assert settled.returncode == 0, settled.stderr
    assert {str(p) for p in folder.glob("*.db")} == logged and office.parts() == []
    office.sound()


# --- export-package ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("point", POINTS)
def test_export_package_killed_at_each_point_never_reuses_a_sequence(office: Office, point: str) -> None:
    args = ("export-package", "--to", str(office.out), "--passphrase-file", str(office.phrase))
    office.killed("jingban", *args, fault=point)
    sequences = [s for (s,) in office.rows("SELECT sequence FROM exchange_log WHERE direction = 'out'")]
    assert sequences == ([] if point == "before_commit" else [1])
    assert bool(list(office.out.glob("*.snpkg"))) == (point == "after_rename")
    _finals_logged(office, "*.snpkg", "export_package")
    again = office.next("jingban", *args)
    assert again.returncode == 0, again.stderr
    sequences = sorted(s for (s,) in office.rows("SELECT sequence FROM exchange_log WHERE direction = 'out'"))
    assert sequences == ([1] if point == "before_commit" else [1, 2])
    names = sorted(p.name for p in office.out.glob("*.snpkg"))
    assert [re.search(r"-(\d{4})-", n)[1] for n in names] == [f"{s:04d}" for s in sequences]  # type: ignore[index]
    assert office.parts() == []
    _finals_logged(office, "*.snpkg", "export_package")
    office.sound()


# --- the county's export-decisions ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def county_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    env = dict(os.environ, PYTHONPATH=str(ROOT), SONGNUAN_DATA_DIR=str(root / "data"))
    env.pop("SONGNUAN_FAULT_AT", None)
    made = forked.run("-m", "songnuan_desktop", "demo", "--county", "--db", str(root / "office" / "songnuan.db"),
                      "--townships", "2", "--workers", "15", env=env, cwd=ROOT, timeout=300)
    assert made.returncode == 0, made.stderr[-2000:]
    return root


@pytest.mark.parametrize("point", POINTS)
def test_export_decisions_killed_at_each_point_never_reuses_a_township_sequence(county_built: Path, tmp_path: Path,
                                                                                point: str) -> None:
    shutil.copytree(county_built, tmp_path / "c")  # the county's database and data folder (its signing key)
    office = Office(tmp_path / "c", "黄平县报送口令2026")
    args = ("export-decisions", "--to", str(office.out), "--passphrase-file", str(office.phrase))
    office.killed("xianzong", *args, fault=point)  # dies at the first township's package
    written = office.rows("SELECT office_id, sequence FROM exchange_log WHERE direction = 'out'")
    assert len(written) == (0 if point == "before_commit" else 1)
    _finals_logged(office, "*.snpkg", "export_decisions")
    again = office.next("xianzong", *args)
    assert again.returncode == 0, again.stderr
    written = office.rows("SELECT office_id, sequence FROM exchange_log WHERE direction = 'out'")
    assert len(written) == len(set(written)) == (2 if point == "before_commit" else 3)
    assert sorted(s for _o, s in written) == ([1, 1] if point == "before_commit" else [1, 1, 2])
    assert len(list(office.out.glob("*.snpkg"))) == len(written) and office.parts() == []
    _finals_logged(office, "*.snpkg", "export_decisions")
    office.sound()


# --- the encrypted backup ---------------------------------------------------------------------------------

@pytest.mark.parametrize("point", POINTS)
def test_encrypted_backup_killed_at_each_point_leaves_nothing_in_the_clear(office: Office, point: str) -> None:
    args = ("backup", "--to", str(office.out), "--passphrase-file", str(office.phrase))
    office.killed("admin", *args, fault=point)
    assert bool(list(office.out.glob("*.snbak"))) == (point == "after_rename")
    _finals_logged(office, "*.snbak", "backup_encrypted")
    if point == "before_commit":  # the plain snapshot of the database was there when it died
        assert [p for p in office.parts() if "-snbak-" in p.name]
    listed = office.next("admin", "backup", "--list")  # any next command settles and cleans
    assert listed.returncode == 0, listed.stderr
    assert office.parts() == []
    assert bool(list(office.out.glob("*.snbak"))) == (point != "before_commit")
    _finals_logged(office, "*.snbak", "backup_encrypted")
    office.sound()


def test_a_killed_restore_leaves_its_decrypted_copy_only_until_the_next_command(office: Office) -> None:
    left = office.db.parent / ".songnuan-restoring-999999999-x1y2.part"  # no such process: killed
    left.mkdir()
    (left / "payload.zip").write_bytes(b"PK plain personal data")
    done = office.next("admin", "backup", "--list")
    assert done.returncode == 0, done.stderr
    assert not left.exists()


# --- a full disk ------------------------------------------------------------------------------------------

def test_a_full_disk_while_writing_is_a_chinese_message_and_nothing_recorded(
        office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def full(*_args: Any, **_kwargs: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    audit_before = office.rows("SELECT count(*) FROM audit_log WHERE entity != 'users'")
    monkeypatch.setattr(roster, "write_roster", full)
    monkeypatch.setattr(vouchers, "write_vouchers", full)
    monkeypatch.setenv("SONGNUAN_DATA_DIR", str(office.data))
    common = ["--db", str(office.db), "--password-file", str(office.password)]
    assert cli.main(["roster", "--campaign", ROSTER, str(office.out / "签收表.pdf"), "--user", "caiwu", *common]) == 1
    said = capsys.readouterr().err
    assert "已满" in said and "Traceback" not in said
    assert cli.main(["vouchers", str(office.out / "凭证.pdf"), "--campaign", PRINTED, "--user", "jingban",
                     *common]) == 1
    said = capsys.readouterr().err
    assert "已满" in said and "编号未占用" in said and "Traceback" not in said
    assert office.rows("SELECT count(*) FROM audit_log WHERE entity != 'users'") == audit_before
    assert office.rows("SELECT count(*) FROM publications") == [(0,)]
    assert list(office.out.iterdir()) == []
    office.sound()


# --- the free-space estimate ------------------------------------------------------------------------------

def test_a_stick_twice_the_real_size_and_a_megabyte_is_enough(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """The estimate is a measured share of the database (storage.PACKAGE_SHARE, BACKUP_SHARE), not the
    whole file: a package or backup that fits with room to spare is not refused (was: ~7× asked). A township
    of 2,000 files: a 10 MB database."""
    office.db.unlink()
    db = open_database(f"sqlite:///{office.db}", create=True)
    build_demo(db, workers=2000, seed=1)
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setattr(backups, "backups_folder", lambda: office.data / "backups")
    try:
        clerk, admin = auth.login(db, "jingban", PASSWORD), auth.login(db, "admin", PASSWORD)
        package = export_package(db, clerk, office.out, PHRASE).size_bytes
        backup = backup_archive.backup_encrypted(db, office.out, PHRASE, by=admin).size
        database = office.db.stat().st_size
        assert package * 5 < database and backup * 3 < database  # what the whole file asked for
        real = shutil.disk_usage

        def stick_of(room: int) -> Any:
            return lambda where: (shutil._ntuple_diskusage(2**30, 2**30 - room, room)  # type: ignore[attr-defined]
                                  if Path(where) == office.out else real(where))

        monkeypatch.setattr(storage.shutil, "disk_usage", stick_of(2 * package + storage.SLACK))
        export_package(db, clerk, office.out, PHRASE)
        monkeypatch.setattr(storage.shutil, "disk_usage", stick_of(2 * backup + storage.SLACK))
        backup_archive.backup_encrypted(db, office.out, PHRASE, by=admin)
        monkeypatch.setattr(storage.shutil, "disk_usage", stick_of(package // 2))
        with pytest.raises(ValidationFailed, match="空间不足"):
            export_package(db, clerk, office.out, PHRASE)
    finally:
        db.close()
