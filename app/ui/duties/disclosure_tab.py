"""本人開示の請求 tab (issue 17 §3): the 開示請求 and 訂正請求 with their 期限 and state, and a form to record a
開示請求 received. Everything goes through the Service (disclosure_requests, disclosure_request) on the store
thread; a person without the right sees that, not an error. No internal id is shown."""
from __future__ import annotations

import datetime as _dt
from typing import Callable

import shiboken6
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from app.export.wareki import wareki
from app.model import disclosure_requests as clock
from app.model.errors import MadoguchiError, PermissionDenied

HEADERS = ["請求", "請求者", "受付日", "期限", "状態", "残り"]
NO_RIGHT = "本人開示の請求の記録簿は、課長と総務部長が扱います。この記録簿を見る権限がありません。"


def left_text(days: int | None) -> str:
    if days is None:
        return "―"
    return f"あと{days}日" if days > 0 else ("本日まで" if days == 0 else f"{-days}日超過")


def row_of(s: dict) -> list[str]:
    return [s["label"], s["requester"], wareki(s["received_on"]), wareki(s["due"]),
            s["state"] + (f"（{s['decision']}）" if s.get("decision") else ""), left_text(s["days_left"])]


class DisclosureTab(QWidget):
    TITLE = "本人開示の請求"

    def __init__(self, store_thread, parent=None, today: Callable[[], _dt.date] | None = None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.today = today or _dt.date.today
        layout = QVBoxLayout(self)
        note = QLabel(f"開示請求・訂正請求の受付簿です。決定の期限は受付の翌日から{clock.DECISION_DAYS}日"
                      f"（正当な理由があるときは{clock.EXTENSION_MAX_DAYS}日以内に限り延長できます）。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.status = QLabel("")
        self.status.setObjectName("disclosure_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("disclosure_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        box = QGroupBox("開示請求を受け付ける")
        form = QFormLayout(box)
        self.requester = QLineEdit()
        self.requester.setObjectName("disclosure_requester")
        self.requester.setPlaceholderText("請求書に書かれたとおりに入力")
        self.received_on = QDateEdit()
        self.received_on.setObjectName("disclosure_received_on")
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("yyyy年M月d日")
        d = self.today()
        self.received_on.setDate(QDate(d.year, d.month, d.day))
        self.scope = QLineEdit()
        self.scope.setObjectName("disclosure_scope")
        self.contact = QLineEdit()
        self.contact.setObjectName("disclosure_contact")
        form.addRow("請求者の氏名", self.requester)
        form.addRow("受付日", self.received_on)
        form.addRow("請求の範囲", self.scope)
        form.addRow("連絡先", self.contact)
        self.record_button = QPushButton("受付を記録")
        self.record_button.setObjectName("disclosure_record")
        self.record_button.clicked.connect(self.record)
        form.addRow(self.record_button)
        self.form_box = box
        layout.addWidget(box)
        self.refresh()

    def refresh(self) -> None:
        today = self.today().isoformat()
        self.store_thread.submit(lambda svc: svc.disclosure_requests(today), self._alive(self._show),
                                 self._alive(self._failed))

    def _alive(self, callback):
        """A store job's answer may arrive after the window was closed: then it is dropped."""
        def call(value):
            if shiboken6.isValid(self) and shiboken6.isValid(self.form_box):
                callback(value)
        return call

    def _show(self, states: list[dict]) -> None:
        self.form_box.setEnabled(True)
        self.table.setRowCount(len(states))
        for r, s in enumerate(states):
            for c, value in enumerate(row_of(s)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        overdue = sum(1 for s in states if s["state"] == clock.OVERDUE)
        if overdue:
            self.status.setText(f"期限を過ぎた請求が{overdue}件あります。")

    def _failed(self, exc) -> None:
        if isinstance(exc, PermissionDenied):
            self.status.setText(NO_RIGHT)
            self.form_box.setEnabled(False)
            self.table.setRowCount(0)
        else:
            self.status.setText(getattr(exc, "ja", "") or "記録簿を読めませんでした。")

    def record(self) -> None:
        d = self.received_on.date()
        payload = {"requester": self.requester.text(), "received_on": f"{d.year():04d}-{d.month():02d}-{d.day():02d}",
                   "scope": self.scope.text(), "contact": self.contact.text()}
        payload = {k: v for k, v in payload.items() if v != ""}
        self.record_button.setEnabled(False)
        self.store_thread.submit(lambda svc: svc.disclosure_request(payload), self._alive(self._recorded),
                                 self._alive(self._not_recorded), writes=True)

    def _recorded(self, _entry) -> None:
        self.record_button.setEnabled(True)
        self.status.setText(f"{self.requester.text()} さんの開示請求を受け付けました。")
        for w in (self.requester, self.scope, self.contact):
            w.clear()
        self.refresh()

    def _not_recorded(self, exc) -> None:
        self.record_button.setEnabled(True)
        self.status.setText(exc.ja if isinstance(exc, MadoguchiError) else "記録できませんでした。")
