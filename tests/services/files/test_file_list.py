"""The file list filter and keyset paging, on SQLite and PostgreSQL, over a demo office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, WorkerFile
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.services.audit import audit_log
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.files.file_list import FileFilter
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=150, seed=5)


@pytest.fixture
def clerk(demo: Database):  # type: ignore[no-untyped-def]
    return auth.login(demo, "jingban", "songnuan2026")


def _all(db: Database, user, flt: FileFilter, limit: int = 40) -> list[file_list.FileRow]:  # type: ignore[no-untyped-def]
    rows: list[file_list.FileRow] = []
    after = None
    while True:
        page = file_list.page(db, user, flt, after, limit)
        rows += page
        if len(page) < limit:
            return rows
        after = page[-1].sort_key


def _files(db: Database) -> list[WorkerFile]:
    with db.read() as session:
        return list(session.scalars(select(WorkerFile)))


@pytest.mark.parametrize("sort", ["file_no", "name", "category", "status", "reviewed_date"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_cover_every_file_once_in_order(demo, clerk, sort: str, descending: bool) -> None:  # type: ignore[no-untyped-def]
    rows = _all(demo, clerk, FileFilter(sort=sort, descending=descending))
    assert len(rows) == len({r.id for r in rows}) == 150
    keys = [r.sort_key for r in rows if r.sort_key[0] is not None]
    assert keys == sorted(keys, reverse=descending)


def test_text_finds_by_name_initials_pinyin_id_and_unit(demo, clerk) -> None:  # type: ignore[no-untyped-def]
    files = _files(demo)
    person = files[17]
    for text in (person.name, person.name_initials, person.name_pinyin, person.id_number[-4:],
                 person.id_number.lower(), person.name_initials.upper()):
        found = {r.id for r in _all(demo, clerk, FileFilter(text=text))}
        assert person.id in found, text
    expected = {f.id for f in files if person.name[0] in f.name}
    assert expected <= {r.id for r in _all(demo, clerk, FileFilter(text=person.name[0]))}
    assert _all(demo, clerk, FileFilter(text="没有这个人")) == []


def test_filters_and_masking(demo, clerk) -> None:  # type: ignore[no-untyped-def]
    files = _files(demo)
    deep = {f.id for f in files if f.category == "深度困难"}
    assert {r.id for r in _all(demo, clerk, FileFilter(category="深度困难"))} == deep
    year_ago = dt.date.today() - dt.timedelta(days=365)
    stale = {f.id for f in files if f.reviewed_date is None or f.reviewed_date < year_ago}
    assert {r.id for r in _all(demo, clerk, FileFilter(not_reviewed_for_a_year=True))} == stale
    with demo.read() as session:
        helped = set(session.scalars(select(AssistanceItem.worker_file_id)
                                     .where(AssistanceItem.state.in_(("paid", "sampled")))))
    never = {r.id for r in _all(demo, clerk, FileFilter(never_assisted=True))}
    assert never == {f.id for f in files} - helped and helped
    assert "*" in file_list.page(demo, clerk, FileFilter(), limit=1)[0].id_number  # masked until asked
    file_list.show_full_numbers(demo, clerk, FileFilter(text="王"))
    entry = audit_log.recent(demo, 1)[0]
    assert (entry.username, entry.action) == ("jingban", "list_full_numbers") and "王" in entry.after_json
    full = file_list.page(demo, clerk, FileFilter(), limit=1, full_numbers=True)[0]
    admin = auth.login(demo, "admin", "songnuan2026")  # an administrator need not see identity numbers
    with pytest.raises(PermissionDenied):
        file_list.show_full_numbers(demo, admin, FileFilter())
    masked = file_list.page(demo, admin, FileFilter(), limit=1, full_numbers=True)[0]
    assert len(full.id_number) == 18 and "*" not in full.id_number
    assert masked.id_number == full.id_number[:6] + "********" + full.id_number[-4:]
    assert "*" in masked.bank_card and masked.bank_card.endswith(full.bank_card[-4:])


def test_like_wildcards_in_the_text_are_plain_characters(demo, clerk) -> None:  # type: ignore[no-untyped-def]
    assert _all(demo, clerk, FileFilter(text="%")) == []
    assert _all(demo, clerk, FileFilter(text="_")) == []
