"""Name + password/PIN fields, used by the lock screen and the approval dialog. Shows no names of its own."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget


class SignInForm(QWidget):
    submitted = Signal(str, str)
    """Emitted with the name and the password when the button is pressed or Enter is hit."""

    def __init__(self, button_text: str = "サインイン", parent=None):
        super().__init__(parent)
        layout = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("sign_in_name")
        self.password = QLineEdit()
        self.password.setObjectName("sign_in_password")
        self.password.setEchoMode(QLineEdit.Password)
        self.button = QPushButton(button_text)
        self.button.setObjectName("sign_in_button")
        self.error = QLabel()
        self.error.setObjectName("sign_in_error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)  # a long reason wraps; the dialog does not grow past the screen
        layout.addRow("氏名", self.name)
        layout.addRow("パスワード / PIN", self.password)
        layout.addRow(self.button)
        layout.addRow(self.error)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        self.submitted.emit(self.name.text(), self.password.text())
        self.password.clear()

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def reset(self) -> None:
        self.name.clear()
        self.password.clear()
        self.error.clear()
