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


def test_qt_own_dialog_only_where_the_system_speaks_another_language(  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """A Chinese Windows shows its own (Chinese) dialog; an English one would not: Qt's, translated, instead."""
    from PySide6.QtCore import QLocale

    options: list[QFileDialog.Option] = []

    def cancelled(_parent, _caption, _start, _filters, _selected, opts):  # type: ignore[no-untyped-def]
        options.append(opts)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", cancelled)
    for system in (QLocale.Language.Chinese, QLocale.Language.English):
        monkeypatch.setattr(QLocale, "system", staticmethod(lambda s=system: QLocale(s)))
        file_dialogs.open_file(None, "test-native", "选择", "*.xlsx")
    native, own = options
    assert not native & QFileDialog.Option.DontUseNativeDialog
    assert own & QFileDialog.Option.DontUseNativeDialog
