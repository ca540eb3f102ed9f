"""F9 from anywhere in the app: one application event filter opens the 110 card.

A filter on QApplication (not a QShortcut per window) so the key works in every window and dialog,
including the wizard's text fields, and never becomes an ambiguous shortcut.
"""
from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from app.model.settings import Settings

POLICE_KEY = Qt.Key_F9


class EmergencyKey(QObject):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self._windows: list[weakref.ref] = []
        self.last_card = None

    @classmethod
    def install(cls, settings: Settings) -> "EmergencyKey":
        app = QApplication.instance()
        existing = getattr(app, "_madoguchi_emergency_key", None)
        if existing is not None:
            existing.settings = settings
            return existing
        key = cls(settings, app)
        app.installEventFilter(key)
        app._madoguchi_emergency_key = key
        return key

    def register(self, window) -> None:
        self._windows = [w for w in self._windows if w() is not None and w() is not window]
        self._windows.append(weakref.ref(window))

    def target(self):
        """The encounter the key belongs to: the active one, else the one used last."""
        alive = [w() for w in self._windows if w() is not None and w().isVisible()]
        active = QApplication.activeWindow()
        for w in alive:
            if w is active or (active is not None and w.isAncestorOf(active)):
                return w
        return alive[-1] if alive else None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.KeyPress and event.key() == POLICE_KEY and not event.isAutoRepeat():
            self.open_card()
            return True
        return False

    def open_card(self):
        window = self.target()
        if window is not None:
            self.last_card = window.open_police_card()
        else:
            from app.ui.live.police_card import PoliceCard
            card = PoliceCard(self.settings, can_record=False, parent=QApplication.activeWindow())
            card.setAttribute(Qt.WA_DeleteOnClose)
            card.show()
            self.last_card = card
        return self.last_card
