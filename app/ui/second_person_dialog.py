"""A second person confirms with their own credentials on this PC (the 庁舎管理者's 退去命令 at the counter):
the entry is appended by them, through the same door; the signed-in clerk stays signed in."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from app.model import roles
from app.ui.sign_in_form import SignInForm


class SecondPersonDialog(QDialog):
    done = Signal(object)
    """Emitted with the stored entry."""

    def __init__(self, store_thread, incident_id: str, kind: str, payload: dict, who: str, parent=None):
        super().__init__(parent)
        self.store_thread, self.incident_id, self.kind, self.payload = store_thread, incident_id, kind, payload
        self.setObjectName("second_person_dialog")
        self.setWindowTitle(f"{who}の確認")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = QLabel(f"この記録は{who}が行います。{who}の氏名とパスワード（PIN）を入力してください。\n"
                      "入力した人の名前で記録されます。サインイン中の職員はそのままです。")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = SignInForm("確認して記録")
        self.form.submitted.connect(self.submit)
        layout.addWidget(self.form)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.form.name.setFocus()  # the second person types at once

    def submit(self, name: str, password: str) -> None:
        iid, kind, payload = self.incident_id, self.kind, dict(self.payload)
        if payload.get("by", None) in ("", *roles.LABELS.values()):  # 実施者: the person who confirmed, by name
            payload["by"] = name

        def ok(entry) -> None:
            self.done.emit(entry)
            self.accept()

        self.store_thread.submit(lambda svc: svc.append_as(name, password, iid, kind, payload), ok,
                                 lambda e: self.form.show_error(getattr(e, "ja", "記録できませんでした。")), writes=True)


def who_for(operation: str) -> str:
    from app.model import permissions
    return roles.labels(permissions.roles_for(operation)) or "権限のある人"
