"""Keys needed for the common live actions, counted by driving the real windows.

The counts are asserted, so a change that adds a key fails here; bench/bench_print_ergonomics.py prints them.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.encounter.window import WIZARD_TAB, EncounterWindow
from app.ui.main_window import MainWindow

from .encounter_helpers import SETTINGS, Keys, idle, kinds, make_incident, of_kind, open_window

RESULTS: dict[str, int] = {}


def test_start_an_encounter_in_two_keys(qtbot, store, store_thread):
    window = MainWindow(store_thread, settings=SETTINGS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    keys = Keys(qtbot)
    keys(window, Qt.Key_N, Qt.ControlModifier)
    dialog = window._dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(window.incident_created, timeout=5000) as blocker:
        # the defaults (対面, now), started on purpose: a plain Enter on an empty dialog records nothing
        keys(dialog.focusWidget() or dialog, Qt.Key_Return, Qt.ControlModifier)
    iid = blocker.args[0]
    enc = window.encounters.windows[iid]
    qtbot.addWidget(enc)
    assert isinstance(enc, EncounterWindow) and enc.isVisible() and enc.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: enc.session.is_loaded, timeout=5000)
    assert store.incident(iid).channel == "対面"
    RESULTS["start a new encounter (from the main window)"] = keys.count
    assert keys.count <= 2


def test_double_click_opens_the_case_view_and_ctrl_e_the_wizard(qtbot, store, store_thread):
    iid = make_incident(store)
    window = MainWindow(store_thread, settings=SETTINGS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    rect = window.table.visualRect(window.model.index(0, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.LeftButton, pos=rect.center())  # QTest's double click
    qtbot.mouseDClick(window.table.viewport(), Qt.LeftButton, pos=rect.center())  # needs the press first
    view = window.incident_views[iid]  # the case view, and no encounter window besides
    qtbot.addWidget(view)
    assert iid not in window.encounters.windows
    qtbot.keyClick(window.table, Qt.Key_E, Qt.ControlModifier)
    enc = window.encounters.windows[iid]
    qtbot.addWidget(enc)
    assert enc.tabs.currentIndex() == WIZARD_TAB
    qtbot.waitUntil(lambda: enc.wizard.step == "identify_demand", timeout=5000)
    again = window.encounters.open(iid)
    assert again is enc  # one window per incident


def test_keys_for_a_quote_a_leave_request_and_the_110_card(qtbot, store, store_thread):
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    keys = Keys(qtbot)
    keys(w, Qt.Key_F5)  # from the wizard tab: switches to the live panel and stamps the time
    w.live.quote_edit.setText("いつまで待たせるんだ")  # the words themselves (IME) are not counted
    keys(w.live.quote_edit, Qt.Key_Return)
    idle(qtbot, w)
    assert of_kind(store, iid, "quote")[-1]["text"] == "いつまで待たせるんだ"
    RESULTS["log a verbatim quote (plus the words)"] = keys.count

    keys.count = 0
    keys(w, Qt.Key_F7)
    idle(qtbot, w)
    assert kinds(store, iid).count("leave_request") == 1
    RESULTS["log a 退去要求"] = keys.count

    keys.count = 0
    w.tabs.setCurrentIndex(WIZARD_TAB)
    field = w.wizard.page.first_input()
    field.setFocus()
    keys(field, Qt.Key_F9)
    assert w.police_card.isVisible()
    RESULTS["reach the 110 card from anywhere (wizard field)"] = keys.count
    keys(w.police_card, Qt.Key_Return)
    idle(qtbot, w)
    assert kinds(store, iid)[-1] == "police_call"
    RESULTS["reach the 110 card and record the call"] = keys.count
    assert RESULTS["log a verbatim quote (plus the words)"] == 2
    assert RESULTS["log a 退去要求"] == 1
    assert RESULTS["reach the 110 card from anywhere (wizard field)"] == 1
