"""No English where a clerk reads (issue 13, item 7): every screen of the main window, every dialog that
can be built, and Qt's own dialogs (file, message, print), walked widget by widget — texts, titles,
tooltips, placeholders, combo items, table headers and cells, file filters. Product names and units
(PDF, Excel, USB …) are allowed (tests/ui/visible_text.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from PySide6.QtWidgets import QApplication, QWidget

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import User
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.main_window import MainWindow
from tests.ui.helpers import settled
from tests.ui.visible_text import english, english_words
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("no-english") / "demo.db", workers=30, seed=5)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def _logins(db: Database) -> frozenset[str]:
    """Login names are data the office typed (Latin letters by custom), not English to translate."""
    with db.read() as session:
        return frozenset(session.scalars(select(User.username)))


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.lanes.wait()
    qtbot.wait(50)
    window.lanes.wait()


@pytest.mark.parametrize("username", ["admin", "jingban"])
def test_every_screen_of_the_main_window_reads_chinese(qtbot, office: Database, username: str) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(office, auth.login(office, username, PASSWORD))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    logins = _logins(office)
    found: list[str] = []
    for row in range(window.ui.navigation.count()):
        window.ui.navigation.setCurrentRow(row)
        _settle(qtbot, window)
        screen: QWidget = window.ui.screens.currentWidget()
        found += english(screen, logins)
    found += english(window, logins)
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))


# ---- dialogs -----------------------------------------------------------------------------------------

def _dialogs(db: Database, tmp_path: Path) -> Iterator[QWidget]:
    """Every dialog of ui/dialogs that can be built from the demo office (new and existing records)."""
    from songnuan_desktop.persistence.models import Campaign, WorkerFile
    from songnuan_desktop.services.campaigns import approval_queue
    from songnuan_desktop.services.office import organisation, settings
    from songnuan_desktop.services.access import users
    from songnuan_desktop.services import visits
    from songnuan_desktop.ui.dialogs import (
        approval_dialogs, backup_passphrase_dialog, campaign_dialog, county_dialogs, dibao_dialog,
        file_exit_dialog, file_form, goods_dialog, import_wizard, login, notice_dialogs, org_dialog, password_dialog,
        payout_dialogs,
        proposal_dialogs, restore_dialog, setup_wizard, user_dialog, visit_dialogs, voucher_check_dialog,
    )
    from songnuan_desktop.workers.lanes import Lanes

    admin = auth.login(db, "admin", PASSWORD)
    clerk = auth.login(db, "jingban", PASSWORD)
    reviewer = auth.login(db, "shenhe", PASSWORD)
    lanes = Lanes()
    with db.read() as session:
        file_id = session.scalars(select(WorkerFile.id).order_by(WorkerFile.file_no)).first()
        campaign_id = session.scalars(select(Campaign.id).order_by(Campaign.code)).first()
    assert file_id is not None and campaign_id is not None
    groups = visits.groups(db, clerk.office_id)
    yield file_form.FileForm(db, clerk, lanes)
    yield file_form.FileForm(db, clerk, lanes, file_id)
    yield file_exit_dialog.FileExitDialog(db, clerk, lanes, file_id)
    yield campaign_dialog.CampaignDialog(db, clerk, lanes)
    yield campaign_dialog.CampaignDialog(db, clerk, lanes, campaign_id)
    yield goods_dialog.GoodsDialog(db, clerk, lanes, campaign_id, "活动")  # 慰问品 (issue 16 item 3)
    yield import_wizard.ImportWizard(db, clerk, lanes)
    yield proposal_dialogs.FilePickerDialog(db, clerk, lanes, campaign_id)
    yield visit_dialogs.VisitDialog(db, clerk, lanes, groups, [(campaign_id, "送温暖")])
    yield payout_dialogs.RosterDialog(clerk)
    yield voucher_check_dialog.VoucherCheckDialog(db, clerk, lanes)
    yield approval_dialogs.ReasonDialog("退回", "请写明退回的理由：")
    yield county_dialogs.FlagDialog("张三", "details_differ", "")
    planned = visits.visits_between(db, clerk, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    assert planned, "the demo office has visits"
    yield visit_dialogs.OutcomeDialog(db, clerk, lanes, planned[0])
    yield county_dialogs.PassphraseDialog(3)
    yield county_dialogs.PassphraseDialog(3, decisions_to="黄平县旧州镇总工会")
    yield backup_passphrase_dialog.BackupPassphraseDialog(True, "U盘")
    yield backup_passphrase_dialog.BackupPassphraseDialog(False, "U盘")
    yield login.LoginDialog(db, lanes, "旧州镇总工会")
    yield login.LockDialog(db, lanes, clerk, "旧州镇总工会")
    yield password_dialog.PasswordDialog(db, clerk, lanes)
    yield user_dialog.UserDialog(db, admin, lanes)
    yield user_dialog.UserDialog(db, admin, lanes, users.list_users(db, admin.office_id)[0])
    lines = settings.dibao_lines(db, admin.office_id)
    yield dibao_dialog.DibaoDialog(db, admin, lanes, lines[0] if lines else None)
    target = next(u for u in users.list_users(db, admin.office_id) if u.username == "jingban")
    yield user_dialog.ResetPasswordDialog(db, admin, lanes, target)
    for kind in ("union", "unit", "village"):
        yield org_dialog.OrgDialog(db, clerk, lanes, kind)
        kept = organisation.list_units(db, clerk.office_id, kind)
        if kept:
            yield org_dialog.OrgDialog(db, clerk, lanes, kind, kept[0])
    yield org_dialog.OrgMergeDialog(db, clerk, lanes, organisation.list_units(db, clerk.office_id, "unit")[0])
    yield restore_dialog.RestoreDialog(tmp_path / "songnuan.db", "数据库文件损坏。", tmp_path)
    yield setup_wizard.SetupWizard(db)
    items = [item for group in approval_queue.queue(db, reviewer) for item in group.items]
    assert items, "the demo office has items waiting for the reviewer"
    yield notice_dialogs.ObjectionDialog(db, reviewer, lanes, items[0], False)
    yield notice_dialogs.NoticeDialog(db, reviewer, lanes, items[0].campaign_id, items[:3], 5)
    yield from _result_dialogs(db, admin, clerk, reviewer, [item.item_id for item in items], campaign_id, tmp_path)


def _result_dialogs(db: Database, admin: SessionUser, clerk: SessionUser, reviewer: SessionUser,
                    waiting: list[uuid.UUID], campaign_id: uuid.UUID, tmp_path: Path) -> Iterator[QWidget]:
    """Dialogs that show what an action did, built from that action done for real on the demo copy."""
    from songnuan_desktop.domain.errors import BatchRefused
    from songnuan_desktop.domain.states import ItemState
    from songnuan_desktop.services.office import keys
    from songnuan_desktop.services.campaigns import recommend, transitions
    from songnuan_desktop.ui.dialogs import approval_dialogs, pdf_preview, proposal_dialogs

    with pytest.raises(BatchRefused) as refused:  # not paid, so not to be spot-checked: each refused, with reasons
        transitions.transition(db, reviewer, waiting[:3], ItemState.SAMPLED)
    yield approval_dialogs.RefusalDialog(refused.value)
    yield proposal_dialogs.ProposalResultDialog(recommend.recommend(db, clerk, campaign_id))
    sheet = tmp_path / "密钥登记表.pdf"
    keys.export_key_sheet(db, admin, sheet)
    yield pdf_preview.PdfPreviewDialog(sheet, "密钥登记表")


# Dialogs that show the result of an action (a refused batch, a merge report, a written PDF …): not yet
# walked here — building their inputs by hand would test a made-up result. Listed so a new dialog fails.
NOT_BUILT_HERE = {
    "MergeResultDialog", "FinalListDialog", "DecisionsSentDialog",
    "ItemChangeDialog", "MarkPaidDialog", "SpotCheckDialog",
}


def _dialog_classes() -> set[str]:
    import importlib
    import inspect
    import pkgutil

    from PySide6.QtWidgets import QDialog

    from songnuan_desktop.ui import dialogs

    names = set()
    for info in pkgutil.iter_modules(dialogs.__path__):
        module = importlib.import_module(f"{dialogs.__name__}.{info.name}")
        names |= {name for name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, QDialog) and cls.__module__ == module.__name__}
    return names


def test_every_dialog_reads_chinese(qtbot, office: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logins = _logins(office)
    found: list[str] = []
    built: set[str] = set()
    for dialog in _dialogs(office, tmp_path):
        built.add(type(dialog).__name__)
        qtbot.addWidget(dialog)
        dialog.resize(1366, 768)
        dialog.show()
        qtbot.wait(20)
        settled(qtbot, dialog)  # what it reads on the database lane (ui.ops) is shown too
        found += [f"{type(dialog).__name__}: {line}" for line in english(dialog, logins)]
        dialog.close()
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))
    assert _dialog_classes() - built - NOT_BUILT_HERE == set(), "a new dialog: build it in _dialogs"


def test_qt_own_dialogs_read_chinese(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt's file dialog ("Look in:", "Files of type:" in issue 13), message box and print dialog."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

    (tmp_path / "名册.xlsx").write_bytes(b"")
    shown: list[QWidget] = []
    for mode, accept in ((QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
                         (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
                         (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen)):
        files = QFileDialog(None, "选择文件", str(tmp_path), "Excel 工作簿 (*.xlsx)")
        files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        files.setFileMode(mode)
        files.setAcceptMode(accept)
        shown.append(files)
    box = QMessageBox(QMessageBox.Icon.Question, "送暖", "是否保存？")
    for button in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                   QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
                   QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Close):
        box.addButton(button)
    printer = QPrinter()  # outlives its dialog: Qt keeps only a pointer
    shown += [box, QPrintDialog(printer), QInputDialog(), QProgressDialog("正在导出…", "取消", 0, 10)]
    found: list[str] = []
    for dialog in shown:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(50)
        found += [f"{type(dialog).__name__}: {line}" for line in english(dialog)]
        dialog.close()
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))
    assert QApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    from songnuan_desktop.ui.i18n import QT_GAPS

    for context, source in QT_GAPS:  # each word qtbase lacks is carried by our .ts
        assert not english_words(QApplication.translate(context, str(source))), (context, source)
