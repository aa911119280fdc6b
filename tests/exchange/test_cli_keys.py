"""`songnuan key-sheet` and `songnuan register-key`: a township prints its sheet, the county registers the
key from it (or from the first package, confirmed by its first groups) and the merge takes the package in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from pypdf import PdfReader

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo import county as demo_county
from songnuan_desktop.services.office.key_register import registered_keys
from songnuan_desktop.services.office.keys import office_key
from songnuan_desktop.services.exchange.package_export import export_package
from tests.demo_offices import DemoOffices

PASS = "县里给的口令"
PASSWORD = "songnuan2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def files(tmp_path: Path, demo_offices: DemoOffices) -> dict[str, Path]:
    """A township (build_demo(workers=10, seed=31)) with its first package, and set_up_county's county: copies
    of the run's builds."""
    name, region = demo_county.township_name(0)
    built = demo_offices.file(tmp_path / "town.db", workers=10, seed=31, office_name=name, region_code=region)
    township = open_database(f"sqlite:///{built}")
    (tmp_path / "stick").mkdir()
    package = export_package(township, auth.login(township, "jingban", PASSWORD), tmp_path / "stick", PASS).path
    township.close()
    demo_offices.county_office_file(tmp_path / "county.db")
    (tmp_path / "pw.txt").write_text(PASSWORD, encoding="utf-8")
    (tmp_path / "pass.txt").write_text(PASS, encoding="utf-8")
    return {"town": tmp_path / "town.db", "county": tmp_path / "county.db", "package": package,
            "pw": tmp_path / "pw.txt", "pass": tmp_path / "pass.txt", "root": tmp_path}


def _sign_in(files: dict[str, Path], user: str) -> list[str]:
    return ["--user", user, "--password-file", str(files["pw"])]


def _fingerprint(out: str) -> str:
    return out.strip().split("公钥指纹 ")[-1].rstrip("。")


def test_sheet_then_registration_then_merge(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    sheet = files["root"] / "密钥登记表.pdf"
    assert cli.main(["key-sheet", str(sheet), "--db", str(files["town"]), *_sign_in(files, "admin")]) == 0
    fingerprint = _fingerprint(capsys.readouterr().out)
    text = PdfReader(sheet).pages[0].extract_text()
    assert len(fingerprint) == 79 and all(group in text for group in fingerprint.split("-"))
    merge = ["merge", str(files["package"]), "--db", str(files["county"]), "--passphrase-file", str(files["pass"]),
             *_sign_in(files, "xianzong")]
    assert cli.main(merge) == 1
    assert "没有登记" in capsys.readouterr().err
    name = demo_county.township_name(0)[0]
    assert cli.main(["register-key", "--office", name, "--fingerprint", fingerprint.lower(), "--db",
                     str(files["county"]), *_sign_in(files, "xianzong")]) == 0
    assert fingerprint in capsys.readouterr().out
    assert cli.main(merge) == 0


def test_registration_from_the_first_package(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    town = open_database(f"sqlite:///{files['town']}")
    key = office_key(town)
    town.close()
    assert key is not None
    base = ["register-key", "--package", str(files["package"]), "--passphrase-file", str(files["pass"]),
            "--db", str(files["county"]), *_sign_in(files, "xianzong")]
    assert cli.main([*base, "--confirm", "0000-0000-0000-0000"]) == 1
    err = capsys.readouterr().err
    assert "不符" in err and "Traceback" not in err
    assert cli.main(base) == 1 and "--confirm" in capsys.readouterr().err
    assert cli.main([*base, "--confirm", key.fingerprint[:19]]) == 0
    county = open_database(f"sqlite:///{files['county']}")
    try:
        [registered] = registered_keys(county)
        assert registered.fingerprint == key.fingerprint and registered.source == "package"
    finally:
        county.close()
