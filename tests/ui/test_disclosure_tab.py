"""本人開示の請求 tab (issue 17 §3): a 課長 types a request and records it, the list shows its 期限 and state on
a fake today; a 職員 is told they have no right; no internal id is shown."""
from __future__ import annotations

import datetime as _dt
import re

from PySide6.QtCore import QDate, Qt

from app.model import streams
from app.model.service import Service
from app.ui.duties.disclosure_tab import NO_RIGHT, DisclosureTab
from app.ui.store_thread import StoreThread
from tests.ui.ime_typing import ime

NAME = "髙橋 﨑子"


def _cells(t):
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_a_section_chief_records_a_request_and_sees_its_clock(qtbot, chief_thread, store, people):
    earlier = Service(store, people["section_chief"]).disclosure_request(
        {"requester": "𠮷田 太郎", "received_on": "2025-03-01"})
    tab = DisclosureTab(chief_thread, today=lambda: _dt.date(2025, 4, 11))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
    assert _cells(tab.table)[0][4] == "期限超過" and "期限を過ぎた請求が1件" in tab.status.text()
    ime(tab.receive.requester, NAME)  # typed through the input method, as at the counter
    tab.receive.received_on.setDate(QDate(2025, 4, 1))
    ime(tab.receive.scope, "窓口での対応記録")
    qtbot.mouseClick(tab.receive.submit, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10000)
    stored = [e for e in store.entries(streams.DISCLOSURES) if e.kind == "disclosure_received" and e.id != earlier.id]
    assert len(stored) == 1 and stored[0].payload["requester"] == NAME
    assert stored[0].payload["received_on"] == "2025-04-01" and stored[0].payload["scope"] == "窓口での対応記録"
    cells = _cells(tab.table)
    mine = next(row for row in cells if row[1] == NAME)
    assert mine == ["開示請求", NAME, "2025年4月1日", "2025年5月1日", "受付", "あと20日"]  # the one day form of the duties tabs
    text = " ".join(" ".join(row) for row in cells)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", text) and "disclosure" not in text
    assert tab.receive.requester.text() == ""
    qtbot.mouseClick(tab.receive.submit, Qt.LeftButton)  # no name: refused, said in Japanese
    qtbot.waitUntil(lambda: "請求者" in tab.status.text(), timeout=10000)
    assert tab.table.rowCount() == 2


def test_a_clerk_is_told_the_register_is_not_theirs(qtbot, store, people, app_fonts):
    thread = StoreThread(Service(store, people["staff"], channel="gui"))
    try:
        tab = DisclosureTab(thread)
        qtbot.addWidget(tab)
        qtbot.waitUntil(lambda: tab.status.text() == NO_RIGHT, timeout=10000)
        assert not tab.forms.isEnabled() and tab.table.rowCount() == 0
    finally:
        thread.stop()


def test_the_duties_window_hosts_the_tab(qtbot, chief_thread):
    from app.ui.duties.window import DutiesWindow
    w = DutiesWindow(chief_thread)
    qtbot.addWidget(w)
    page = w.page("DisclosureTab")
    assert isinstance(page, DisclosureTab) and w.tabs.tabText(w.tabs.indexOf(page)) == "本人開示の請求"
