"""新規対応: the few facts needed to open an incident at once."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout)

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
        self.party_kana = QLineEdit()
        self.party_kana.setPlaceholderText("分かる場合のみ")
        self.party_phone = QLineEdit()
        self.party_phone.setPlaceholderText("電話の場合など（以前の記録を探します）")
        self.party_description = QLineEdit()
        self.party_description.setPlaceholderText("例：60代くらいの男性、灰色の上着")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("いつ・どこで・誰が・何を・なぜ・どのように")
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(64)
        self.demands = QLineEdit()
        self.demands.setPlaceholderText("例：証明書をすぐに交付しろ")
        rows = [("手段", self.channel), ("場所", self.place), ("所属", self.department),
                ("相手方 氏名", self.party_name), ("相手方 ふりがな", self.party_kana),
                ("相手方 電話番号", self.party_phone), ("相手方 特徴", self.party_description),
                ("概要", self.summary), ("要求内容", self.demands)]
        pairs = {"相手方 氏名": "相手方 ふりがな", "相手方 電話番号": "相手方 特徴"}  # two to a row: fits 768 px
        widgets = dict(rows)
        for label, widget in rows:
            widget.setAccessibleName(label)
            if label in pairs.values():
                continue
            if label in pairs:
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(QLabel(pairs[label].removeprefix("相手方 ")))
                row.addWidget(widgets[pairs[label]], 1)
                form.addRow(label, row)
            else:
                form.addRow(label, widget)
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
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setText("記録を開始")
        buttons.button(QDialogButtonBox.Cancel).setText("やめる")
        buttons.accepted.connect(self.accept)
        # An empty dialog records nothing: 記録を開始 (and Enter) wait for one fact about what happens
        self.ok.setEnabled(False)
        self.ok.setToolTip("相手方・概要・要求内容・迷惑行為の類型のどれかを入力すると押せます"
                           "（急ぐときは Ctrl+Enter で内容なしのまま開始し、後から書き足せます）")
        self._start_empty = False
        from PySide6.QtGui import QKeySequence, QShortcut
        for seq in ("Ctrl+Return", "Ctrl+Enter"):  # a deliberate start with nothing typed yet
            QShortcut(QKeySequence(seq), self, activated=self.start_now)
        for w in (self.party_name, self.party_phone, self.party_description, self.demands):
            w.textChanged.connect(self._update_ok)
        self.summary.textChanged.connect(self._update_ok)
        for cb in self.behaviours:
            cb.toggled.connect(self._update_ok)
        buttons.rejected.connect(self.reject)
        from PySide6.QtWidgets import QScrollArea, QWidget
        content = QWidget()
        self.content_layout = QVBoxLayout(content)  # the form scrolls at 125 %; 記録を開始 stays on screen
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.addLayout(form)
        self.content_layout.addWidget(box)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def add_section(self, widget, index: int = 1) -> None:
        """A section placed in the scrolling part (the repeat-contact box goes after the form)."""
        self.content_layout.insertWidget(index, widget)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        content = self.scroll.widget().sizeHint()
        want_w, want_h = content.width() + 40, content.height() + 110
        from app.ui.screen_fit import fit
        fit(self, max(want_w, 600), min(want_h, 700))  # fits 1366×768 (100 % or 125 %) with a task bar

    def data(self, now: dt.datetime | None = None) -> dict:
        now = now or dt.datetime.now().astimezone()
        party = {}
        if self.party_name.text():
            party["name"] = self.party_name.text()
        if self.party_description.text():
            party["description"] = self.party_description.text()
        if self.party_kana.text():
            party["kana"] = self.party_kana.text()
        if self.party_phone.text():
            party["phone"] = self.party_phone.text()
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

    def has_content(self) -> bool:
        return any(w.text().strip() for w in (self.party_name, self.party_phone, self.party_description,
                                                self.demands)) \
            or bool(self.summary.toPlainText().strip()) or any(cb.isChecked() for cb in self.behaviours)

    def _update_ok(self, *_args) -> None:
        self.ok.setEnabled(self.has_content())

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ControlModifier \
                and not self.has_content():
            self.accept()  # says what is missing and how to start anyway; records nothing
            return
        super().keyPressEvent(event)

    def start_now(self) -> None:
        """Ctrl+Enter: start the live record at once, the facts to be added afterwards."""
        self._start_empty = True
        super().accept()

    def accept(self) -> None:
        if not self.has_content() and not self._start_empty:  # a stray Enter on an empty dialog
            self.error.setText("相手方・概要・要求内容・迷惑行為の類型のどれかを入力してから「記録を開始」を押してください。"
                               "急ぐときは Ctrl+Enter で内容なしのまま開始できます（後から直せます）。")
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
