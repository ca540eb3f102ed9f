"""インターネットの事例: attach a screenshot (its SHA-256 only) and record 削除請求 / 開示請求."""
from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton

from app.ui.encounter.session import IncidentSession, iso


def file_evidence(path: Path, url: str = "", account: str = "") -> dict:
    """The attachment_added payload for a screenshot: hash and size; the bytes stay where they are."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    payload = {"sha256": h.hexdigest(), "evidence_kind": "screenshot", "filename": path.name, "size": size,
               "captured_at": iso()}
    if url:
        payload["url"] = url
    if account:
        payload["account"] = account
    return payload


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
        """Hash the file on the store thread and record ``attachment_added`` (the bytes are not copied)."""
        url = self.url.text()
        self.session.append("attachment_added", lambda: file_evidence(Path(path), url))

    def record(self, kind: str) -> None:
        self.session.append(kind, {"at": iso(), "platform": self.platform.text(), "result": self.result.text(),
                                   **({"url": self.url.text()} if self.url.text() else {})})
