"""A 課長 approves on the same PC with their own credentials; the signed-in member of staff stays signed in."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.model import approvals, kinds_bans, workspace
from app.ui.accommodation_box import AccommodationBox
from app.ui.sign_in_form import SignInForm

SUBJECTS = approvals.SUBJECT_LABELS  # what may be approved, from the registry


def approve_job(request_id: str, name: str, password: str, decision: str, check: dict | None = None):
    """Runs on the store thread: authenticate the approver, then approve as them (with their 合理的配慮の確認
    for a 判断 or 対応中止)."""
    return lambda svc: svc.approve_as(name, password, request_id, decision, check=check)


class ApprovalDialog(QDialog):
    approved = Signal(str)
    """Emitted with the decision once it is stored."""

    def __init__(self, store_thread, request: dict, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.request = request
        self.setObjectName("approval_dialog")
        self.setWindowTitle("承認（承認者のパスワードで確認）")
        layout = QVBoxLayout(self)
        draft = request.get("draft") or {}
        text = QLabel(f"{SUBJECTS.get(request['subject'], request['subject'])} の承認\n"
                      f"事案: {request.get('incident_label', '')}\n"
                      f"依頼者: {request.get('requested_by', '')}\n"
                      f"内容: {workspace.describe(request['subject'], draft)}")
        text.setWordWrap(True)
        layout.addWidget(text)
        about = kinds_bans.CHECKED_KINDS.get(request["subject"])
        self.check_box = None
        if about:  # the approver takes the decision: the questions come first, as on the wizard page
            self.check_box = AccommodationBox(request.get("check_questions") or {}, kinds_bans.ABOUT_LABELS[about])
            layout.addWidget(self.check_box)
        self.form = SignInForm("承認")
        self.form.submitted.connect(lambda n, p: self.decide(n, p, "承認"))
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.reject_button = QPushButton("差戻し")
        self.reject_button.clicked.connect(
            lambda: self.decide(self.form.name.text(), self.form.password.text(), "差戻し"))
        row.addWidget(self.reject_button)
        layout.addLayout(row)

    def decide(self, name: str, password: str, decision: str) -> None:
        self.form.password.clear()
        check = None
        if self.check_box is not None and decision == "承認":
            problems = self.check_box.problems()
            if problems:
                self.form.show_error(problems[0])
                return
            check = self.check_box.payload()

        def done(_entries):
            self.approved.emit(decision)
            self.accept()

        def failed(error):
            self.form.show_error(getattr(error, "ja", "できませんでした。もう一度お試しください。"))

        self.store_thread.submit(approve_job(self.request["request_id"], name, password, decision, check), done,
                                 failed, writes=True)
