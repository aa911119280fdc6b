"""persistence.bulk_keys on PostgreSQL: rows inserted without the foreign keys' triggers, then checked per
table as the triggers would — the same refusal in the same words, keys with a NULL skipped (MATCH SIMPLE),
the parent rows of others locked FOR KEY SHARE until the commit — and no shortcut where a user trigger
would be skipped too or on SQLite."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from songnuan_desktop.persistence.bulk_keys import KeyChecks

A, B = uuid.uuid4(), uuid.uuid4()  # two offices: A's rows were there before, B's go in now
SCHEMA = """
CREATE TABLE parent (id uuid PRIMARY KEY, origin_office_id uuid NOT NULL);
CREATE TABLE child (id uuid PRIMARY KEY, origin_office_id uuid NOT NULL,
                    parent_id uuid CONSTRAINT fk_child_parent_id_parent REFERENCES parent (id),
                    other_id uuid CONSTRAINT fk_child_other_id_parent REFERENCES parent (id));
"""


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(SCHEMA)
    yield engine
    engine.dispose()


def _add(conn: Connection, table: str, **values: object) -> None:
    names = ", ".join(values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in values)})"), values)


def _role(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SHOW session_replication_role").scalar())


def test_a_missing_parent_is_refused_in_postgresqls_own_words(engine: Engine) -> None:
    theirs = uuid.uuid4()
    with engine.begin() as conn:
        _add(conn, "parent", id=theirs, origin_office_id=A)
    with engine.connect() as conn, conn.begin():
        keys = KeyChecks.open(conn, ["child", "parent"], "origin_office_id")
        assert keys is not None  # the test server's role may set session_replication_role
        mine = uuid.uuid4()
        with keys.unchecked():
            assert _role(conn) == "replica"
            _add(conn, "parent", id=mine, origin_office_id=B)
            _add(conn, "child", id=uuid.uuid4(), origin_office_id=B, parent_id=mine, other_id=theirs)
            _add(conn, "child", id=uuid.uuid4(), origin_office_id=B, parent_id=None, other_id=None)  # MATCH SIMPLE
        assert _role(conn) == "origin"
        assert keys.check("child", "origin_office_id", B) is None
        with keys.unchecked():
            _add(conn, "child", id=uuid.uuid4(), origin_office_id=B, parent_id=mine, other_id=uuid.uuid4())
        broken = keys.check("child", "origin_office_id", B)
        with pytest.raises(DBAPIError) as caught, conn.begin_nested():  # the trigger's refusal of the same row
            _add(conn, "child", id=uuid.uuid4(), origin_office_id=B, parent_id=mine, other_id=uuid.uuid4())
        assert broken == str(caught.value.orig).splitlines()[0]
        assert broken == 'insert or update on table "child" violates foreign key constraint "fk_child_other_id_parent"'


def test_the_parent_rows_of_others_stay_locked_until_the_commit(engine: Engine) -> None:
    theirs, unused = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as conn:
        _add(conn, "parent", id=theirs, origin_office_id=A)
        _add(conn, "parent", id=unused, origin_office_id=A)
    with engine.connect() as conn, conn.begin(), engine.connect() as other:
        keys = KeyChecks.open(conn, ["child"], "origin_office_id")
        assert keys is not None
        with keys.unchecked():
            _add(conn, "child", id=uuid.uuid4(), origin_office_id=B, parent_id=theirs, other_id=None)
        assert keys.check("child", "origin_office_id", B) is None
        with other.begin():  # the row the new child points at cannot be deleted under it, as with the trigger
            with pytest.raises(OperationalError, match="could not obtain lock"):
                other.exec_driver_sql(f"SELECT 1 FROM parent WHERE id = '{theirs}' FOR UPDATE NOWAIT")
        with other.begin():
            assert other.exec_driver_sql(f"SELECT 1 FROM parent WHERE id = '{unused}' FOR UPDATE NOWAIT").all()


def test_no_shortcut_where_a_user_trigger_would_be_skipped_too(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$")
        conn.exec_driver_sql("CREATE TRIGGER child_noop BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION noop()")
    with engine.connect() as conn, conn.begin():
        assert KeyChecks.open(conn, ["parent"], "origin_office_id") is not None
        assert KeyChecks.open(conn, ["parent", "child"], "origin_office_id") is None


def test_none_on_sqlite(tmp_path: object) -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        assert KeyChecks.open(conn, ["anything"], "origin_office_id") is None
