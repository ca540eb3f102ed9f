"""閲覧記録: who viewed, printed, exported or approved the incident (issue 17 §4), for those the rule lets see it
(Service.who_looked: the 課長 of its 課, the システム管理者). The tab stays hidden for anyone else; the audit
trail behind it is the same one `madoguchi incident looked` reads."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

CHANNELS = {"gui": "画面", "cli": "コマンド", "model": "連携"}
_ID_LIKE = re.compile(r"^[0-9a-f-]{16,}$")


def rows(records: list[dict], local_time) -> list[list[str]]:
    """What a person reads per audit record: time, who, what, how; never an internal id."""
    out = []
    for r in records:
        detail = str(r.get("detail") or "")
        if r.get("action") == "view_care" or _ID_LIKE.match(detail):
            detail = ""  # a care record's id, a file's hash: not for people
        what = r.get("label", "") + (f"（{detail}）" if detail else "")
        out.append([local_time(r.get("at", "")), r.get("author", ""), what, CHANNELS.get(r.get("channel", ""), "")])
    return out


class LookedTab(QWidget):
    TITLE = "閲覧記録"

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        note = QLabel("この事案を閲覧・印刷・書き出し・承認した職員と日時です（監査記録から表示）。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("looked_table")
        self.table.setHorizontalHeaderLabels(["日時", "職員", "操作", "経路"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)

    def show_rows(self, shown: list[list[str]]) -> None:
        self.table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
