"""The audit trail for the 課長 and the システム管理者 (the model refuses everyone else)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

COLUMNS = [("at", "日時"), ("author", "操作者"), ("action", "操作"), ("target", "対象"), ("op", "権限"),
           ("channel", "経路")]
ACTIONS = {"view": "閲覧", "export": "出力", "print": "印刷", "sign_in": "サインイン", "sign_in_failed": "サインイン失敗",
           "locked_out": "ロックアウト中", "permission_denied": "権限なし", "staff_changed": "職員変更", "claim": "引き継ぎ",
           "approval": "承認"}


class AuditView(QDialog):
    loaded = Signal()
    """Emitted after the rows were loaded."""

    def __init__(self, store_thread, parent=None, limit: int = 500):
        super().__init__(parent)
        self.setObjectName("audit_view")
        self.setWindowTitle("監査ログ")
        self.resize(900, 500)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.info = QLabel()
        layout.addWidget(self.table, 1)
        layout.addWidget(self.info)
        store_thread.submit(lambda svc: svc.audit_log(limit), self._show,
                            lambda e: self.info.setText(getattr(e, "ja", "読み込めません")))

    def _show(self, rows: list[dict]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(COLUMNS):
                value = str(row.get(key, ""))
                self.table.setItem(r, c, QTableWidgetItem(ACTIONS.get(value, value) if key == "action" else value))
        self.info.setText(f"{len(rows)} 件")
        self.loaded.emit()
