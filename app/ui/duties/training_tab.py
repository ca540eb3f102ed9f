"""研修・周知 tab: record a 研修 (course, date, attendees chosen from the staff directory, material) and a 周知
of the 方針, see the counts per 年度, and list what one person attended."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from app.model import fiscal
from app.model.kinds_prevention import COURSES, NOTICE_MEANS
from app.ui.duties.common import Today, date_edit, day_text, iso, list_table
from app.ui.duties.prevention_tab import message_of

COLUMNS = ("実施日", "研修", "受講者数", "教材")


class TrainingTab(QWidget):
    TITLE = "研修・周知"
    loaded = Signal()

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.today = today or dt.date.today
        self.course = QComboBox(objectName="course", editable=True)
        self.course.addItems(list(COURSES))
        self.held_on = date_edit("held_on", self.today())
        self.attendees = QListWidget(objectName="attendees")
        self.attendees.setMaximumHeight(120)
        self.material = QLineEdit(objectName="material")
        self.add_button = QPushButton("研修を登録", objectName="add_training")
        self.add_button.clicked.connect(self.add_training)
        tf = QFormLayout()
        for label, w in (("研修", self.course), ("実施日", self.held_on), ("受講者", self.attendees),
                         ("教材", self.material)):
            tf.addRow(label, w)
        tf.addRow("", self.add_button)
        training_box = QGroupBox("研修の実施")
        training_box.setLayout(tf)
        self.means = QComboBox(objectName="means")
        self.means.addItems(list(NOTICE_MEANS))
        self.notice_date = date_edit("notice_date", self.today())
        self.notice_note = QLineEdit(objectName="notice_note")
        self.notice_button = QPushButton("周知を登録", objectName="add_notice")
        self.notice_button.clicked.connect(self.add_notice)
        nf = QFormLayout()
        for label, w in (("周知の方法", self.means), ("周知日", self.notice_date), ("メモ", self.notice_note)):
            nf.addRow(label, w)
        nf.addRow("", self.notice_button)
        notice_box = QGroupBox("方針の周知")
        notice_box.setLayout(nf)
        self.table = list_table("trainings", COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.counts = QLabel(objectName="counts")
        self.counts.setWordWrap(True)
        self.person = QLineEdit(objectName="person")
        self.person.setPlaceholderText("氏名（職員名簿のとおり）")
        self.person_button = QPushButton("受講歴を表示", objectName="show_person")
        self.person_button.clicked.connect(self.show_person)
        self.person_list = QListWidget(objectName="person_trainings")
        self.person_list.setMaximumHeight(90)
        self.message = QLabel(objectName="message")
        self.message.setWordWrap(True)
        forms = QHBoxLayout()
        forms.addWidget(training_box, 3)
        forms.addWidget(notice_box, 2)
        person_row = QHBoxLayout()
        person_row.addWidget(QLabel("受講歴："))
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.person_button)
        layout = QVBoxLayout(self)
        layout.addLayout(forms)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(person_row)
        layout.addWidget(self.person_list)
        layout.addWidget(self.message)
        self.reload()

    # ---- loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        def job(svc):
            writer = svc.can("entry.training_held")
            return (svc.trainings(), svc.training_counts(), svc.training_candidates() if writer else [], writer,
                    svc.can("entry.notice_given"))
        self.store_thread.submit(job, self._show, self._failed)

    def _show(self, result) -> None:
        trainings, counts, names, writer, notifier = result
        for w in (self.course, self.held_on, self.attendees, self.material, self.add_button):
            w.setEnabled(writer)
        for w in (self.means, self.notice_date, self.notice_note, self.notice_button):
            w.setEnabled(notifier)
        checked = set(self.checked_attendees())
        self.attendees.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name in checked else Qt.Unchecked)
            self.attendees.addItem(item)
        self.table.setRowCount(len(trainings))
        for n, t in enumerate(reversed(trainings)):  # newest first
            for c, v in enumerate((day_text(t.held_on), t.course, f"{len(t.attendees)}人", t.material)):
                cell = QTableWidgetItem(v)
                if c == 2:
                    cell.setToolTip("、".join(t.attendees))
                self.table.setItem(n, c, cell)
        lines = [f"{fiscal.fiscal_label(y)}：研修 {counts.trainings[y]}回（延べ {counts.attendances[y]}人）・"
                 f"周知 {counts.notices[y]}回" for y in counts.years()]
        self.counts.setText("\n".join(lines) or "研修・周知の記録はまだありません。")
        self.loaded.emit()

    def _failed(self, error) -> None:
        self.message.setText(message_of(error))
        self.loaded.emit()

    def checked_attendees(self) -> list[str]:
        return [self.attendees.item(i).text() for i in range(self.attendees.count())
                if self.attendees.item(i).checkState() == Qt.Checked]

    # ---- writing --------------------------------------------------------------------------------
    def add_training(self) -> None:
        payload = {"course": self.course.currentText().strip(), "held_on": iso(self.held_on.date()),
                   "attendees": self.checked_attendees()}
        if self.material.text().strip():
            payload["material"] = self.material.text().strip()

        def done(_entry):
            for i in range(self.attendees.count()):
                self.attendees.item(i).setCheckState(Qt.Unchecked)
            self.material.clear()
            self.message.setText(f"研修「{payload['course']}」（{len(payload['attendees'])}人）を登録しました。")
            self.reload()
        self.store_thread.submit(lambda svc: svc.add_training(payload), done, self._failed, writes=True)

    def add_notice(self) -> None:
        payload = {"means": self.means.currentText(), "date": iso(self.notice_date.date())}
        if self.notice_note.text().strip():
            payload["note"] = self.notice_note.text().strip()

        def done(_entry):
            self.notice_note.clear()
            self.message.setText(f"方針の周知（{payload['means']}）を登録しました。")
            self.reload()
        self.store_thread.submit(lambda svc: svc.add_notice(payload), done, self._failed, writes=True)

    def show_person(self) -> None:
        name = self.person.text()

        def done(found):
            self.person_list.clear()
            for t in found:
                self.person_list.addItem(f"{day_text(t.held_on)}　{t.course}")
            self.message.setText(f"{name}さんの受講歴：{len(found)}件")
        self.store_thread.submit(lambda svc: svc.trainings_of(name), done, self._failed)
