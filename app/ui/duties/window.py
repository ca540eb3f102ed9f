"""One window for the employer's duties (issue 16): a tab per record, each its own module under this package.

Each tab module has a QWidget class taking ``(store_thread, parent=None)`` with a class attribute ``TITLE``;
a tab that works with dates also takes ``today`` (app/ui/duties/common.Today): the window gives every such tab
the same one, so one fake clock moves them all in tests (``set_today``).
A tab the signed-in person has no right to read shows that, not an error (each tab asks its Service).
"""
from __future__ import annotations

import datetime as dt
import importlib
import inspect

from PySide6.QtWidgets import QHeaderView, QMainWindow, QTabWidget, QTableView

from app.ui.duties.common import Today

#: (module, class) of each tab, in the order shown
TABS: tuple[tuple[str, str], ...] = (
    ("app.ui.duties.consultations_tab", "ConsultationsTab"),
    ("app.ui.duties.measures_tab", "MeasuresTab"),
    ("app.ui.duties.legal_tab", "LegalTab"),
    ("app.ui.duties.bans_tab", "BansTab"),
    ("app.ui.duties.prevention_tab", "PreventionTab"),
    ("app.ui.duties.training_tab", "TrainingTab"),
    ("app.ui.duties.disclosure_tab", "DisclosureTab"),
    ("app.ui.duties.retention_tab", "RetentionTab"),
)


#: the widest a column grows to fit its text (px); longer text is elided, the full text is in the tooltip or form
COLUMN_MAX = 420


def fit_columns(table: QTableView) -> None:
    """Every column as wide as its header and text (at most COLUMN_MAX), the last one taking the rest: no
    header cut short and no empty band at the right at 1366×768."""
    header = table.horizontalHeader()
    header.setMaximumSectionSize(COLUMN_MAX)
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setStretchLastSection(True)


class DutiesWindow(QMainWindow):
    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(parent)
        self.setWindowTitle("職場の対応（相談・配慮措置・再発防止・研修・法律相談・出入禁止）")
        self._today = today or dt.date.today
        self.tabs = QTabWidget()
        self.tabs.setObjectName("duties_tabs")
        self.pages: dict[str, object] = {}
        for module, cls in TABS:
            kind = getattr(importlib.import_module(module), cls)
            dated = "today" in inspect.signature(kind).parameters
            page = kind(store_thread, self, today=self.today) if dated else kind(store_thread, self)
            self.pages[cls] = page
            self.tabs.addTab(page, page.TITLE)
            for table in page.findChildren(QTableView):
                fit_columns(table)
        self.setCentralWidget(self.tabs)
        from app.ui.screen_fit import fit
        fit(self, 1200, 680)

    def today(self) -> dt.date:
        return self._today()

    def set_today(self, today: Today) -> None:
        """Every tab reads this today from now on (tabs refresh when they next load)."""
        self._today = today

    def page(self, cls: str):
        return self.pages[cls]
