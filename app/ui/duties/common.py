"""What every tab of the duties window shares: the one today, the one way a day is shown, and the widgets
built the same way in each tab (a read-only list, a date field).

The screen shows days as 2026年12月3日 (the way every date field of the application is typed); documents
print 和暦 (app/export/wareki.py), since they are read outside the application.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QTableWidget

#: a tab's today: the window gives every tab the same one (a fake one in tests)
Today = Callable[[], dt.date]

DATE_FORMAT = "yyyy年M月d日"


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def day_text(value) -> str:
    """2026年12月3日 for a date or ISO text (a time part is left out); empty for nothing."""
    if value in (None, ""):
        return ""
    d = as_date(value)
    return f"{d.year}年{d.month}月{d.day}日"


def moment_text(value) -> str:
    """2026年12月3日 10:05 for ISO text with a time (the time as written, no conversion)."""
    text = str(value or "")
    return f"{day_text(text)} {text[11:16]}".strip() if text else ""


def incident_choice(i: dict) -> str:
    """An incident in a form's list: its day and time, 課 and the start of its summary (no id)."""
    return " ".join(x for x in (moment_text(i.get("occurred_at")), i.get("department") or "",
                                (i.get("summary") or "")[:30]) if x)


def qdate(value) -> QDate:
    d = as_date(value)
    return QDate(d.year, d.month, d.day)


def iso(value: QDate) -> str:
    return value.toString("yyyy-MM-dd")


def date_edit(name: str, day=None) -> QDateEdit:
    """A date field with a calendar, shown as 2026年12月3日."""
    w = QDateEdit()
    w.setObjectName(name)
    w.setCalendarPopup(True)
    w.setDisplayFormat(DATE_FORMAT)
    if day is not None:
        w.setDate(qdate(day))
    return w


def list_table(name: str, columns) -> QTableWidget:
    """A read-only list: whole rows selected one at a time, no row numbers, the last column stretched."""
    t = QTableWidget(0, len(columns))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(columns))
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.setSelectionMode(QAbstractItemView.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t
