"""Emergency capture while the PC is locked: start an encounter, log quotes, 退去要求, the 110 card.

Writes as ``PC:<device>`` and shows no stored record, only counts of what was just entered here.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

POLICE_CARD = ("110番通報カード\n「事件です。区の窓口で、来庁者が大声を出し、退去を求めても応じません。"
               "職員に危険があります。」\n施設名・所在地は課の設定の表示に従って伝えてください。")


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class EmergencyPanel(QWidget):
    recorded = Signal(str)
    """Emitted with the kind of each entry once it is stored."""

    def __init__(self, store_thread, device_actor, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.actor = device_actor
        self.incident_id: str | None = None
        self.counts = {"quote": 0, "leave_request": 0, "police_call": 0}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("緊急記録（サインインせずに記録できます。後でサインインして引き継いでください）"))
        self.start_button = QPushButton("対応開始")
        self.start_button.setObjectName("emergency_start")
        self.start_button.clicked.connect(self.start)
        row = QHBoxLayout()
        self.quote = QLineEdit()
        self.quote.setObjectName("emergency_quote")
        self.quote.setPlaceholderText("相手方の発言（そのまま）")
        self.quote_button = QPushButton("発言を記録")
        self.quote_button.setObjectName("emergency_quote_button")
        self.quote_button.clicked.connect(self.log_quote)
        self.quote.returnPressed.connect(self.log_quote)
        row.addWidget(self.quote, 1)
        row.addWidget(self.quote_button)
        self.leave_button = QPushButton("退去要求")
        self.leave_button.setObjectName("emergency_leave")
        self.leave_button.clicked.connect(lambda: self._write("leave_request", {"at": _now(), "by": ""}))
        self.police_button = QPushButton("110番カード")
        self.police_button.setObjectName("emergency_police")
        self.police_button.clicked.connect(self.show_police_card)
        self.card = QLabel(POLICE_CARD)
        self.card.setObjectName("police_card")
        self.card.setWordWrap(True)
        self.card.hide()
        self.status = QLabel()
        self.status.setObjectName("emergency_status")
        for w in (self.start_button,):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.leave_button)
        layout.addWidget(self.police_button)
        layout.addWidget(self.card)
        layout.addWidget(self.status)
        self._enable(False)

    def _enable(self, started: bool) -> None:
        self.start_button.setEnabled(not started)
        for w in (self.quote, self.quote_button, self.leave_button, self.police_button):
            w.setEnabled(started)

    def start(self) -> None:
        data = {"occurred_at": _now(), "channel": "対面", "summary": "緊急記録（ロック中に開始）"}

        def done(incident_id):
            self.incident_id = incident_id
            self._enable(True)
            self._show_counts()
            self.recorded.emit("incident_created")

        self.store_thread.submit(lambda svc: svc.with_actor(self.actor).create_incident(data), done,
                                 self._failed, writes=True)

    def log_quote(self) -> None:
        text = self.quote.text()
        if text.strip():
            self._write("quote", {"at": _now(), "text": text})
            self.quote.clear()

    def show_police_card(self) -> None:
        self.card.show()
        self._write("police_call", {"at": _now(), "reason": "緊急記録から110番カードを表示"})

    def _write(self, kind: str, payload: dict) -> None:
        iid, actor = self.incident_id, self.actor

        def done(_entry):
            self.counts[kind] += 1
            self._show_counts()
            self.recorded.emit(kind)

        self.store_thread.submit(lambda svc: svc.with_actor(actor).append(iid, kind, payload), done,
                                 self._failed, writes=True)

    def _show_counts(self) -> None:
        c = self.counts
        self.status.setText(f"記録中: 発言 {c['quote']}件・退去要求 {c['leave_request']}回・110番 {c['police_call']}回")

    def _failed(self, error) -> None:
        self.status.setText("記録できませんでした: " + getattr(error, "ja", "できませんでした。もう一度お試しください。"))

    def reset(self) -> None:
        """Forget the encounter on screen (it stays stored, waiting to be claimed)."""
        self.incident_id = None
        self.counts = dict.fromkeys(self.counts, 0)
        self.quote.clear()
        self.card.hide()
        self.status.clear()
        self._enable(False)
