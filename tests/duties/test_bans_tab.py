"""The 出入禁止 tab, offscreen: the 課長 fills the 合理的配慮の確認 and the decision and clicks; the 部長
selects it and approves; the list shows the state in words, and 失効 after the review date (fake today)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from app.model.service import Service
from app.ui.duties.bans_tab import BansTab
from app.ui.store_thread import StoreThread


@pytest.fixture
def threads():
    made: list[StoreThread] = []
    yield made
    for t in made:
        t.stop()


def _tab(qtbot, store, actor, today, threads):
    thread = StoreThread(Service(store, actor, channel="gui"))
    threads.append(thread)
    tab = BansTab(thread, today=lambda: dt.date.fromisoformat(today[0]))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: thread.pending == 0, timeout=5000)
    return tab, thread


def test_chief_decides_director_approves_and_it_lapses(qtbot, store, people, sample, threads):
    iid = Service(store, people["staff"]).create_incident(sample)
    today = ["2025-05-01"]
    tab, thread = _tab(qtbot, store, people["section_chief"], today, threads)
    assert tab.decide_box.isVisibleTo(tab) and not tab.approve_box.isVisibleTo(tab)
    box = tab.check_box
    assert "合理的配慮" in box.labels["needs_accommodation"].text()  # the edition's wording
    assert tab.incident_combo.count() == 1 and "髙橋 﨑子" in tab.incident_combo.currentText()
    tab.reason.insertPlainText("窓口で職員を繰り返し怒鳴りつけた")  # Japanese arrives as an input method's commit
    qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)  # not answered is not いいえ: refused
    assert "はい か いいえ" in tab.status.text()
    box.inputs["needs_accommodation"].setCurrentText("いいえ")
    box.inputs["harm_to_life_or_health"].setCurrentText("はい")
    qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)  # a yes without its reason: refused
    qtbot.waitUntil(lambda: "その理由を書いてください" in tab.status.text(), timeout=5000)
    assert not [e for e in store.entries(iid) if e.kind.startswith("ban") or e.kind == "accommodation_check"]
    box.inputs["harm_reason"].insert("郵送での申請もできるため支障はない")
    tab.start.setDate(QDate(2025, 4, 10))
    tab.review.setDate(QDate(2025, 7, 9))
    tab.end.setDate(QDate(2025, 10, 9))
    qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5000)
    kinds = [e.kind for e in store.entries(iid)]
    assert kinds[-2:] == ["accommodation_check", "ban_decided"]
    assert tab.table.item(0, 2).text() == "承認待ち" and tab.table.item(0, 0).text() == "髙橋 﨑子"

    dtab, _ = _tab(qtbot, store, people["director"], today, threads)
    assert dtab.approve_box.isVisibleTo(dtab) and not dtab.decide_box.isVisibleTo(dtab)
    qtbot.waitUntil(lambda: dtab.table.rowCount() == 1, timeout=5000)
    dtab.table.selectRow(0)
    qtbot.mouseClick(dtab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dtab.table.item(0, 2) is not None and dtab.table.item(0, 2).text() == "有効",
                    timeout=5000)
    approved = [e for e in store.entries(iid) if e.kind == "ban_approved"]
    assert len(approved) == 1 and approved[0].payload["decision"] == "承認"
    today[0] = "2025-07-10"
    dtab.refresh()
    qtbot.waitUntil(lambda: dtab.table.item(0, 2).text() == "失効", timeout=5000)

    clerk, _ = _tab(qtbot, store, people["staff"], today, threads)
    qtbot.waitUntil(lambda: clerk.table.rowCount() == 1, timeout=5000)
    assert not clerk.decide_box.isVisibleTo(clerk) and not clerk.approve_box.isVisibleTo(clerk)


def test_the_repeat_contact_panel_shows_a_ban_in_force(qtbot, store, people, sample):
    from app.model import parties
    from app.ui.workspace.party_panel import RepeatContactPanel
    from tests.duties.ban_helpers import decided
    iid, did = decided(store, people, sample)
    Service(store, people["director"]).approve_ban(iid, did)
    panel = RepeatContactPanel(store_thread=None)
    qtbot.addWidget(panel)
    panel.show_history((parties.lookup(store, name=sample["party"]["name"], today="2025-05-01"), []))
    assert "出入禁止中" in panel.status_label.text() and "2025-10-09" in panel.status_label.text()
    assert "見直し日 2025-07-09" in panel.browser.toPlainText()
    panel.show_history((parties.lookup(store, name=sample["party"]["name"], today="2025-07-10"), []))
    assert "出入禁止中" not in panel.status_label.text()
