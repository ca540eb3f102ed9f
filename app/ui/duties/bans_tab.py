"""出入禁止 tab: every ban with its state; the 課長 decides one (after the 合理的配慮の確認), the 部長 approves.

Everything goes through the Service on the store thread (``ban.list``, ``decide_ban``, ``approve_ban``); the
buttons shown follow the signed-in person's roles, the door decides. No internal id is shown.
"""
from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from app.model import roles as R
from app.model.kinds_bans import ABOUT_LABELS
from app.ui.accommodation_box import AccommodationBox
from app.ui.duties.common import Today, date_edit, day_text, iso, list_table, moment_text

COLUMNS = ("相手方", "課", "状態", "開始日", "終了日", "見直し日", "理由")
ROW_DATA = Qt.ItemDataRole.UserRole


def _message(exc) -> str:
    return getattr(exc, "ja", "") or "処理できませんでした。"


class BansTab(QWidget):
    TITLE = "出入禁止"

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.today = today or _dt.date.today
        self.rows: list[dict] = []
        self.incidents: list[dict] = []
        self.table = list_table("bans_table", COLUMNS)
        self.status = QLabel()
        self.status.setObjectName("bans_status")
        self.status.setWordWrap(True)
        self.approve_box = self._approve_box()
        self.decide_box = self._decide_box()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.approve_box)
        layout.addWidget(self.decide_box)
        layout.addWidget(self.status)
        self.approve_box.hide()
        self.decide_box.hide()
        self.refresh()

    # ---- building ------------------------------------------------------------------------------
    def _approve_box(self) -> QGroupBox:
        box = QGroupBox("部長の承認（選んだ出入禁止の決定・更新）")
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("コメント")
        self.approve_button = QPushButton("承認する")
        self.approve_button.setObjectName("ban_approve")
        self.reject_button = QPushButton("差し戻す")
        self.reject_button.setObjectName("ban_reject")
        self.approve_button.clicked.connect(lambda: self.answer("承認"))
        self.reject_button.clicked.connect(lambda: self.answer("差戻し"))
        row = QHBoxLayout(box)
        row.addWidget(self.comment, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        return box

    def _decide_box(self) -> QGroupBox:
        box = QGroupBox("出入禁止の決定（課長）")
        form = QFormLayout(box)
        self.incident_combo = QComboBox()
        self.incident_combo.setObjectName("ban_incident")
        self.check_box = AccommodationBox({}, ABOUT_LABELS["ban"])
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("ban_reason")
        self.reason.setFixedHeight(60)
        self.start = date_edit("ban_start", self.today())
        self.end = date_edit("ban_end", self.today())
        self.end.setDate(self.start.date().addMonths(6))
        self.review = date_edit("ban_review", self.today())
        self.review.setDate(self.start.date().addMonths(3))
        self.scope = QLineEdit()
        self.scope.setPlaceholderText("例：本庁舎1階 区民課窓口")
        self.decide_button = QPushButton("出入禁止を決定する（部長の承認へ）")
        self.decide_button.setObjectName("ban_decide")
        self.decide_button.clicked.connect(self.decide)
        form.addRow("事案", self.incident_combo)
        form.addRow(self.check_box)
        form.addRow("出入禁止の理由", self.reason)
        form.addRow("開始日", self.start)
        form.addRow("見直し日", self.review)
        form.addRow("終了日", self.end)
        form.addRow("対象の範囲・場所", self.scope)
        form.addRow(self.decide_button)
        return box

    # ---- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.today().isoformat()

        def job(svc):
            roles = svc.roles()
            rows = svc.bans(today) if svc.can("ban.list") else None
            deciding = R.SECTION_CHIEF in roles
            incidents = svc.list_incidents(limit=100) if deciding else []
            return rows, roles, incidents, svc.accommodation_questions() if deciding else {}
        self.store_thread.submit(job, self._show, self._failed)

    def _show(self, result) -> None:
        rows, roles, incidents, questions = result
        if rows is None:
            self.status.setText("出入禁止の一覧を見る権限がありません。")
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, b in enumerate(rows):
            state = b["state"] + ("（更新の承認待ち）" if b.get("renewal_pending") else "")
            for j, text in enumerate((b["party_name"] or "氏名不詳", b["department"], state, day_text(b["start_date"]),
                                      day_text(b["end_date"]), day_text(b["review_date"]), b["reason"])):
                item = QTableWidgetItem(text)
                item.setData(ROW_DATA, i)
                self.table.setItem(i, j, item)
        self.approve_box.setVisible(R.DIRECTOR in roles)
        self.decide_box.setVisible(R.SECTION_CHIEF in roles)
        if R.SECTION_CHIEF in roles:
            self.incidents = incidents
            self.incident_combo.clear()
            for r in incidents:
                self.incident_combo.addItem(" ".join(x for x in (moment_text(r.get("occurred_at")),
                                                                 r.get("party_label") or "氏名不詳",
                                                                 (r.get("summary") or "")[:30]) if x))
            self.check_box.set_questions(questions)

    def _failed(self, exc) -> None:
        self.status.setText(_message(exc))

    # ---- acting --------------------------------------------------------------------------------
    def selected(self) -> dict | None:
        items = self.table.selectedItems()
        return self.rows[items[0].data(ROW_DATA)] if items else None

    def answer(self, decision: str) -> None:
        ban = self.selected()
        if ban is None:
            self.status.setText("承認する出入禁止を一覧から選んでください。")
            return
        pending = [r for r in ban.get("renewals", []) if r["state"] == "承認待ち"]
        target = pending[0]["id"] if pending else ban["decision_id"]
        iid, comment = ban["incident_id"], self.comment.text()
        self.store_thread.submit(lambda svc: svc.approve_ban(iid, target, decision, comment),
                                 lambda _e: self._done(f"{decision}を記録しました。"), self._failed, writes=True)

    def decide(self) -> None:
        i = self.incident_combo.currentIndex()
        if i < 0 or i >= len(self.incidents):
            self.status.setText("事案を選んでください。")
            return
        iid = self.incidents[i]["id"]
        problems = self.check_box.problems()
        if problems:
            self.status.setText(problems[0])
            return
        check = self.check_box.payload()
        ban = {"reason": self.reason.toPlainText(), "start_date": iso(self.start.date()),
               "end_date": iso(self.end.date()),
               "review_date": iso(self.review.date()), "scope": self.scope.text()}
        self.store_thread.submit(lambda svc: svc.decide_ban(iid, ban, check=check),
                                 lambda _e: self._done("出入禁止の決定を記録しました。部長の承認を待っています。"),
                                 self._failed, writes=True)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.refresh()
