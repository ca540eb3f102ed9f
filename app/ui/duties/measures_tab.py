"""配慮措置 tab: the follow-ups due (as of the tab's today) and a form to record a measure or a follow-up.

Every read and write goes through the Service on the store thread; what a person may not read never arrives
(the care rule, app/model/access.may_see_care). ``today`` is the window's (a fake one in tests)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QTableWidgetItem)

from app.model import measures
from app.ui.duties.common import Today, date_edit, day_text, incident_choice, iso, qdate
from app.ui.duties.queue_tab import QueueTab

COLUMNS = ("経過確認日", "超過日数", "職員", "措置", "事案", "内容")


class MeasuresTab(QueueTab):
    TITLE = "配慮措置"
    loaded = Signal()
    """Emitted after the due list (and the incidents of the form) were shown."""
    saved = Signal()
    """Emitted after a measure or a follow-up was recorded."""

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(store_thread, parent, today, "measures", "measures_due", COLUMNS)
        self.due: list[dict] = []
        layout = self.body
        layout.addWidget(self._followup_box())
        layout.addWidget(self._add_box())
        self.info = QLabel()
        self.info.setObjectName("measures_info")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        store_thread.changed.connect(self.refresh)
        self.refresh()

    # ---- the form ------------------------------------------------------------------------------------
    def _followup_box(self) -> QGroupBox:
        box = QGroupBox("選んだ配慮措置の経過を記録")
        form = QFormLayout(box)
        self.done = QCheckBox("完了（これ以上の経過確認は不要）")
        self.done.setObjectName("followup_done")
        self.next_date = date_edit("followup_next")
        self.followup_note = QLineEdit()
        self.followup_note.setObjectName("followup_note")
        self.followup_button = QPushButton("経過を記録する")
        self.followup_button.setObjectName("followup_save")
        self.followup_button.clicked.connect(self.save_followup)
        self.done.toggled.connect(lambda on: self.next_date.setEnabled(not on))
        form.addRow("", self.done)
        form.addRow("次の経過確認日", self.next_date)
        form.addRow("メモ", self.followup_note)
        form.addRow("", self.followup_button)
        return box

    def _add_box(self) -> QGroupBox:
        box = QGroupBox("配慮措置を記録（本人・その課の課長・人事課だけが読めます）")
        form = QFormLayout(box)
        self.incident = QComboBox()
        self.incident.setObjectName("measure_incident")
        self.staff = QLineEdit()
        self.staff.setObjectName("measure_staff")
        self.staff.setPlaceholderText("職員の氏名（職員名簿のとおり）")
        self.measure = QComboBox()
        self.measure.setObjectName("measure_kind")
        self.measure.addItems(list(measures.OPTIONS))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("measure_detail")
        self.detail.setFixedHeight(60)
        self.followup = date_edit("measure_followup")
        self.add_button = QPushButton("配慮措置を記録する")
        self.add_button.setObjectName("measure_save")
        self.add_button.clicked.connect(self.save_measure)
        form.addRow("事案", self.incident)
        form.addRow("職員", self.staff)
        form.addRow("措置", self.measure)
        form.addRow("内容", self.detail)
        form.addRow("経過確認日", self.followup)
        form.addRow("", self.add_button)
        return box

    # ---- loading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        d = self.today()
        today = d.isoformat()
        self.heading.setText(f"経過確認日が来た配慮措置（{day_text(d)}現在）")
        if today != getattr(self, "_today", None):  # a new day (or a clock set): dates two weeks ahead
            self._today = today
            self.next_date.setDate(qdate(d).addDays(14))
            self.followup.setDate(qdate(d).addDays(14))

        def job(svc):
            due = svc.measures_due(today) if svc.can("measure.due") else None
            incidents = svc.list_incidents(limit=200) if svc.can("incident.list") else []
            return due, incidents
        self.load(job, self._show, self._failed)

    def _show(self, result) -> None:
        due, incidents = result
        if due is None:
            self.due = []
            self.table.setRowCount(0)
            self.info.setText("経過確認の一覧は課長と人事課が見られます。")
        else:
            self.due = due
            self.table.setRowCount(len(due))
            for r, d in enumerate(due):
                values = (day_text(d["due"]), f"{d['days_overdue']}日", d["staff"], d["measure"], d["incident_label"],
                          d["detail"])
                for c, v in enumerate(values):
                    self.table.setItem(r, c, QTableWidgetItem(str(v)))
            self.table.resizeColumnsToContents()
            self.info.setText(f"経過確認が必要な配慮措置：{len(due)}件")
        current = self.incident.currentData()
        self.incident.clear()
        for i in incidents:
            self.incident.addItem(incident_choice(i), i["id"])
        if current is not None and self.incident.findData(current) >= 0:
            self.incident.setCurrentIndex(self.incident.findData(current))
        self.loaded.emit()

    def _failed(self, error) -> None:
        self.info.setText(getattr(error, "ja", "読み込めませんでした。"))
        self.loaded.emit()

    # ---- writing -------------------------------------------------------------------------------------
    def save_measure(self) -> None:
        iid = self.incident.currentData()
        if not iid:
            self.info.setText("事案を選んでください。")
            return
        payload = {"staff": self.staff.text(), "measure": self.measure.currentText(),
                   "detail": self.detail.toPlainText(), "followup": iso(self.followup.date())}
        self.store_thread.submit(lambda svc: svc.add_measure(iid, payload), self._saved("配慮措置を記録しました。"),
                                 self._failed, writes=True)

    def save_followup(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.info.setText("経過を記録する配慮措置を一覧から選んでください。")
            return
        d = self.due[rows[0].row()]
        payload = {"done": self.done.isChecked(), "note": self.followup_note.text()}
        if not self.done.isChecked():
            payload["next_followup"] = iso(self.next_date.date())
        iid, mid = d["incident_id"], d["entry_id"]
        self.store_thread.submit(lambda svc: svc.measure_followup(iid, mid, payload), self._saved("経過を記録しました。"),
                                 self._failed, writes=True)

    def _saved(self, text: str):
        def done(_entry) -> None:
            self.detail.clear()
            self.followup_note.clear()
            self.done.setChecked(False)
            self.info.setText(text)
            self.saved.emit()
        return done
