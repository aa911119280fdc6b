"""走访指标 in the campaign dialog (issue 16 item 5): none, or at least N households per visit group or per
leader (services.visits.visit_quotas). The dialog saves it after the campaign with `visit_quotas.set_quota`."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from songnuan_desktop.services.visits.visit_quotas import MAX_HOUSEHOLDS, PER_GROUP, PER_LEADER, Quota


class VisitQuotaField(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.per = QComboBox()
        self.per.addItem(self.tr("No quota"), "")
        self.per.addItem(self.tr("Each visit group"), PER_GROUP)
        self.per.addItem(self.tr("Each leader"), PER_LEADER)
        self.per.setToolTip(self.tr("How many households each visit group (or each leader) must visit in this "
                                    "campaign; the visit calendar and the statistics show the progress."))
        self.households = QSpinBox()
        self.households.setRange(1, MAX_HOUSEHOLDS)
        self.households.setValue(4)
        self.households.setPrefix(self.tr("at least "))
        self.households.setSuffix(self.tr(" households"))
        layout.addWidget(self.per, 1)
        layout.addWidget(self.households, 1)
        self.per.currentIndexChanged.connect(lambda _i: self.households.setEnabled(bool(self.per.currentData())))
        self.households.setEnabled(False)
        self.loaded: tuple[str, int] = ("", 0)

    def set_quota(self, quota: Quota | None) -> None:
        self.loaded = (quota.per, quota.households) if quota is not None else ("", 0)
        self.per.setCurrentIndex(max(0, self.per.findData(self.loaded[0])))
        if quota is not None:
            self.households.setValue(quota.households)

    def value(self) -> tuple[str, int]:
        """(per, households); ('', 0) for no quota."""
        per = str(self.per.currentData() or "")
        return (per, self.households.value()) if per else ("", 0)

    @property
    def changed(self) -> bool:
        return self.value() != self.loaded
