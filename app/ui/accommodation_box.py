"""The 合理的配慮の確認 as a box of its own (issue 16 item 5): the approver of a 判断 or 対応中止 in the
approval dialog, and the 課長 deciding a 出入禁止 in the duties window, answer the edition's two questions
through the same check_from_answers as the wizard page (no default answer, a reason for each はい)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from app.model.kinds_bans import NO, QUESTION_FIELDS, YES, check_from_answers

UNANSWERED = "（選んでください）"


class AccommodationBox(QGroupBox):
    def __init__(self, questions: dict[str, str], when: str, parent=None):
        super().__init__(f"合理的配慮の確認（{when}）", parent)
        self.setObjectName("accommodation_box")
        self.questions = dict(questions)
        self.inputs: dict[str, QComboBox | QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setSpacing(4)
        for flag_id, reason_id in QUESTION_FIELDS:  # the question across the box, its answer and reason below
            label = QLabel(questions.get(flag_id, ""))
            label.setWordWrap(True)
            answer = QComboBox()
            answer.addItems([UNANSWERED, YES, NO])
            reason = QLineEdit()
            reason.setPlaceholderText("「はい」の場合は、その理由")
            for name, widget in ((flag_id, answer), (reason_id, reason)):
                widget.setObjectName(name)
                self.inputs[name] = widget
            self.labels[flag_id] = label
            row = QHBoxLayout()
            row.addWidget(answer)
            row.addWidget(reason, 1)
            column.addWidget(label)
            column.addLayout(row)

    def set_questions(self, questions: dict[str, str]) -> None:
        """The wording, when it arrives from the store (the edition's)."""
        self.questions = dict(questions)
        for flag_id, label in self.labels.items():
            label.setText(self.questions.get(flag_id, ""))

    def clear(self) -> None:
        for w in self.inputs.values():
            w.setCurrentIndex(0) if isinstance(w, QComboBox) else w.clear()

    def values(self) -> dict:
        return {name: w.currentText() if isinstance(w, QComboBox) else w.text() for name, w in self.inputs.items()}

    def payload(self) -> dict:
        return check_from_answers(self.values(), self.questions)[0]

    def problems(self) -> list[str]:
        return check_from_answers(self.values(), self.questions)[1]
