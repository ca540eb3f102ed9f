"""再発防止・事例検証 tab: record an item (what to change, who, by when, the incidents it comes from, the
事例検証's findings), see every item's state and whether it is past its 期限, mark it 対応中 or 完了."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from app.model.errors import MadoguchiError
from app.ui.duties.common import Today, date_edit, day_text, incident_choice, iso, list_table

COLUMNS = ("改善する内容", "担当", "期限", "状態", "期限超過", "関連する事案")


def message_of(error) -> str:
    return error.ja if isinstance(error, MadoguchiError) else f"処理できませんでした（{type(error).__name__}）。"


class PreventionTab(QWidget):
    TITLE = "再発防止・事例検証"
    loaded = Signal()

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.today = today or dt.date.today  # the window's (a fake one in tests)
        self.items: list = []
        self.what = QPlainTextEdit(objectName="what")
        self.what.setPlaceholderText("何を改めるか（例：待ち時間の目安を窓口に掲示する）")
        self.what.setMaximumHeight(60)
        self.owner = QLineEdit(objectName="owner")
        self.owner.setPlaceholderText("担当（課・役職）")
        self.due = date_edit("due", self.today())
        self.due.setDate(self.due.date().addMonths(1))
        self.review_note = QPlainTextEdit(objectName="review_note")
        self.review_note.setPlaceholderText("事例検証の所見（何が起き、何が足りなかったか）")
        self.review_note.setMaximumHeight(60)
        self.incidents = QListWidget(objectName="incidents")
        self.incidents.setMaximumHeight(90)
        self.add_button = QPushButton("項目を登録", objectName="add_item")
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        for label, w in (("改善する内容", self.what), ("担当", self.owner), ("期限", self.due),
                         ("事例検証の所見", self.review_note), ("関連する事案", self.incidents)):
            form.addRow(label, w)
        form.addRow("", self.add_button)
        self.table = list_table("items", COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.note = QLineEdit(objectName="progress_note")
        self.note.setPlaceholderText("経過のメモ")
        self.progress_button = QPushButton("対応中にする", objectName="mark_in_progress")
        self.done_button = QPushButton("完了にする", objectName="mark_done")
        self.progress_button.clicked.connect(lambda: self.progress("対応中"))
        self.done_button.clicked.connect(lambda: self.progress("完了"))
        self.summary = QLabel(objectName="summary")
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.progress_button)
        row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.reload()

    # ---- loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        today = self.today()

        def job(svc):
            items = svc.prevention_items(today)
            writer = svc.can("entry.prevention_item")
            incidents = svc.list_incidents(limit=100) if writer and svc.can("incident.list") else []
            return items, incidents, writer
        self.store_thread.submit(job, self._show, self._failed)

    def _show(self, result) -> None:
        self.items, incidents, writer = result
        for w in (self.what, self.owner, self.due, self.review_note, self.incidents, self.add_button,
                  self.note, self.progress_button, self.done_button):
            w.setEnabled(writer)
        self.incidents.clear()
        for r in incidents:
            item = QListWidgetItem(incident_choice(r))
            item.setData(Qt.UserRole, r["id"])
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.incidents.addItem(item)
        self.table.setRowCount(len(self.items))
        for n, it in enumerate(self.items):
            values = (it.what, it.owner, day_text(it.due), it.state, "期限超過" if it.overdue else "",
                      f"{len(it.incidents)}件" if it.incidents else "")
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if it.review_note:
                    cell.setToolTip(f"事例検証の所見：{it.review_note}")
                self.table.setItem(n, c, cell)
        late = sum(1 for i in self.items if i.overdue)
        self.summary.setText(f"{len(self.items)}件" + (f"（期限超過 {late}件）" if late else ""))
        self.loaded.emit()

    def _failed(self, error) -> None:
        self.message.setText(message_of(error))
        self.loaded.emit()

    # ---- writing --------------------------------------------------------------------------------
    def add(self) -> None:
        linked = [self.incidents.item(i).data(Qt.UserRole) for i in range(self.incidents.count())
                  if self.incidents.item(i).checkState() == Qt.Checked]
        payload = {"what": self.what.toPlainText().strip(), "owner": self.owner.text().strip(),
                   "due": iso(self.due.date()), "incidents": linked}
        if self.review_note.toPlainText().strip():
            payload["review_note"] = self.review_note.toPlainText().strip()

        def done(_entry):
            self.what.clear()
            self.owner.clear()
            self.review_note.clear()
            self.message.setText("再発防止の項目を登録しました。")
            self.reload()
        self.store_thread.submit(lambda svc: svc.add_prevention(payload), done, self._failed, writes=True)

    def progress(self, status: str) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.items):
            self.message.setText("項目を一覧から選んでください。")
            return
        item_id, note = self.items[row].id, self.note.text().strip()

        def done(_entry):
            self.note.clear()
            self.message.setText(f"「{self.items[row].what[:20]}」を{status}にしました。")
            self.reload()
        self.store_thread.submit(lambda svc: svc.prevention_progress(item_id, status, note), done, self._failed,
                                 writes=True)
