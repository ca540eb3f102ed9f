"""What waits for approval: the signed-in person sees the queue; an approver acts through ApprovalDialog."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from app.model import roles
from app.ui.approval_dialog import SUBJECTS, ApprovalDialog


class ApprovalQueue(QDialog):
    loaded = Signal()
    """Emitted after the queue was (re)loaded."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.setObjectName("approval_queue")
        self.setWindowTitle("承認待ち")
        self.setMinimumWidth(760)
        self.requests: list[dict] = []
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda item: self.open_request(self.list.row(item)))
        self.info = QLabel()
        self.open_button = QPushButton("承認する…")
        self.open_button.clicked.connect(lambda: self.open_request(self.list.currentRow()))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.open_button)
        self.dialog: ApprovalDialog | None = None
        self.reload()

    def reload(self) -> None:
        self.store_thread.submit(lambda svc: svc.pending_approvals(), self._show,
                                 lambda e: self.info.setText(getattr(e, "ja", "読み込めません")))

    def _show(self, requests: list[dict]) -> None:
        self.requests = requests
        self.list.clear()
        for r in requests:
            mark = "★ " if r["mine"] else ""
            QListWidgetItem(f"{mark}{SUBJECTS.get(r['subject'], r['subject'])}（{roles.labels(r['approver_roles'])}）"
                            f"　依頼 {r['at'][:16].replace('T', ' ')}　事案 {r.get('incident_label', '')}", self.list)
        self.info.setText(f"{len(requests)} 件（★ はあなたが承認者）")
        if requests:
            self.list.setCurrentRow(0)  # 承認する… acts on the first request without a click first
        self.loaded.emit()

    def open_request(self, row: int) -> ApprovalDialog | None:
        if not 0 <= row < len(self.requests):
            return None
        self.dialog = ApprovalDialog(self.store_thread, self.requests[row], self)
        self.dialog.approved.connect(lambda _d: self.reload())
        self.dialog.show()
        return self.dialog
