"""pytest-qt: a worker records a 相談 marked 判断が微妙 after the notice; the 課長 opens an incident from it
only if the worker agreed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.model import streams
from app.model.service import Service
from app.ui.duties.consultations_tab import ConsultationsTab
from app.ui.store_thread import StoreThread
from tests.ui.ime_typing import ime


@pytest.fixture
def threads(store, people, qapp):
    made = {role: StoreThread(Service(store, people[role], channel="gui")) for role in ("staff", "section_chief")}
    yield made
    for t in made.values():
        t.stop()


def _tab(qtbot, thread) -> ConsultationsTab:
    tab = ConsultationsTab(thread)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not thread.pending, timeout=5000)
    return tab


def _record(qtbot, tab, text: str, window: str, consent: bool) -> None:
    if tab.read_notice.isEnabled():
        qtbot.mouseClick(tab.read_notice, Qt.LeftButton)
    assert tab.form_box.isEnabled()
    ime(tab.what, text)  # typed as an input method commits Japanese
    tab.harassment.setCurrentText("判断が微妙")
    tab.window_choice.setCurrentText(window)
    if consent != tab.consent.isChecked():
        qtbot.mouseClick(tab.consent, Qt.LeftButton)
    with qtbot.waitSignal(tab.saved, timeout=10000):
        qtbot.mouseClick(tab.save, Qt.LeftButton)


def test_worker_records_after_the_notice_and_the_chief_opens_an_incident_only_if_agreed(qtbot, store, people,
                                                                                        threads):
    worker = _tab(qtbot, threads["staff"])
    assert "不利益な取扱い" in worker.notice.text() and not worker.form_box.isEnabled()
    assert worker.open_incident.isHidden()  # a 職員 opens no incident from a consultation
    _record(qtbot, worker, "毎朝の電話で長時間怒鳴られる（架空）", "課長", consent=False)
    _record(qtbot, worker, "窓口で繰り返し土下座を求められる（架空）", "人事課", consent=True)
    qtbot.waitUntil(lambda: worker.table.rowCount() == 2, timeout=5000)
    mine = Service(store, people["staff"]).consultations()
    assert {c["is_harassment"] for c in mine} == {"判断が微妙"} and all(c["notice_shown"] for c in mine)

    chief = _tab(qtbot, threads["section_chief"])
    qtbot.waitUntil(lambda: chief.table.rowCount() == 2, timeout=5000)
    assert not chief.open_incident.isHidden()
    texts = [chief.table.item(r, 5).text() for r in range(2)]
    no_consent = texts.index("毎朝の電話で長時間怒鳴られる（架空）")
    chief.table.selectRow(no_consent)
    qtbot.mouseClick(chief.open_incident, Qt.LeftButton)
    qtbot.waitUntil(lambda: "同意" in chief.status.text(), timeout=5000)
    assert store.list_incidents() == []
    chief.table.selectRow(1 - no_consent)
    with qtbot.waitSignal(chief.opened, timeout=10000):
        qtbot.mouseClick(chief.open_incident, Qt.LeftButton)
    incidents = store.list_incidents()
    assert len(incidents) == 1
    followups = [e for e in store.entries(streams.CONSULTATIONS) if e.kind == "consultation_followup"]
    assert len(followups) == 1
    for r in range(chief.table.rowCount()):  # no internal id on the screen
        for c in range(chief.table.columnCount()):
            assert incidents[0]["id"] not in chief.table.item(r, c).text()

    worker.table.selectRow(0)
    with qtbot.waitSignal(worker.looked_shown, timeout=5000):
        qtbot.mouseClick(worker.show_looked, Qt.LeftButton)
    assert people["section_chief"].name in worker.status.text()


def test_the_duties_window_hosts_the_tab_in_plain_japanese(qtbot, threads):
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from app.ui.duties.window import DutiesWindow
    window = DutiesWindow(threads["staff"])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not threads["staff"].pending, timeout=5000)
    assert window.tabs.tabText(0) == "相談"
    page = window.page("ConsultationsTab")
    shown = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
    shown += [w.title() for w in page.findChildren(QGroupBox)]
    shown += [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    english = [t for t in shown if re.search(r"[A-Za-z]{3,}", t)]
    assert shown and not english, english
