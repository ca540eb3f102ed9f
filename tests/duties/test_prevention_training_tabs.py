"""The 再発防止 and 研修・周知 tabs, clicked and typed (offscreen): an item closed, a 研修 with three attendees."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from app.model import streams
from app.model.service import Service
from app.ui.store_thread import StoreThread


@pytest.fixture
def thread_for(store, people, qapp):
    from app.ui.fonts import load_fonts
    load_fonts(qapp)
    threads = []

    def make(role):
        t = StoreThread(Service(store, people[role], channel="gui"))
        threads.append(t)
        return t
    yield make
    for t in threads:
        t.stop()


def test_a_prevention_item_recorded_and_closed(qtbot, store, people, sample, thread_for):
    from app.ui.duties.prevention_tab import PreventionTab
    iid = Service(store, people["staff"]).create_incident(sample)
    tab = PreventionTab(thread_for("section_chief"))
    tab.today = lambda: dt.date(2025, 7, 1)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.incidents.count() == 1, timeout=5000)
    assert "区民課" in tab.incidents.item(0).text() and iid not in tab.incidents.item(0).text()
    tab.what.insertPlainText("待ち時間の目安を掲示する")  # Japanese arrives through the IME, not key clicks
    tab.owner.insert("区民課 窓口係長")
    tab.due.setDate(QDate(2025, 6, 30))
    tab.review_note.insertPlainText("説明の不足が苛立ちを招いた")
    tab.incidents.item(0).setCheckState(Qt.Checked)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5000)
    assert [tab.table.item(0, c).text() for c in range(5)] == ["待ち時間の目安を掲示する", "区民課 窓口係長", "2025年6月30日",
                                                              "未着手", "期限超過"]
    tab.table.selectRow(0)
    tab.note.insert("各窓口に掲示した")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.done_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.table.item(0, 3).text() == "完了", timeout=5000)
    assert tab.table.item(0, 4).text() == ""
    kinds = [e.kind for e in store.entries(streams.PREVENTION)]
    assert kinds == ["prevention_item", "prevention_progress"]
    assert store.entries(streams.PREVENTION)[0].payload["incidents"] == [iid]
    assert store.entries(streams.PREVENTION)[1].payload["note"] == "各窓口に掲示した"


def test_a_training_with_three_attendees_and_a_person_s_record(qtbot, store, people, thread_for):
    from app.ui.duties.training_tab import TrainingTab
    tab = TrainingTab(thread_for("hr"))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.attendees.count() >= 8, timeout=5000)
    tab.course.setCurrentText("悪質クレームの法的対応")
    tab.held_on.setDate(QDate(2025, 10, 1))
    for i in range(tab.attendees.count()):
        if tab.attendees.item(i).text() in ("港 一郎", "芝 係長", "麻布 課長"):
            tab.attendees.item(i).setCheckState(Qt.Checked)
    tab.material.insert("弁護士講義資料")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5000)
    assert [tab.table.item(0, c).text() for c in range(4)] == ["2025年10月1日", "悪質クレームの法的対応", "3人", "弁護士講義資料"]
    assert "令和7年度：研修 1回（延べ 3人）" in tab.counts.text()
    [e] = store.entries(streams.TRAINING)
    assert sorted(e.payload["attendees"]) == sorted(["港 一郎", "芝 係長", "麻布 課長"])
    tab.notice_date.setDate(QDate(2025, 4, 1))
    tab.means.setCurrentText("ポスター")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.notice_button, Qt.LeftButton)
    assert "周知 1回" in tab.counts.text()
    tab.person.insert("港 一郎")
    qtbot.mouseClick(tab.person_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: tab.person_list.count() == 1, timeout=5000)
    assert "悪質クレームの法的対応" in tab.person_list.item(0).text()


def test_a_person_without_the_right_sees_why(qtbot, store, people, thread_for):
    from app.ui.duties.prevention_tab import PreventionTab
    tab = PreventionTab(thread_for("sysadmin"))
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: "権限" in tab.message.text(), timeout=5000)
    assert tab.table.rowCount() == 0
