"""The shape of a duties tab built around one list (法律相談, 配慮措置, 保存年限・廃棄): a heading, the list,
a row of buttons starting with 更新, then the tab's own forms. A load asks the store thread; when loads
overlap only the answer to the latest is shown, and none reaches a tab that is gone."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.duties.common import Today, list_table
from app.ui.store_thread import guarded


class QueueTab(QWidget):
    def __init__(self, store_thread, parent, today: Today | None, name: str, table_name: str, columns,
                 stretch: int = 1):
        super().__init__(parent)
        self.store_thread = store_thread
        self.today = today or dt.date.today
        self._asked = 0  # the latest load asked for: an older answer is not shown
        self.body = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName(f"{name}_heading")
        self.body.addWidget(self.heading)
        self.table = list_table(table_name, columns)
        self.body.addWidget(self.table, stretch)
        self.button_row = QHBoxLayout()
        self.refresh_button = QPushButton("更新")
        self.refresh_button.setObjectName(f"{name}_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.button_row.addWidget(self.refresh_button)
        self.button_row.addStretch(1)
        self.body.addLayout(self.button_row)

    def add_button(self, text: str, name: str, slot) -> QPushButton:
        """A button in the row after 更新 (and any added before it)."""
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        self.button_row.insertWidget(self.button_row.count() - 1, b)
        return b

    def load(self, job, show, failed) -> None:
        self._asked += 1
        asked = self._asked
        latest = lambda: asked == self._asked  # noqa: E731
        self.store_thread.submit(job, guarded(self, show, latest), guarded(self, failed, latest))

    def refresh(self) -> None:  # pragma: no cover - each tab has its own
        raise NotImplementedError
