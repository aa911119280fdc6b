"""songnuan_desktop.storage, the one way to write a file safely: whole or not at all, no temporary file left,
the folder synced, failures in Chinese words; the stick sequence; the copy hashed on the way."""

from __future__ import annotations

import errno
import hashlib
import os
import tomllib
from pathlib import Path

import pytest

from songnuan_desktop import storage
from songnuan_desktop.domain.errors import DomainError, ValidationFailed


class Boom(Exception):
    pass


def test_storage_sits_below_the_papers_the_format_and_persistence() -> None:
    """documents/, exchange/ and persistence/ call it, so it may lean on the domain only: import-linter's layers
    contract holds it there (tests/test_architecture.py runs it); this says the contract names it."""
    contracts = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in contracts["tool"]["importlinter"]["contracts"] if c["id"] == "layers")["layers"]
    assert layers.index("songnuan_desktop.storage") == layers.index("songnuan_desktop.config") - 1
    assert "songnuan_desktop.persistence" in layers[layers.index("songnuan_desktop.storage") - 1]


def test_replacing_puts_the_whole_file_in_place_and_syncs_the_folder(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real = storage.fsync_dir
    monkeypatch.setattr(storage, "fsync_dir", lambda folder: (synced.append(folder), real(folder)))
    out = tmp_path / "名单.pdf"
    with storage.replacing(out) as temp:
        assert temp.parent == tmp_path and temp.name.endswith(".part") and temp.name.startswith("名单.pdf.")
        assert not out.exists()
        temp.write_bytes(b"whole")
    assert out.read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == ["名单.pdf"]
    assert synced == [tmp_path]


def test_a_failure_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(Boom), storage.replacing(out) as temp:
        temp.write_bytes(b"half")
        raise Boom
    with pytest.raises(Boom), storage.writing(out) as stream:
        stream.write(b"half")
        raise Boom
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.xlsx"]


def test_a_failing_rename_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(storage.os, "replace", refuse)
    with pytest.raises(PermissionError), storage.writing(tmp_path / "a.json", "w", encoding="utf-8") as out:
        out.write("{}")
    assert list(tmp_path.iterdir()) == []


def test_writing_streams_text_and_bytes(tmp_path: Path) -> None:
    marks = tmp_path / "marks.json"
    with storage.writing(marks, "w", encoding="utf-8", temp=storage.part_name(marks)) as out:
        assert storage.part_name(marks).is_file() and not marks.exists()
        out.write("送暖")
    assert marks.read_text(encoding="utf-8") == "送暖" and [p.name for p in tmp_path.iterdir()] == ["marks.json"]


def test_replacement_in_two_steps(tmp_path: Path) -> None:
    """A writer that opens in one method and closes in another (xlsx_stream.SheetWriter)."""
    kept = storage.Replacement(tmp_path / "a.xlsx")
    kept.temp.write_bytes(b"12345")
    assert kept.commit() == 5 and (tmp_path / "a.xlsx").read_bytes() == b"12345"
    dropped = storage.Replacement(tmp_path / "b.xlsx")
    dropped.discard()
    dropped.discard()  # twice is harmless
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_hash_copy_keeps_one_copy_at_its_address(tmp_path: Path) -> None:
    source = tmp_path / "scan.JPG"
    source.write_bytes(b"x" * (storage.CHUNK + 7))
    store = tmp_path / "store"

    def place(sha: str) -> Path:
        return store / sha[:2] / f"{sha}.jpg"

    sha, size, where = storage.hash_copy(source, store, place)
    assert sha == hashlib.sha256(source.read_bytes()).hexdigest() and size == storage.CHUNK + 7
    assert where == place(sha) and where.read_bytes() == source.read_bytes()
    assert storage.hash_copy(source, store, place) == (sha, size, where)  # the same scan again: kept once
    assert sorted(p.relative_to(store).as_posix() for p in store.rglob("*")) == [sha[:2], f"{sha[:2]}/{sha}.jpg"]


def test_hash_copy_removes_its_copy_on_a_failure(tmp_path: Path) -> None:
    source = tmp_path / "scan.png"
    source.write_bytes(b"png")

    def place(_sha: str) -> Path:
        raise Boom

    with pytest.raises(Boom):
        storage.hash_copy(source, tmp_path / "store", place)
    assert list((tmp_path / "store").iterdir()) == []


def test_the_stick_sequence_writes_syncs_reads_back_and_hashes(tmp_path: Path) -> None:
    temp = storage.part_name(tmp_path / "报送包-1.snpkg")
    assert temp.name == f".报送包-1.{os.getpid()}.part"
    seen: list[tuple[bytes, str]] = []
    written, sha, size = storage.write_on_stick(temp, lambda out: out.write(b"package") and "manifest",
                                                lambda path, what: seen.append((path.read_bytes(), what)))
    assert (written, size) == ("manifest", 7) and sha == hashlib.sha256(b"package").hexdigest()
    assert seen == [(b"package", "manifest")]
    with pytest.raises(FileExistsError):  # never over a file of someone else
        storage.write_on_stick(temp, lambda out: None, lambda path, what: None)


def test_the_stick_folder_and_its_space_are_checked_in_words(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert storage.stick_folder(str(tmp_path)) == tmp_path
    with pytest.raises(ValidationFailed, match="保存位置不存在.*请插好U盘"):
        storage.stick_folder(tmp_path / "没插")
    monkeypatch.setattr(storage.shutil, "disk_usage", lambda _p: storage.shutil._ntuple_diskusage(9, 9, 2**20))
    with pytest.raises(ValidationFailed, match="目标位置空间不足：约需 3 MB，只剩 1 MB。请换一个U盘或先腾出空间。"):
        storage.check_space(tmp_path, 3 * 2**20)
    storage.check_space(tmp_path, 2**20)


@pytest.mark.parametrize(("code", "said"), [
    (errno.ENOSPC, "磁盘或U盘已满（/media/stick），没有写完。"),
    (errno.EROFS, "不能写入“/media/stick/a.snpkg”：它或所在文件夹“/media/stick”是只读的"),
    (errno.ENOENT, "找不到文件“/media/stick/a.snpkg”。请检查路径和文件名（U盘是否已插好）后再试。"),
    (errno.EIO, "读写磁盘或U盘时出错（U盘可能已拔出或已损坏）"),
])
def test_failures_are_worded_by_their_kind(code: int, said: str) -> None:
    error = storage.stick_error(OSError(code, "English", "/media/stick/a.snpkg"), Path("/media/stick/a.snpkg"),
                                "没有留下报送包。")
    assert isinstance(error, DomainError) and error.code == "write_failed"
    assert said in error.message and error.message.endswith("没有留下报送包。") and "English" not in error.message


def test_a_file_open_in_another_program_is_named_so() -> None:
    """Windows refuses to replace a file Excel holds open (ERROR_SHARING_VIOLATION): not a read-only disk."""
    locked = PermissionError(errno.EACCES, "The process cannot access the file", r"D:\名单.xlsx")
    locked.winerror = 32  # type: ignore[misc]  # set by Windows only
    assert storage.os_words(locked) == "“D:\\名单.xlsx”正被另一个程序（如 Excel、WPS）打开，不能写入。请关闭它后再试。"
    assert "只读" in (storage.os_words(PermissionError(errno.EACCES, "x", "/a/b")) or "")


def test_words_mask_long_numbers_in_a_path() -> None:
    said = storage.os_words(OSError(errno.ENOENT, "x", "/tmp/13812345678.pdf")) or ""
    assert "13812345678" not in said and "138******78" in said


def test_stale_parts_of_dead_writers_go(tmp_path: Path) -> None:
    dead = tmp_path / ".报送包.999999999.part"
    mine = storage.part_name(tmp_path / "x.snpkg")
    other = tmp_path / "笔记.part"
    for path in (dead, mine, other):
        path.write_bytes(b"")
    assert storage.remove_stale_parts(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


def test_a_paper_is_saved_only_into_a_folder_that_is_there(tmp_path: Path) -> None:
    """One check for every paper and workbook (vouchers, roster, bank list, 档案表, key sheet, reports, register):
    a missing folder is refused in words naming it, before anything is read or written."""
    assert storage.export_path(str(tmp_path / "凭证.pdf")) == tmp_path / "凭证.pdf"
    with pytest.raises(ValidationFailed) as refused:
        storage.export_path(tmp_path / "没有这个文件夹" / "凭证.pdf")
    assert refused.value.code == "export_folder"
    assert "保存位置不存在" in refused.value.message and "没有这个文件夹" in refused.value.message
    assert list(tmp_path.iterdir()) == []
