"""The lock screen (sign-in, emergency capture) and the privacy screen (F12): no personal detail on either."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.ui.emergency_panel import EmergencyPanel
from app.ui.sign_in_form import SignInForm


class LockScreen(QWidget):
    def __init__(self, store_thread, device_actor, parent=None):
        super().__init__(parent)
        self.setObjectName("lock_screen")
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignCenter)
        self.title.setStyleSheet("font-size: 20px")
        layout.addWidget(self.title)
        self.pages = QStackedWidget()
        signin = QWidget()
        sl = QVBoxLayout(signin)
        self.form = SignInForm()
        self.emergency_button = QPushButton("緊急記録（サインイン不要）")
        self.emergency_button.setObjectName("emergency_button")
        self.emergency_button.setMinimumHeight(48)
        sl.addWidget(self.form)
        self.demo_box = QWidget()
        self.demo_box.setObjectName("demo_users")
        self.demo_box.hide()
        sl.addWidget(self.demo_box)
        sl.addWidget(self.emergency_button)
        sl.addStretch(1)
        self.emergency = EmergencyPanel(store_thread, device_actor)
        back = QPushButton("サインイン画面へ")
        back.clicked.connect(self.show_sign_in)
        epage = QWidget()
        el = QVBoxLayout(epage)
        el.addWidget(self.emergency)
        el.addWidget(back)
        el.addStretch(1)
        self.pages.addWidget(signin)
        self.pages.addWidget(epage)
        self.pages.addWidget(QWidget())  # privacy: nothing at all
        layout.addWidget(self.pages, 1)
        self.emergency_button.clicked.connect(self.show_emergency)
        self.set_mode("lock")

    def set_demo_users(self, users: list[tuple[str, str]], password: str) -> None:
        """Demo mode only: the fictional users, one per role, each a button that fills in the name."""
        from PySide6.QtWidgets import QGridLayout
        grid = QGridLayout(self.demo_box)
        note = QLabel(f"デモ用の架空の職員（パスワードはすべて {password}）。押すと氏名が入ります：")
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 4)
        self.demo_buttons = []
        for i, (name, role) in enumerate(users):
            b = QPushButton(f"{name}（{role}）")
            b.setObjectName("demo_user")
            b.clicked.connect(lambda _c=False, n=name: (self.form.name.setText(n), self.form.password.setFocus()))
            grid.addWidget(b, 1 + i // 4, i % 4)
            self.demo_buttons.append(b)
        self.demo_box.show()

    def set_mode(self, mode: str) -> None:
        """``lock``: sign-in and emergency capture; ``privacy``: a blank screen until F12."""
        if mode == "privacy":
            self.title.setText("しばらくお待ちください")
            self.pages.setCurrentIndex(2)
        else:
            self.title.setText("画面はロックされています")
            self.form.reset()
            self.pages.setCurrentIndex(0)

    def show_sign_in(self) -> None:
        self.emergency.reset()
        self.pages.setCurrentIndex(0)

    def show_emergency(self) -> None:
        self.pages.setCurrentIndex(1)
