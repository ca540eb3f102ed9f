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
