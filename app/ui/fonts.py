"""Bundled fonts for the UI: IPAexゴシック, with IPAmj明朝 as a fallback for rare name characters (𠮷)."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

UI_FONT_FILE = "ipaexg.ttf"
FALLBACK_FONT_FILE = "ipamjm.ttf"
_loaded: dict[str, str] = {}


def load_fonts(app: QApplication, point_size: int = 11) -> str:
    """Register the bundled fonts and make IPAexGothic the application font. Returns its family."""
    for name in (UI_FONT_FILE, FALLBACK_FONT_FILE):
        if name in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        if font_id < 0:
            raise RuntimeError(f"font {name} could not be loaded")
        _loaded[name] = QFontDatabase.applicationFontFamilies(font_id)[0]
    family = _loaded[UI_FONT_FILE]
    font = QFont(family, point_size)
    font.setFamilies([family, _loaded[FALLBACK_FONT_FILE]])
    app.setFont(font)
    return family
