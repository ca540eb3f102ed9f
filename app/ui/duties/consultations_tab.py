"""相談記録 tab: the notice on 不利益取扱い first, then the worker's own consultation form, and the list of the
consultations the signed-in person may read (the 課長 may open an incident from one the worker agreed to)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from app.model import consultations, permissions
from app.model.kinds_consult import HARASSMENT_ANSWERS, WINDOWS
from app.ui.duties.common import list_table, moment_text

COLUMNS = ("日時", "相談した人", "相談窓口", "カスハラに当たるか", "課への同意", "相談内容", "経過")


def _message(exc) -> str:
    return getattr(exc, "ja", "") or "処理できませんでした。"


class ConsultationsTab(QWidget):
    TITLE = "相談"
    saved = Signal()
    loaded = Signal()
    opened = Signal()
    looked_shown = Signal()

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.rows: list[dict] = []
        layout = QVBoxLayout(self)
        self.notice = QLabel(consultations.NOTICE)
        self.notice.setObjectName("consultation_notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.read_notice = QPushButton("お知らせを読みました（相談を記録する）")
        layout.addWidget(self.notice)
        layout.addWidget(self.read_notice)

        self.form_box = QGroupBox("相談の記録（本人の相談）")
        form = QFormLayout(self.form_box)
        self.what = QPlainTextEdit()
        self.what.setPlaceholderText("何があったか")
        self.since = QLineEdit()
        self.since.setPlaceholderText("例：2026年9月ごろ")
        self.wants = QPlainTextEdit()
        self.wants.setPlaceholderText("どうしてほしいか（担当の交代、複数での対応など）")
        self.harassment = QComboBox()
        self.harassment.addItems(HARASSMENT_ANSWERS)
        self.window_choice = QComboBox()
        self.window_choice.addItems(WINDOWS)
        self.consent = QCheckBox("所属の課に伝えることに同意する")
        self.save = QPushButton("記録する")
        form.addRow("相談内容", self.what)
        form.addRow("いつから", self.since)
        form.addRow("希望する対応", self.wants)
        form.addRow("カスハラに当たると思うか", self.harassment)
        form.addRow("相談窓口", self.window_choice)
        form.addRow("", self.consent)
        form.addRow("", self.save)
        self.form_box.setEnabled(False)
        layout.addWidget(self.form_box)

        self.table = list_table("consultations_table", COLUMNS)
        layout.addWidget(QLabel("読むことができる相談記録"))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_incident = QPushButton("この相談から事案を開く")
        self.show_looked = QPushButton("閲覧した人を見る")
        buttons.addWidget(self.open_incident)
        buttons.addWidget(self.show_looked)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("consultation_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.read_notice.clicked.connect(self._notice_read)
        self.save.clicked.connect(self._save)
        self.open_incident.clicked.connect(self._open)
        self.show_looked.clicked.connect(self._looked)
        self.notice_shown = False
        self.reload()

    # ---- the notice, then the form ------------------------------------------------------------------
    def _notice_read(self) -> None:
        self.notice_shown = not self.notice.isHidden()  # the notice is on this screen, above the form
        self.form_box.setEnabled(self.notice_shown)
        self.read_notice.setEnabled(False)

    def payload(self) -> dict:
        return {"what_happened": self.what.toPlainText().strip(), "since": self.since.text().strip(),
                "wants": self.wants.toPlainText().strip(), "is_harassment": self.harassment.currentText(),
                "window": self.window_choice.currentText(), "consents_to_section": self.consent.isChecked(),
                "notice_shown": self.notice_shown}

    def _save(self) -> None:
        payload = self.payload()

        def done(_entry) -> None:
            self.what.clear()
            self.since.clear()
            self.wants.clear()
            self.consent.setChecked(False)
            self.status.setText("相談を記録しました。内容は本人と相談窓口だけが読めます。")
            self.saved.emit()
            self.reload()

        self.store_thread.submit(lambda svc: svc.record_consultation(payload), done,
                                 lambda e: self.status.setText(_message(e)), writes=True)

    # ---- the list --------------------------------------------------------------------------------
    def reload(self) -> None:
        def job(svc):
            opens = svc.can("incident.create") and svc.can(permissions.operation_for_entry("consultation_followup"))
            return svc.consultations(), opens

        self.store_thread.submit(job, self._show, lambda e: (self.status.setText(_message(e)), self.loaded.emit()))

    def _show(self, result: tuple[list[dict], bool]) -> None:
        rows, opens = result
        self.open_incident.setVisible(opens)  # the 課長 (the table decides); others never see the button
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = (moment_text(c.get("at") or c.get("recorded_at", "")), c.get("author", ""),
                      c.get("window", ""), c.get("is_harassment", ""),
                      "同意あり" if c.get("consents_to_section") else "同意なし", c.get("what_happened", "")[:40],
                      "・".join(f.get("note", "") or ("完了" if f.get("done") else "") for f in c.get("followups", [])))
            for col, value in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(value))
        self.loaded.emit()

    def selected(self) -> dict | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _open(self) -> None:
        c = self.selected()
        if c is None:
            self.status.setText("相談記録を選んでください。")
            return
        cid = c["id"]

        def done(_iid) -> None:
            self.status.setText("この相談から事案を開きました（事案の一覧に追加されています）。")
            self.opened.emit()
            self.reload()

        self.store_thread.submit(lambda svc: svc.incident_from_consultation(cid), done,
                                 lambda e: self.status.setText(_message(e)), writes=True)

    def _looked(self) -> None:
        c = self.selected()
        if c is None:
            self.status.setText("相談記録を選んでください。")
            return
        cid = c["id"]

        def done(rows: list[dict]) -> None:
            who = "、".join(f"{r['author']}（{moment_text(r['at'])}）" for r in rows)
            self.status.setText(f"閲覧した人：{who}" if who else "まだ誰も閲覧していません。")
            self.looked_shown.emit()

        self.store_thread.submit(lambda svc: svc.consultation_looked(cid), done,
                                 lambda e: self.status.setText(_message(e)))
