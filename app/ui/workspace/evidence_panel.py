"""Evidence of one incident: the list with SHA-256, image preview, audio playback, attaching files."""
from __future__ import annotations

import os
import shutil
import tempfile

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.model import evidence
from app.model.workspace import local_time


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


def _optional_time(name: str):
    """A date/time picker that starts empty (「投稿日時：未入力」): no ISO string to type."""
    from PySide6.QtCore import QDateTime
    from PySide6.QtWidgets import QDateTimeEdit
    w = QDateTimeEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy年M月d日 H:mm")
    w.setMinimumDateTime(QDateTime.fromString("2000-01-01T00:00:00", "yyyy-MM-ddTHH:mm:ss"))
    w.setSpecialValueText(f"{name}：未入力")
    w.setDateTime(w.minimumDateTime())
    w.setAccessibleName(name)
    w.setToolTip(f"{name}（分かる場合だけ。カレンダーから選べます）")
    return w


class EvidencePanel(QWidget):
    attach_requested = Signal(str, str, dict)
    """Emitted with (file path, evidence kind, SNS fields) when the user attaches a file."""

    def __init__(self, store_thread, incident_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("evidence_panel")
        self.store_thread = store_thread
        self.incident_id = incident_id
        self.items: list[evidence.Attachment] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("evidence_table")
        self.table.setHorizontalHeaderLabels(["種類", "ファイル名", "大きさ", "SHA-256"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(lambda r, *_: self.open_item(r))
        self.preview = QLabel("項目を選ぶと、画像はここに表示されます")
        self.preview.setObjectName("evidence_preview")
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(240, 180)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.play_button = QPushButton("再生")
        self.play_button.setObjectName("evidence_play")
        self.play_button.setEnabled(False)
        self.play_button.clicked.connect(self.toggle_play)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.details)
        rl.addWidget(self.play_button)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.kind = QComboBox()
        self.kind.setObjectName("evidence_kind")
        for k in evidence.KINDS:
            self.kind.addItem(evidence.KIND_LABELS[k], k)
        self.sns_url, self.sns_account = QLineEdit(), QLineEdit()
        self.sns_posted, self.sns_captured = _optional_time("投稿日時"), _optional_time("保存日時")
        self.sns_url.setPlaceholderText("SNS: URL")
        self.sns_account.setPlaceholderText("アカウント")
        self.attach_button = QPushButton("ファイルを添付…")
        self.attach_button.setObjectName("evidence_attach")
        self.attach_button.clicked.connect(self._choose)
        form = QHBoxLayout()
        form.addWidget(QLabel("種類"))
        form.addWidget(self.kind)
        for w in (self.sns_url, self.sns_account, self.sns_posted, self.sns_captured):
            form.addWidget(w)
        form.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(form)
        self.player = None
        self.device: str | None = None  # the temporary decrypted copy while playing
        self.current: evidence.Attachment | None = None
        self.pixmap: QPixmap | None = None

    def set_items(self, items: list[evidence.Attachment]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for r, a in enumerate(self.items):
            for c, text in enumerate((evidence.KIND_LABELS.get(a.evidence_kind, a.evidence_kind), a.filename,
                                      _size(a.size), a.sha256)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def sns_fields(self) -> dict:
        pairs = (("url", self.sns_url), ("account", self.sns_account), ("posted_at", self.sns_posted),
                 ("captured_at", self.sns_captured))
        out = {k: w.text() for k, w in pairs[:2] if w.text()}
        for k, w in pairs[2:]:
            if w.dateTime() != w.minimumDateTime():  # 未入力 is the minimum
                from app.ui.workspace.correct_dialog import from_qdatetime
                out[k] = from_qdatetime(w.dateTime())
        return out

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "証拠を添付")
        if path:
            self.attach_requested.emit(path, self.kind.currentData(), self.sns_fields())

    # --- opening ---
    def open_item(self, row: int) -> None:
        self.stop()
        if not 0 <= row < len(self.items):
            return
        a = self.current = self.items[row]
        lines = [f"SHA-256: {a.sha256}", f"記録者: {a.author}  記録日時: {local_time(a.at)}"]
        lines += [f"{label}: {value}" for label, value in (("URL", a.url), ("アカウント", a.account),
                                                           ("投稿日時", local_time(a.posted_at) if a.posted_at else ""),
                                                           ("保存日時", local_time(a.captured_at) if a.captured_at else ""))
                  if value]
        self.details.setText("\n".join(lines))
        self.play_button.setEnabled(a.is_audio or a.evidence_kind == "video")
        iid, sha = self.incident_id, a.sha256
        if a.is_image:
            self.preview.setText("読み込み中…")
            self.store_thread.submit(lambda svc: _read_image(svc, iid, sha), self._show_image, self._failed)
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("画像ではありません")

    def _show_image(self, data: bytes) -> None:
        pix = QPixmap()
        if not pix.loadFromData(data):
            self.preview.setText("画像を表示できません")
            return
        self.pixmap = pix
        self.preview.setPixmap(pix.scaled(self.preview.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def _failed(self, error) -> None:
        self.preview.setText(getattr(error, "ja", "開けませんでした"))

    # --- audio ---
    def toggle_play(self) -> None:
        if self.player is not None and self.player.isPlaying():
            self.stop()
            return
        a = self.current
        if a is None:
            return
        iid, sha = self.incident_id, a.sha256
        folder = tempfile.mkdtemp(prefix="madoguchi-play-")  # 0700, removed on stop
        target = os.path.join(folder, "media" + os.path.splitext(a.filename)[1].lower()[:8])
        self.store_thread.submit(lambda svc: (evidence.get(svc, iid, sha, target), target)[1], self._play,
                                 lambda err: (shutil.rmtree(folder, ignore_errors=True), self._failed(err)))
        self.playing_file = target

    def _play(self, path: str) -> None:
        """Qt Multimedia plays a file: the decrypted copy lives in a private temporary folder only while
        it plays (streamed out in 64 KiB pieces, never whole in memory)."""
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        except ImportError:  # Qt Multimedia's system libraries (e.g. libpulse) are missing
            shutil.rmtree(os.path.dirname(path), ignore_errors=True)
            self.details.setText(self.details.text() + "\n再生できません（音声の再生に必要な部品がありません）")
            return
        if self.player is None:
            self.player = QMediaPlayer(self)
            self.audio = QAudioOutput(self)
            self.player.setAudioOutput(self.audio)
        self.device = path
        self.player.setSource(QUrl.fromLocalFile(path))
        self.player.play()
        self.play_button.setText("停止")

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        if self.device is not None:
            shutil.rmtree(os.path.dirname(self.device), ignore_errors=True)
            self.device = None
        self.play_button.setText("再生")


def _read_image(svc, incident_id: str, sha: str) -> bytes:
    with evidence.open_reader(svc, incident_id, sha) as r:
        return r.read_all()
