"""File dialogs start in the folder last used for the same purpose (issue 13: always the home folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from songnuan_desktop.ui.widgets import file_dialogs


class Asked:
    """The start folders the (replaced) Qt dialogs were opened in; the user 'chooses' `answer`."""

    def __init__(self) -> None:
        self.starts: list[str] = []
        self.answer = ""

    def one(self, _parent, _caption, start, *_rest):  # type: ignore[no-untyped-def]
        self.starts.append(start)
        return self.answer, ""

    def many(self, _parent, _caption, start, *_rest):  # type: ignore[no-untyped-def]
        self.starts.append(start)
        return ([self.answer] if self.answer else []), ""

    def folder(self, _parent, _caption, start, *_rest):  # type: ignore[no-untyped-def]
        self.starts.append(start)
        return self.answer


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    asked = Asked()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", asked.one)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", asked.one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", asked.many)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", asked.folder)
    return asked


def test_each_purpose_starts_where_it_was_last_used(asked: Asked, tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    papers = tmp_path / "公示"
    stick.mkdir()
    papers.mkdir()
    asked.answer = str(stick)
    assert file_dialogs.choose_folder(None, "test-package", "x") == stick
    asked.answer = str(papers / "公示.pdf")
    assert file_dialogs.save_file(None, "test-notice", "x", "PDF (*.pdf)", "公示.pdf") == papers / "公示.pdf"
    asked.answer = ""  # cancelled: nothing remembered, None returned
    assert file_dialogs.open_file(None, "test-package", "x", "*.zip") is None
    assert file_dialogs.save_file(None, "test-notice", "x", "PDF (*.pdf)", "第二份.pdf") is None
    assert file_dialogs.open_files(None, "test-fresh", "x", "*.zip") == []
    assert asked.starts[2:] == [str(stick), str(papers / "第二份.pdf"), str(Path.home())]


def test_a_vanished_folder_falls_back(asked: Asked, tmp_path: Path) -> None:
    gone = tmp_path / "拔掉的U盘"
    gone.mkdir()
    asked.answer = str(gone / "a.xlsx")
    file_dialogs.open_file(None, "test-gone", "x", "*.xlsx")
    gone.rmdir()
    asked.answer = ""
    file_dialogs.save_file(None, "test-gone", "x", "*.xlsx", tmp_path / "名册.xlsx")
    assert asked.starts[-1] == str(tmp_path / "名册.xlsx")
