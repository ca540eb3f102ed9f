"""A scenario card (場面別の対応事例): the approved phrases in large type, then the manual's points."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


def _label(text: str, style: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    if name:
        label.setObjectName(name)
    return label


class ScenarioCard(QDialog):
    def __init__(self, card: dict, parent=None):
        super().__init__(parent)
        self.card = card
        self.setObjectName(f"scenario_card_{card['id']}")
        self.setWindowTitle(f"＜{card['title']}＞{card.get('heading', '')}")
        inner = QWidget()
        col = QVBoxLayout(inner)
        col.addWidget(_label(f"＜{card['title']}＞ {card.get('heading', '')}", "font-size: 18pt; font-weight: bold;"))
        self.phrase_labels = []
        for p in card.get("phrases", []):
            lab = _label(f"「{p}」", "font-size: 26pt; font-weight: bold; color: #0b3d91; padding: 4px;", "phrase")
            self.phrase_labels.append(lab)
            col.addWidget(lab)
        if card.get("example"):
            col.addWidget(_label(f"（例）{card['example']}", "color: #444;"))
        col.addWidget(_label("\n".join("✓ " + p for p in card.get("points", [])), "font-size: 12pt;"))
        for law in card.get("legal", []):
            col.addWidget(_label(f"{law['law']}（{law['offence']}）", "font-weight: bold;"))
        if card.get("note"):
            col.addWidget(_label(card["note"]))
        if card.get("record_note"):
            col.addWidget(_label("・" + card["record_note"]))
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
