"""For bench/bench_startup.py: print the wall time of the first paint of a window, then quit.

Active only when MADOGUCHI_PAINT_PROBE is set; never used in normal runs.
"""
from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

ENV = "MADOGUCHI_PAINT_PROBE"


class _Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            sys.stdout.write(f"FIRST_PAINT {time.time():.6f}\n")
            sys.stdout.flush()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def attach(window) -> None:
    if os.environ.get(ENV):
        window._paint_probe = _Probe(window)
        window.installEventFilter(window._paint_probe)
