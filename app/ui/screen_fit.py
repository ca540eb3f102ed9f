"""Windows open no larger than the screen they are on (1366×768 at 100 % or 125 % scaling, a task bar)."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication

TASK_BAR = 40  # px kept free at the bottom of the screen


def fit(window, width: int, height: int) -> None:
    """``window.resize(width, height)``, clamped to the available screen (logical pixels)."""
    screen = window.screen() if hasattr(window, "screen") and window.screen() else QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    area = screen.availableGeometry()
    width = min(width, area.width())
    height = min(height, area.height() - TASK_BAR)
    window.resize(width, height)
    if window.isVisible():  # already placed (a dialog centred on its parent): keep it on the screen
        frame = window.frameGeometry()
        x = max(area.x(), min(frame.x(), area.x() + area.width() - frame.width()))
        y = max(area.y(), min(frame.y(), area.y() + area.height() - TASK_BAR - frame.height()))
        window.move(x, y)
