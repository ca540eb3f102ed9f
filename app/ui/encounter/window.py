"""The encounter window: the live panel and the wizard for one incident, in two tabs."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from app.model.errors import MadoguchiError
from app.model.settings import Settings
from app.ui.encounter.emergency_key import EmergencyKey
from app.ui.encounter.session import IncidentSession, iso
from app.ui.live.live_panel import LivePanel, police_reason
from app.ui.live.police_card import PoliceCard
from app.ui.live.scenario_card import ScenarioCard
from app.ui.wizard.wizard_widget import WizardWidget

LIVE_TAB, WIZARD_TAB = 0, 1


class EncounterWindow(QMainWindow):
    closed = Signal(str)
    """Emitted with the incident id when the window closes (after typing was flushed)."""

    def __init__(self, store_thread, incident_id: str, settings: Settings | None = None,
                 tab: int = LIVE_TAB, parent=None):
        super().__init__(parent)
        self.setObjectName("encounter_window")
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.incident_id = incident_id
        self.settings = settings if settings is not None else Settings()
        self.session = IncidentSession(store_thread, incident_id, self.settings, parent=self)
        self.live = LivePanel(self.session, lambda: _author(store_thread))
        self.wizard = WizardWidget(self.session, judge="")
        self.tabs = QTabWidget()
        from PySide6.QtWidgets import QScrollArea
        live_scroll = QScrollArea()  # at 125 % scaling a 768-px screen is 614 px tall: the panel scrolls
        live_scroll.setWidgetResizable(True)
        live_scroll.setFrameShape(QScrollArea.NoFrame)
        live_scroll.setWidget(self.live)
        self.tabs.addTab(live_scroll, "対応中（ライブ記録）")
        self.tabs.addTab(self.wizard, "記録ウィザード（マニュアルの手順）")
        self.tabs.setCurrentIndex(tab)
        self.setCentralWidget(self.tabs)
        self.setWindowTitle("対応記録")
        self.police_card: PoliceCard | None = None
        self.scenario_card: ScenarioCard | None = None
        self.live.police_requested.connect(self.open_police_card)
        self.live.scenario_requested.connect(self.open_scenario_card)
        self.live.ended.connect(lambda: self.tabs.setCurrentIndex(WIZARD_TAB))
        self.session.failed.connect(self.show_error)
        self.session.loaded.connect(self._title)
        self._actions()
        EmergencyKey.install(self.settings).register(self)
        self.statusBar().showMessage("F3 行為　F4 職員の発言　F5 相手方の発言　F6 中止要求　F7 退去要求　F8 応援要請　F9 110番　F10 終了　"
                                     "Ctrl+1〜8 場面別の対応")
        from app.ui.screen_fit import fit
        fit(self, 1280, 720)
        self.session.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.session.is_loaded and not self.live.has_ended():
            self.live._tick.start()

    def _actions(self) -> None:
        live = self.live
        specs = [("F3", live.start_act), ("F4", live.start_staff_quote), ("F5", live.start_quote), ("F6", live.stop_request), ("F7", live.leave_request),
                 ("F8", live.backup_call), ("F10", live.end)]
        specs += [(f"Ctrl+{i + 1}", (lambda n=i: live.open_scenario(n))) for i in range(len(live.scenario_buttons))]
        for keys, slot in specs:
            act = QAction(keys, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.WindowShortcut)
            act.triggered.connect(lambda _c=False, s=slot: self._live(s))
            self.addAction(act)

    def _live(self, slot) -> None:
        if self.tabs.currentIndex() != LIVE_TAB:
            self.wizard.flush()
            self.tabs.setCurrentIndex(LIVE_TAB)
        slot()

    def _title(self) -> None:
        c = self.session.created()
        self.setWindowTitle(f"対応記録　{c.get('channel', '')}　{str(c.get('occurred_at', ''))[:16].replace('T', ' ')}")

    # ---- cards -----------------------------------------------------------------------------------
    def open_police_card(self, reason: str = "", guidance: str = "") -> PoliceCard:
        import shiboken6
        if self.police_card is not None and shiboken6.isValid(self.police_card) and self.police_card.isVisible():
            # one card, one call
            self.police_card.raise_()
            self.police_card.activateWindow()
            return self.police_card
        if not reason and not guidance:
            reason, guidance = police_reason(self.session.state(), bool(self.session.of_kind("eviction_order")))
        party = self.session.created().get("party") or {}
        card = PoliceCard(self.settings, reason, guidance, party.get("description") or "", parent=self)
        calls = self.session.of_kind("police_call")
        if calls:  # already recorded: Enter no longer records a second call by accident
            card.already_recorded(str(calls[-1].payload.get("at", "")))
        card.recorded.connect(self._police_recorded)
        card.finished.connect(self._back_to_record)
        card.setAttribute(Qt.WA_DeleteOnClose)
        card.show()
        card.raise_()
        card.activateWindow()
        self.police_card = card
        return card

    def _back_to_record(self, _result=None) -> None:
        """After the 110 card the keys go back to the live record (the focus was lost before, and a stray
        Enter recorded a second call)."""
        self.activateWindow()
        self.tabs.setCurrentIndex(LIVE_TAB)
        self.live.quote_edit.setFocus()

    def _police_recorded(self, reason: str, opened_at: str) -> None:
        self.session.append("police_call", {"at": self.live.at(), "reason": reason or "110番通報",
                                            "card_opened_at": opened_at})

    def open_scenario_card(self, scenario_id: str) -> ScenarioCard | None:
        card = self.session.edition.scenario(scenario_id)
        if card is None:
            return None
        dlg = ScenarioCard(card, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()
        self.scenario_card = dlg
        return dlg

    # ---- errors and closing ----------------------------------------------------------------------
    def show_error(self, error) -> None:
        if isinstance(error, MadoguchiError):
            text = error.ja  # Japanese only: what happened and what to do (never an operation id)
        else:
            text = "記録できませんでした。記録は保存済みの分まで残っています。もう一度操作してください。"
        self.statusBar().showMessage(text.splitlines()[0], 10000)
        if self.isVisible():
            QMessageBox.warning(self, "エラー", text)

    def closeEvent(self, event) -> None:
        self.live._tick.stop()  # a closed window no longer evaluates the flow every second
        self.wizard.flush()
        self.closed.emit(self.incident_id)
        super().closeEvent(event)


def _author(store_thread) -> str:
    """Who is signed in now (the store thread's service changes at sign-in and lock)."""
    actor = getattr(getattr(store_thread, "service", None), "actor", None)
    return getattr(actor, "author", "") or ""
