"""UI tests drive the real widgets (pytest-qt) over a real SQLite office."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from songnuan_desktop.ui import assets

# The test set-up compiles the forms and translations, as packaging/build_assets.py does.
assets.ensure_built()

from songnuan_desktop.domain.roles import Role  # noqa: E402
from songnuan_desktop.persistence.database import Database  # noqa: E402
from songnuan_desktop.services.access import users  # noqa: E402
from songnuan_desktop.services.office.session_user import SessionUser  # noqa: E402

CLERK_PASSWORD = "Jingban2024"


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["songnuan-tests"]


@pytest.fixture(autouse=True)
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui import i18n

    translators = i18n.install(qapp, "zh_CN")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture
def ui_db(sqlite_db: Database, setup_data) -> Database:  # type: ignore[no-untyped-def]
    """A SQLite office after the setup wizard with `setup_data` (sqlite_db copies it so for a test asking
    for this fixture: tests/conftest.py)."""
    return sqlite_db


@pytest.fixture
def ui_admin(ui_db: Database, setup_data) -> SessionUser:  # type: ignore[no-untyped-def]
    from songnuan_desktop.services.access import auth

    return auth.login(ui_db, setup_data.admin_username, setup_data.admin_password)


@pytest.fixture
def ui_clerk(ui_db: Database, ui_admin: SessionUser) -> SessionUser:
    from songnuan_desktop.services.access import auth

    users.create_user(ui_db, ui_admin, "jingban", "李经办", CLERK_PASSWORD, frozenset({Role.CLERK}))
    return auth.login(ui_db, "jingban", CLERK_PASSWORD)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A form a test leaves with unsaved input would ask 保存 / 放弃 / 取消 when pytest-qt closes it after the
    test (a modal box nobody answers): the test is over, so its input is let go without asking. The outermost
    wrapper, so it runs before pytest-qt's own teardown wrapper closes the widgets."""
    from PySide6.QtWidgets import QApplication

    from songnuan_desktop.ui.dialogs.file_form import FileForm

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, FileForm):
            widget.clean = None
    return (yield)
