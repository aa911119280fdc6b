"""`songnuan export-package`: a signed-in clerk writes a verified package; refusals exit 1 in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import OpenedPackage
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo_file(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[Path]:
    path = demo_offices.file(tmp_path / "demo.db", workers=10, seed=2)
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield path


def _files(tmp_path: Path, password: str) -> tuple[Path, Path]:
    phrase, secret = tmp_path / "口令.txt", tmp_path / "pw.txt"
    phrase.write_text("县里给的口令\n", encoding="utf-8")
    secret.write_text(password + "\n", encoding="utf-8")
    return phrase, secret


def test_export_package(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phrase, secret = _files(tmp_path, "songnuan2026")
    stick = tmp_path / "stick"
    stick.mkdir()
    assert cli.main(["export-package", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(phrase),
                     "--user", "jingban", "--password-file", str(secret)]) == 0
    out = capsys.readouterr().out
    (package,) = stick.iterdir()
    assert "第 1 号" in out and str(package) in out
    with OpenedPackage(package, "县里给的口令") as opened:
        assert opened.manifest.row_counts["worker_files"] == 10


def test_export_package_refusals(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phrase, secret = _files(tmp_path, "wrong-one1")
    args = ["export-package", "--db", str(demo_file), "--to", str(tmp_path / "stick"), "--passphrase-file",
            str(phrase), "--user", "jingban", "--password-file", str(secret)]
    assert cli.main(args) == 1
    assert "错误" in capsys.readouterr().err
    _files(tmp_path, "songnuan2026")
    assert cli.main(args) == 1  # the folder does not exist: said before anything is done
    err = capsys.readouterr().err
    assert "stick" in err and "不存在" in err and "U盘" in err
