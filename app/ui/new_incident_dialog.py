"""新規対応: the few facts needed to open an incident at once."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout)

from app.model import vocab


class NewIncidentDialog(QDialog):
    def __init__(self, parent=None, department: str = ""):
        super().__init__(parent)
        self.setWindowTitle("新規対応")
        self.setObjectName("new_incident_dialog")
        form = QFormLayout()
        self.channel = QComboBox()
        self.channel.addItems(vocab.channels())
        self.place = QLineEdit()
        self.department = QLineEdit(department)
        self.party_name = QLineEdit()
        self.party_name.setPlaceholderText("分かる場合のみ（入力どおりに記録します）")
        self.party_description = QLineEdit()
        self.party_description.setPlaceholderText("例：60代くらいの男性、灰色の上着")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("いつ・どこで・誰が・何を・なぜ・どのように")
        self.demands = QLineEdit()
        form.addRow("手段", self.channel)
        form.addRow("場所", self.place)
        form.addRow("所属", self.department)
        form.addRow("相手方 氏名", self.party_name)
        form.addRow("相手方 特徴", self.party_description)
        form.addRow("概要", self.summary)
        form.addRow("要求内容", self.demands)
        box = QGroupBox("迷惑行為の類型")
        grid = QGridLayout(box)
        self.behaviours: list[QCheckBox] = []
        for i, name in enumerate(vocab.behaviours()):
            cb = QCheckBox(name)
            cb.setToolTip(name)
            self.behaviours.append(cb)
            grid.addWidget(cb, i // 2, i % 2)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("記録を開始")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def data(self, now: dt.datetime | None = None) -> dict:
        now = now or dt.datetime.now().astimezone()
        party = {}
        if self.party_name.text():
            party["name"] = self.party_name.text()
        if self.party_description.text():
            party["description"] = self.party_description.text()
        return {
            "occurred_at": now.isoformat(timespec="seconds"),
            "channel": self.channel.currentText(),
            "place": self.place.text(),
            "department": self.department.text(),
            "party": party,
            "summary": self.summary.toPlainText(),
            "demands": self.demands.text(),
            "behaviours": [cb.text() for cb in self.behaviours if cb.isChecked()],
        }

    def show_error(self, message: str) -> None:
        self.error.setText(message)
