"""Opens an EncounterWindow for a new incident or a double-clicked list row (one window per incident)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.model import settings as settings_mod
from app.model.settings import Settings
from app.ui.encounter.emergency_key import EmergencyKey
from app.ui.encounter.window import LIVE_TAB, WIZARD_TAB, EncounterWindow

class EncounterOpener(QObject):
    def __init__(self, main_window, settings: Settings | None = None):
        super().__init__(main_window)
        self.main_window = main_window
        self.settings = settings if settings is not None else settings_mod.current()
        self.windows: dict[str, EncounterWindow] = {}
        EmergencyKey.install(self.settings)
        main_window.incident_created.connect(lambda iid: self.open(iid, LIVE_TAB))
        # A row of the list opens the case view (double-click / Enter); the encounter window for an existing
        # incident is the 事案 menu's 「対応画面」 (Ctrl+E), so one gesture never opens two windows.
        act = QAction("対応画面（ライブ記録・対応手順）…", main_window)
        act.setObjectName("open_encounter_action")
        act.setShortcut(QKeySequence("Ctrl+E"))
        act.triggered.connect(self.open_selected)
        main_window.addAction(act)
        main_window.incident_menu().addAction(act)

    def open_selected(self) -> EncounterWindow | None:
        incident_id = self.main_window.selected_incident_id()
        if not incident_id:
            self.main_window.statusBar().showMessage("一覧から事案を選んでください", 5000)
            return None
        return self.open(incident_id, WIZARD_TAB)

    def open(self, incident_id: str, tab: int = LIVE_TAB) -> EncounterWindow:
        window = self.windows.get(incident_id)
        if window is None:
            window = EncounterWindow(self.main_window.store_thread, incident_id, self.settings, tab)
            window.closed.connect(lambda iid: self.windows.pop(iid, None))
            self.windows[incident_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window
