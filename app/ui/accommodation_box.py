"""The 合理的配慮の確認 as a box of its own (issue 16 item 5), for the approval dialog: the approver of a 判断
or 対応中止 answers the edition's two questions before 承認, through the same check_from_answers as the
wizard page (no default answer, a reason for each はい)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit

from app.model.kinds_bans import NO, QUESTION_FIELDS, YES, check_from_answers

UNANSWERED = "（選んでください）"


class AccommodationBox(QGroupBox):
    def __init__(self, questions: dict[str, str], when: str, parent=None):
        super().__init__(f"合理的配慮の確認（{when}）", parent)
        self.setObjectName("accommodation_box")
        self.questions = questions
        self.inputs: dict[str, QComboBox | QLineEdit] = {}
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.WrapAllRows)
        for flag_id, reason_id in QUESTION_FIELDS:
            answer = QComboBox()
            answer.addItems([UNANSWERED, YES, NO])
            reason = QLineEdit()
            reason.setPlaceholderText("「はい」の場合は、その理由")
            for name, widget in ((flag_id, answer), (reason_id, reason)):
                widget.setObjectName(name)
                self.inputs[name] = widget
            form.addRow(questions.get(flag_id, flag_id), answer)
            form.addRow("「はい」の理由", reason)

    def values(self) -> dict:
        return {name: w.currentText() if isinstance(w, QComboBox) else w.text() for name, w in self.inputs.items()}

    def payload(self) -> dict:
        return check_from_answers(self.values(), self.questions)[0]

    def problems(self) -> list[str]:
        return check_from_answers(self.values(), self.questions)[1]
