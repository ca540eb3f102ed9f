"""pytest-qt walk of the 保存年限・廃棄 tab, offscreen, under a fake today: a 課長 approves, a システム管理者
executes, the tombstone is listed and the incident's content is gone from the store; the same for a 相談 (人事課
approves, the システム管理者 executes without seeing its content)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.model.service import Service
from app.ui.duties.retention_tab import RetentionTab
from app.ui.store_thread import StoreThread
from tests.people import judge, judgement
from tests.ui.conftest import app_fonts, chief_thread, message_boxes, qapp_args  # noqa: F401 (fixtures)

TODAY = "2029-04-01"  # an incident closed in 2025年度 with 3 years


@pytest.fixture
def admin_thread(store, people, app_fonts):
    thread = StoreThread(Service(store, people["sysadmin"], channel="gui"))
    yield thread
    thread.stop()


def _tab(qtbot, thread, today):
    tab = RetentionTab(thread)
    qtbot.addWidget(tab)
    tab.show()
    tab.today = lambda: dt.date.fromisoformat(today)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.refresh_button, Qt.LeftButton)
    return tab


def _cells(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_chief_approves_sysadmin_executes_the_tombstone_is_listed_and_the_content_is_gone(
        qtbot, store, people, sample, chief_thread, admin_thread, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.Yes)
    chief = Service(store, people["section_chief"])
    iid = chief.create_incident(dict(sample, summary="窓口で机を叩いた（架空の印）"))
    judge(chief, iid, judgement("非該当"))
    chief.append(iid, "closed", {"outcome": "終了", "resolved": True, "at": "2025-06-10T11:00:00+09:00"})

    early = _tab(qtbot, chief_thread, "2029-03-31")
    assert early.table.rowCount() == 0 and early.heading.text().endswith("（2029年3月31日現在）")
    tab = _tab(qtbot, chief_thread, TODAY)
    assert tab.execute_button.isHidden() and not tab.approve_button.isHidden()
    [row] = _cells(tab.table)
    assert row[1] == "対応記録（カスハラに該当しない・判断なし）" and row[4] == "2029年4月1日" and row[5] == "未承認"
    assert iid not in " ".join(row) and row[0].startswith("2025-04-01")  # when and which 課, no internal id
    tab.table.selectRow(0)
    with qtbot.waitSignal(tab.done, timeout=10_000):
        qtbot.mouseClick(tab.approve_button, Qt.LeftButton)
    assert "廃棄することを承認" in asked[-1] and "元に戻せません" in asked[-1]
    assert any(e.kind == "disposal_approved" and e.author == people["section_chief"].name
               for e in store.entries("retention-register"))
    assert store.has_incident(iid)  # approved, not destroyed

    admin = _tab(qtbot, admin_thread, TODAY)
    assert admin.approve_button.isHidden() and not admin.execute_button.isHidden()
    [row] = _cells(admin.table)
    assert row[5] == f"承認済み（{people['section_chief'].name}）"
    admin.table.selectRow(0)
    with qtbot.waitSignals([admin.done, admin.loaded], timeout=10_000):
        qtbot.mouseClick(admin.execute_button, Qt.LeftButton)
    assert "すべてのPCから消去" in asked[-1]
    qtbot.waitUntil(lambda: admin.gone_table.rowCount() == 1, timeout=10_000)
    assert admin.table.rowCount() == 0
    [gone] = _cells(admin.gone_table)
    assert gone == ["対応記録（カスハラに該当しない・判断なし）", "2025年6月10日", "", gone[3],
                    people["section_chief"].name]
    assert gone[3].startswith("20") and "机を叩いた" not in " ".join(gone)
    assert not store.has_incident(iid)
    raw = " ".join(str(e.payload) for e in store.entries(iid))
    assert "机を叩いた" not in raw and all(set(e.payload) == {"disposed"} for e in store.entries(iid))


def test_nothing_for_a_counter_clerk_and_hr_sees_a_consultation_row_without_its_content(qtbot, store, people, app_fonts):
    thread = StoreThread(Service(store, people["staff"], channel="gui"))
    try:
        tab = _tab(qtbot, thread, TODAY)
        assert tab.table.rowCount() == 0 and not tab.approve_button.isEnabled()
        assert "課長・人事課・システム管理者" in tab.info.text()
    finally:
        thread.stop()
    Service(store, people["staff"]).record_consultation({
        "what_happened": "叱責（架空）", "is_harassment": "判断が微妙", "window": "人事課", "notice_shown": True,
        "at": "2020-05-01T09:00:00+09:00"})
    hr = StoreThread(Service(store, people["hr"], channel="gui"))
    try:
        tab = _tab(qtbot, hr, TODAY)
        [row] = _cells(tab.table)
        assert row[0].startswith("相談（") and row[1] == "相談記録" and "叱責" not in " ".join(row)
    finally:
        hr.stop()


def test_hr_approves_a_consultation_row_and_the_sysadmin_executes_it(
        qtbot, store, people, admin_thread, app_fonts, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.Yes)
    c = Service(store, people["staff"]).record_consultation({
        "what_happened": "長時間の叱責（架空の印）", "is_harassment": "判断が微妙", "window": "人事課",
        "notice_shown": True, "at": "2020-05-01T09:00:00+09:00"})
    hr = StoreThread(Service(store, people["hr"], channel="gui"))
    try:
        tab = _tab(qtbot, hr, "2026-03-31")
        assert tab.table.rowCount() == 0
        tab = _tab(qtbot, hr, "2026-04-01")
        assert not tab.approve_button.isHidden() and tab.execute_button.isHidden()
        [row] = _cells(tab.table)
        assert row[1] == "相談記録" and row[5] == "未承認"
        tab.table.selectRow(0)
        with qtbot.waitSignal(tab.done, timeout=10_000):
            qtbot.mouseClick(tab.approve_button, Qt.LeftButton)
        assert "相談記録" in asked[-1] and "廃棄することを承認" in asked[-1] and "叱責" not in asked[-1]
        assert "廃棄を承認しました" in tab.info.text()
    finally:
        hr.stop()
    assert any(e.kind == "consultation_disposal_approved" for e in store.entries("retention-register"))

    admin = _tab(qtbot, admin_thread, "2026-04-01")  # the システム管理者 sees what 人事課 approved, not the 相談
    [row] = _cells(admin.table)
    assert row[1] == "相談記録" and row[5] == f"承認済み（{people['hr'].name}）" and "叱責" not in " ".join(row)
    admin.table.selectRow(0)
    with qtbot.waitSignals([admin.done, admin.loaded], timeout=10_000):
        qtbot.mouseClick(admin.execute_button, Qt.LeftButton)
    assert "すべてのPCから消去" in asked[-1]
    qtbot.waitUntil(lambda: admin.gone_table.rowCount() == 1, timeout=10_000)
    assert admin.table.rowCount() == 0
    [gone] = _cells(admin.gone_table)
    assert gone[0] == "相談記録" and gone[4] == people["hr"].name
    assert all(set(e.payload) == {"disposed"} for e in store.entries("consultation-register") if e.id == c.id)
    assert Service(store, people["hr"]).consultations() == []
