"""インターネットの事例: keep a screenshot as encrypted evidence (SHA-256 recorded) and record 削除請求 / 開示請求."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton

from app.ui.encounter.session import IncidentSession, iso


class InternetBox(QGroupBox):
    def __init__(self, session: IncidentSession, parent=None):
        super().__init__("インターネット（投稿の保存・削除請求・開示請求）", parent)
        self.setObjectName("internet_box")
        self.session = session
        self.platform = QLineEdit()
        self.platform.setPlaceholderText("運営会社・サービス名（例：YouTubeであればGoogle）")
        self.url = QLineEdit()
        self.url.setPlaceholderText("投稿のURL")
        self.result = QLineEdit()
        self.result.setPlaceholderText("結果（例：依頼済み・回答待ち）")
        form = QFormLayout(self)
        form.addRow("運営会社", self.platform)
        form.addRow("URL", self.url)
        form.addRow("結果", self.result)
        row = QHBoxLayout()
        self.attach_button = QPushButton("スクリーンショットを添付…")
        self.attach_button.setObjectName("attach_screenshot")
        self.takedown_button = QPushButton("削除請求を記録")
        self.takedown_button.setObjectName("record_takedown")
        self.disclosure_button = QPushButton("開示請求を記録")
        self.disclosure_button.setObjectName("record_disclosure")
        for b in (self.attach_button, self.takedown_button, self.disclosure_button):
            b.setMinimumHeight(40)
            row.addWidget(b)
        form.addRow(row)
        self.attach_button.clicked.connect(self.choose_file)
        self.takedown_button.clicked.connect(lambda: self.record("takedown_request"))
        self.disclosure_button.clicked.connect(lambda: self.record("disclosure_request"))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "スクリーンショットを選ぶ", "", "画像 (*.png *.jpg *.jpeg *.webp);;すべて (*)")
        if name:
            self.attach(Path(name))

    def attach(self, path: Path) -> None:
        """Keep the screenshot as evidence: encrypted into the store, SHA-256 recorded (app/model/evidence.py)."""
        sns = {"url": self.url.text(), "captured_at": iso()} if self.url.text() else {"captured_at": iso()}
        self.session.attach_evidence(Path(path), "screenshot", sns)

    def record(self, kind: str) -> None:
        self.session.append(kind, {"at": iso(), "platform": self.platform.text(), "result": self.result.text(),
                                   **({"url": self.url.text()} if self.url.text() else {})})
