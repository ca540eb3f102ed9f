"""法律相談 tab: the open consultations with how long each has waited (as of the tab's today), and the next
stage of the one chosen (調整済み: date, lawyer, 総務課文書係 contact → 実施 → 報告書提出). ``today`` is the window's."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QTableWidgetItem

from app.ui.duties.common import Today, date_edit, day_text, iso, qdate
from app.ui.duties.queue_tab import QueueTab

COLUMNS = ("事案", "段階", "次の段階", "日数", "依頼書からの日数", "依頼書", "弁護士", "文書係の担当")


class LegalTab(QueueTab):
    TITLE = "法律相談"
    loaded = Signal()
    saved = Signal()

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(store_thread, parent, today, "legal", "legal_queue", COLUMNS)
        self.rows: list[dict] = []
        self.table.itemSelectionChanged.connect(self._selected)
        layout = self.body
        box = QGroupBox("選んだ法律相談の次の段階を記録")
        form = QFormLayout(box)
        self.stage = QLabel("（一覧から選んでください）")
        self.stage.setObjectName("legal_next_stage")
        self.date = date_edit("legal_date")
        self.lawyer = QLineEdit()
        self.lawyer.setObjectName("legal_lawyer")
        self.contact = QLineEdit()
        self.contact.setObjectName("legal_contact")
        self.contact.setPlaceholderText("総務課文書係の担当者")
        self.note = QLineEdit()
        self.note.setObjectName("legal_note")
        self.save_button = QPushButton("記録する")
        self.save_button.setObjectName("legal_save")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        form.addRow("次の段階", self.stage)
        form.addRow("日付", self.date)
        form.addRow("弁護士", self.lawyer)
        form.addRow("総務課文書係の担当", self.contact)
        form.addRow("メモ", self.note)
        form.addRow("", self.save_button)
        layout.addWidget(box)
        self.info = QLabel()
        self.info.setObjectName("legal_info")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        store_thread.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        d = self.today()
        today = d.isoformat()
        self.heading.setText(f"進行中の法律相談（{day_text(d)}現在、日数は前の段階から）")
        self.date.setDate(qdate(d))
        self.load(lambda svc: svc.legal_queue(today) if svc.can("legal.list") else None, self._show, self._failed)

    def _show(self, rows) -> None:
        self.table.clearSelection()
        if rows is None:
            self.rows = []
            self.table.setRowCount(0)
            self.info.setText("法律相談の一覧は係長・課長・部長・総務部長が見られます。")
            self.loaded.emit()
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = (c["incident_label"], c["stage"], c["next_stage"], f"{c['days_waited']}日",
                      f"{c['days_since_request']}日", c["request_number"], c["lawyer"], c["contact"])
            for col, v in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(str(v)))
        self.table.resizeColumnsToContents()
        self.info.setText(f"進行中の法律相談：{len(rows)}件")
        self._selected()
        self.loaded.emit()

    def _current(self) -> dict | None:
        sel = self.table.selectionModel().selectedRows()
        return self.rows[sel[0].row()] if sel else None

    def _selected(self) -> None:
        c = self._current()
        self.save_button.setEnabled(c is not None)
        self.stage.setText(c["next_stage"] if c else "（一覧から選んでください）")
        if c:
            self.lawyer.setText(c["lawyer"])
            self.contact.setText(c["contact"])

    def save(self) -> None:
        c = self._current()
        if c is None:
            return
        iid, stage = c["incident_id"], c["next_stage"]
        payload = {"date": iso(self.date.date()), "lawyer": self.lawyer.text(),
                   "contact": self.contact.text(), "note": self.note.text()}

        def done(_entry) -> None:
            self.note.clear()
            self.info.setText(f"「{stage}」を記録しました。")
            self.saved.emit()
        self.store_thread.submit(lambda svc: svc.record_legal_stage(iid, stage, payload), done, self._failed,
                                 writes=True)

    def _failed(self, error) -> None:
        self.info.setText(getattr(error, "ja", "記録できませんでした。"))
        self.loaded.emit()
