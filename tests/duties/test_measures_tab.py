"""pytest-qt walks of the 配慮措置 and 法律相談 tabs, offscreen, against a real store under a fake today."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from app.export import issue
from app.model.service import Service
from app.ui.duties.legal_tab import LegalTab
from app.ui.duties.measures_tab import MeasuresTab
from app.ui.duties.window import DutiesWindow
from app.ui.store_thread import StoreThread
from tests.duties.test_legal import REPORT, REQ, SETTINGS
from tests.people import PEOPLE
from tests.ui.ime_typing import ime
from tests.ui.conftest import app_fonts, chief_thread, message_boxes, qapp_args, store_thread  # noqa: F401 (fixtures)

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def hr_thread(store, people, app_fonts):
    thread = StoreThread(Service(store, people["hr"], channel="gui"))
    yield thread
    thread.stop()


def _reload(qtbot, tab, today: str):
    tab.today = lambda: dt.date.fromisoformat(today)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.refresh_button, Qt.LeftButton)


def _select(tab, row: int) -> None:
    tab.table.selectRow(row)


def test_a_measure_whose_follow_up_becomes_due(qtbot, store, people, sample, chief_thread, hr_thread):
    iid = Service(store, people["staff"]).create_incident(sample)
    tab = MeasuresTab(chief_thread)
    qtbot.addWidget(tab)
    tab.show()
    tab.today = lambda: dt.date(2025, 4, 2)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.refresh()
    assert tab.table.rowCount() == 0 and tab.incident.count() == 1
    assert tab.incident.currentText().startswith("2025年4月1日 10:00 区民課")
    ime(tab.staff, PEOPLE["staff"][0])
    tab.measure.setCurrentIndex(tab.measure.findText("担当業務・配置の変更"))
    ime(tab.detail, "窓口から後方の事務に一時的に移す")
    tab.followup.setDate(QDate(2025, 4, 9))
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    stored = [e for e in store.entries(iid) if e.kind == "measure_taken"]
    assert len(stored) == 1 and "sealed" in stored[0].payload  # sealed in the store
    [m] = Service(store, people["hr"]).measures_of(iid)
    assert (m["staff"], m["measure"], m["followup"]) == (PEOPLE["staff"][0], "担当業務・配置の変更", "2025-04-09")
    _reload(qtbot, tab, "2025-04-08")
    assert tab.table.rowCount() == 0                      # not due yet
    _reload(qtbot, tab, "2025-04-10")                     # the fake clock moves on: due, 1 day over
    assert tab.table.rowCount() == 1
    assert [tab.table.item(0, c).text() for c in range(3)] == ["2025年4月9日", "1日", PEOPLE["staff"][0]]
    assert "窓口から後方" in tab.table.item(0, 5).text()
    assert "2025年4月10日現在" in tab.heading.text()
    # 人事課 sees it in its own tab too
    hr_tab = MeasuresTab(hr_thread)
    qtbot.addWidget(hr_tab)
    _reload(qtbot, hr_tab, "2025-04-10")
    assert hr_tab.table.rowCount() == 1
    # the 課長 records the follow-up: not done yet, next check in a week
    _select(tab, 0)
    tab.next_date.setDate(QDate(2025, 4, 17))
    ime(tab.followup_note, "本人と面談、継続")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        qtbot.mouseClick(tab.followup_button, Qt.LeftButton)
    _reload(qtbot, tab, "2025-04-16")
    assert tab.table.rowCount() == 0
    _reload(qtbot, tab, "2025-04-17")
    assert tab.table.rowCount() == 1
    _select(tab, 0)
    qtbot.mouseClick(tab.done, Qt.LeftButton, pos=QPoint(8, tab.done.height() // 2))  # the box
    assert tab.done.isChecked() and not tab.next_date.isEnabled()
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        qtbot.mouseClick(tab.followup_button, Qt.LeftButton)
    _reload(qtbot, tab, "2025-05-01")
    assert tab.table.rowCount() == 0
    [m] = Service(store, people["hr"]).measures_of(iid)
    assert m["done"] and [f["note"] for f in m["followups"]] == ["本人と面談、継続", ""]


def test_a_clerk_sees_no_queue(qtbot, store_thread):
    tab = MeasuresTab(store_thread)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.refresh()
    assert tab.table.rowCount() == 0 and "課長と人事課" in tab.info.text()


def test_a_legal_consultation_carried_to_the_report(qtbot, store, people, sample, chief_thread):
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    req = issue.issue_for(chief, iid, "legal-request", settings=SETTINGS, extra=REQ,
                          now=dt.datetime(2025, 6, 2, 10, tzinfo=JST))
    window = DutiesWindow(chief_thread)
    qtbot.addWidget(window)
    window.show()
    tab = window.page("LegalTab")
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "法律相談"
    qtbot.mouseClick(window.tabs.tabBar(), Qt.LeftButton, pos=window.tabs.tabBar().tabRect(window.tabs.indexOf(tab)).center())
    assert window.tabs.currentWidget() is tab
    _reload(qtbot, tab, "2025-06-04")
    assert tab.table.rowCount() == 1
    assert [tab.table.item(0, c).text() for c in (1, 2, 3, 5)] == ["依頼書発行", "調整済み", "2日", req.number]

    def record(day: QDate, lawyer: str = "", contact: str = ""):
        _select(tab, 0)
        tab.date.setDate(day)
        if lawyer:
            tab.lawyer.clear()
            ime(tab.lawyer, lawyer)
        if contact:
            tab.contact.clear()
            ime(tab.contact, contact)
        with qtbot.waitSignal(tab.saved, timeout=10_000):
            qtbot.mouseClick(tab.save_button, Qt.LeftButton)

    _select(tab, 0)
    assert tab.stage.text() == "調整済み"
    record(QDate(2025, 6, 5), "赤坂 三郎", "文書係 白金")
    _reload(qtbot, tab, "2025-06-12")
    assert [tab.table.item(0, c).text() for c in (1, 2, 3, 4, 6, 7)] == \
        ["調整済み", "実施", "7日", "10日", "赤坂 三郎", "文書係 白金"]
    record(QDate(2025, 6, 16))
    _reload(qtbot, tab, "2025-06-18")
    assert tab.table.item(0, 1).text() == "実施" and tab.table.item(0, 3).text() == "2日"
    # 報告書提出 before the 報告書 is issued: refused, the reason shown in words
    _select(tab, 0)
    tab.date.setDate(QDate(2025, 6, 18))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert "報告書が発行されていません" in tab.info.text()
    issue.issue_for(chief, iid, "legal-report", settings=SETTINGS, extra=REPORT,
                    now=dt.datetime(2025, 6, 19, 10, tzinfo=JST))
    _reload(qtbot, tab, "2025-06-20")
    record(QDate(2025, 6, 20))
    _reload(qtbot, tab, "2025-06-20")
    assert tab.table.rowCount() == 0                       # closed: no longer in the queue
    state = chief.legal_state(iid)
    assert state["stage"] == "報告書提出" and [s["date"] for s in state["steps"]] == \
        ["2025-06-05", "2025-06-16", "2025-06-20"]
