"""Typing Japanese into a real widget the way an input method does: the composed text is committed to the
focused widget with a QInputMethodEvent (QTest's key clicks only know ASCII keys)."""
from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def ime(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
