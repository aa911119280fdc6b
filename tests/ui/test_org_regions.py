"""The region rule in the windows (issue 13): the setup wizard says where its 低保线 is kept and keeps it there,
so a file of the county code is judged; the 低保线 dialog says whom a code's line serves."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from songnuan_desktop.domain.eligibility import DEEP
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import DibaoLine
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.dibao_dialog import DibaoDialog
from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard
from songnuan_desktop.workers.lanes import Lanes
from tests.services.files.test_eligibility import make_file
from tests.ui.helpers import settled, type_into


def test_a_township_set_up_in_the_wizard_judges_a_file_of_its_county(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(sqlite_db)
    qtbot.addWidget(wizard)
    wizard.show()
    ui = wizard.ui
    type_into(qtbot, ui.officeName, "谷陇镇总工会")
    type_into(qtbot, ui.regionCode, "522622103")
    assert "县级代码 522622 下" in ui.regionHint.text()
    type_into(qtbot, ui.regionName, "黄平县")
    wizard.next()
    for widget, text in ((ui.displayName, "王芳"), (ui.username, "admin"), (ui.password, "abc12345"),
                         (ui.confirm, "abc12345")):
        type_into(qtbot, widget, text)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with sqlite_db.read() as session:
        assert set(session.scalars(select(DibaoLine.region_code))) == {"522622"}
    admin = auth.login(sqlite_db, "admin", "abc12345")
    assert judge_file(sqlite_db, make_file(sqlite_db, admin, region_code="522622")).category == DEEP


def test_the_dibao_dialog_says_whom_a_line_serves(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    dialog = DibaoDialog(ui_db, ui_admin, Lanes(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.ui.regionCode, "522622103")
    assert "522622103 → 522622 → 522600 → 520000" in dialog.ui.error.text()
    type_into(qtbot, dialog.ui.regionCode, "52262")
    assert dialog.ui.error.text() == ""


def test_the_form_refuses_a_malformed_region_code_on_its_tab(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.file_form import FileForm
    from songnuan_desktop.workers.lanes import Lanes

    form = FileForm(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(form)
    form.show()
    settled(qtbot, form)  # the unions and units offered, read on the database lane
    type_into(qtbot, form.ui.name, "张三")
    type_into(qtbot, form.ui.idNumber, "522622198001010018")
    type_into(qtbot, form.ui.regionCode, "5226")
    form.ui.category.setCurrentIndex(form.ui.category.findData("深度困难"))
    form.ui.mainCause.setCurrentIndex(form.ui.mainCause.findText("下岗失业"))
    form.ui.tabs.setCurrentWidget(form.ui.causesTab)
    form.accept()
    settled(qtbot, form)  # refused by the service on the database lane
    assert form.detail is None and "行政区划代码" in form.ui.error.text()
    assert form.ui.tabs.currentWidget() is form.ui.personTab
