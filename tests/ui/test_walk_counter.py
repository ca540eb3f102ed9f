"""End-to-end walk (a) through the real widgets, keys and clicks: face-to-face at the counter.

A woman without ID demands a certificate and shouts 「税金泥棒」, demands a 土下座, slams the counter; two
退去要求; the 係長 joins by name; the 庁舎管理者 records the 退去命令 with her own password on this PC; 110; she
leaves; her name is added afterwards; the 課長 judges 該当 (the clerk's proposal goes to the queue) and records
出入禁止 against her. The key counts are printed (pytest -s) and bounded, so a regression in keys fails."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.model import parties
from app.model.entry import effective_entries
from app.ui.encounter.window import EncounterWindow
from app.ui.main_window import MainWindow
from tests.people import PASSWORD, PEOPLE

from .encounter_helpers import SETTINGS, Keys, idle, of_kind
from .ime_typing import ime


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def test_face_to_face_walk(qtbot, store, store_thread, chief_thread, people):
    counts: dict[str, int] = {}
    keys = Keys(qtbot)
    main = MainWindow(store_thread, settings=SETTINGS)
    qtbot.addWidget(main)
    main.show()
    # --- 新規対応: the few facts, Enter starts the live record ------------------------------------
    dialog = main.start_new_incident()
    qtbot.waitUntil(lambda: dialog.department.text() != "", timeout=5000)
    ime(dialog.party_description, "40代くらいの女性、身分証なし")
    ime(dialog.demands, "住民票の写しをすぐに出せ")
    with qtbot.waitSignal(main.incident_created, timeout=10000) as created:
        keys(dialog.demands, Qt.Key_Return)
    iid = created.args[0]
    qtbot.waitUntil(lambda: iid in main.encounters.windows, timeout=5000)
    w: EncounterWindow = main.encounters.windows[iid]
    qtbot.waitUntil(lambda: w.session.is_loaded, timeout=10000)
    w.activateWindow()
    panel = w.live
    # --- first quote: F5, the words, Enter ----------------------------------------------------
    start = keys.count
    keys(w, Qt.Key_F5)
    ime(panel.quote_edit, "税金泥棒")
    keys(panel.quote_edit, Qt.Key_Return)
    counts["first quote"] = keys.count - start
    keys(w, Qt.Key_F5)
    ime(panel.quote_edit, "土下座しろ")
    keys(panel.quote_edit, Qt.Key_Return)
    # --- an act: F3, pick/type it, Enter ------------------------------------------------------
    start = keys.count
    keys(w, Qt.Key_F3)
    ime(panel.act_edit, "カウンターを叩いた")
    keys(panel.act_edit, Qt.Key_Return)
    counts["act"] = keys.count - start
    # --- two 退去要求 (one key each) --------------------------------------------------------
    start = keys.count
    keys(w, Qt.Key_F7)
    counts["退去要求"] = keys.count - start
    keys(w, Qt.Key_F7)
    # --- the 係長 joins, by name ------------------------------------------------------------
    ime(panel.joined_edit, PEOPLE["chief"][0])
    keys(panel.joined_edit, Qt.Key_Return)
    idle(qtbot, w)
    # --- 退去命令 by the 庁舎管理者 with her own password; the clerk stays signed in -------------------
    qtbot.waitUntil(lambda: panel.eviction_box.isVisibleTo(panel), timeout=5000)
    start = keys.count
    qtbot.mouseClick(panel.eviction_button, Qt.LeftButton)
    keys.count += 1
    qtbot.waitUntil(lambda: panel.second is not None and panel.second.isVisible(), timeout=5000)
    form = panel.second.form
    ime(form.name, PEOPLE["facility_manager"][0])
    keys(form.name, Qt.Key_Tab)
    qtbot.keyClicks(form.password, PASSWORD)
    keys(form.password, Qt.Key_Return)
    qtbot.waitUntil(lambda: bool(of_kind(store, iid, "eviction_order")), timeout=15000)
    counts["退去命令 by the 庁舎管理者 (besides name and password)"] = keys.count - start
    # --- 110: F9 and Enter on the card; one call ------------------------------------------------
    start = keys.count
    keys(w, Qt.Key_F9)
    card = w.police_card
    keys(card, Qt.Key_Return)
    counts["110"] = keys.count - start
    idle(qtbot, w)
    keys(w, Qt.Key_F9)  # pressed again by mistake: the card says it is on record, Enter does not record
    keys(w.police_card, Qt.Key_Return)
    keys(w, Qt.Key_F10)  # she leaves
    idle(qtbot, w)
    assert len(of_kind(store, iid, "police_call")) == 1
    ev = next(e for e in store.entries(iid) if e.kind == "eviction_order")
    assert ev.author.endswith(PEOPLE["facility_manager"][0]) or PEOPLE["facility_manager"][0] in ev.author
    assert ev.payload["by"] == PEOPLE["facility_manager"][0]
    assert store_thread.service.actor.name == PEOPLE["staff"][0]  # the clerk stayed signed in
    quotes = [(q.get("speaker"), q["text"]) for q in of_kind(store, iid, "quote")]
    assert quotes == [("party", "税金泥棒"), ("party", "土下座しろ")]
    assert [a["act"] for a in of_kind(store, iid, "act")] == ["カウンターを叩いた"]
    assert len(of_kind(store, iid, "leave_request")) == 2
    assert of_kind(store, iid, "staff_joined")[-1]["joined"] == [PEOPLE["chief"][0]]
    # --- her name, given afterwards: corrected from the case view --------------------------------
    view = main.open_incident(iid)
    qtbot.waitUntil(lambda: view.bundle is not None, timeout=10000)
    start = keys.count
    qtbot.mouseClick(view.edit_case_button, Qt.LeftButton)
    keys.count += 1
    qtbot.waitUntil(lambda: getattr(view, "_case_edit", None) is not None and view._case_edit.isVisible(),
                    timeout=5000)
    dlg = view._case_edit
    ime(dlg.editors["party_name"].widget, "架空 花子")
    ime(dlg.reason, "退去後に名乗った")
    keys(dlg.reason, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    counts["correcting the name (besides the name and the reason)"] = keys.count - start
    assert store.incident(iid).party_label == "架空 花子"
    qtbot.waitUntil(lambda: "架空 花子" in view.header.text(), timeout=10000)  # the view is live
    # --- the 課長 on their own PC: judges 該当 and records 出入禁止 against her ---------------------
    from .test_wizard import _judge, _next
    from app.ui.encounter.window import WIZARD_TAB
    c = EncounterWindow(chief_thread, iid, SETTINGS, WIZARD_TAB)
    qtbot.addWidget(c)
    c.show()
    qtbot.waitUntil(lambda: c.session.is_loaded and c.wizard.may_judge, timeout=10000)
    c.wizard.show_step("judgement")
    _judge(c.wizard.page)
    c.wizard.page.judge_field.set_value(PEOPLE["section_chief"][0])
    _next(qtbot, c)
    idle(qtbot, c)
    j = of_kind(store, iid, "judgement")[-1]
    assert j["result"] == "該当" and j["by"] == PEOPLE["section_chief"][0]
    checks = of_kind(store, iid, "accommodation_check")
    assert [p["about"] for p in checks] == ["judgement"]  # asked on the page, written with the judgement
    c.wizard.show_step("entry_ban")  # the 課長 decides the ban (the 部長 approves it in the duties window)
    from .test_wizard import answer_accommodation
    answer_accommodation(c.wizard.page)
    ime(c.wizard.page.fields["reason"].widget, "退去命令に従わず、110番通報に至った")
    _next(qtbot, c)
    idle(qtbot, c)
    ban = of_kind(store, iid, "ban_decided")[-1]
    assert ban["reason"] == "退去命令に従わず、110番通報に至った"
    assert [p["about"] for p in of_kind(store, iid, "accommodation_check")] == ["judgement", "ban"]
    assert not of_kind(store, iid, "party_status")
    from app.model import bans
    from app.model.parties import current_status, party_of_incident
    history = parties.lookup(store, name="架空 花子")  # her next contact, by the name given afterwards
    assert history is not None and not history.banned  # not in force before the 部長 approves
    decision = [e for e in store.entries(iid) if e.kind == "ban_decided"][-1]
    from app.model.service import Service
    Service(store, people["director"]).approve_ban(iid, decision.id)
    today = decision.payload["start_date"]
    history = parties.lookup(store, name="架空 花子", today=today)
    assert history is not None and history.banned and history.bans[0]["decision_id"] == decision.id
    status = current_status(store, party_of_incident(store, iid), today)
    assert status is not None and status.status == "出入禁止"  # against the named person
    assert bans.find(store.entries(iid), decision.id, today).active
    # --- the list shows the stage reached ------------------------------------------------------
    main.model.reload()
    qtbot.waitUntil(lambda: main.model.rowCount() == 1, timeout=10000)
    status_text = main.model.data(main.model.index(0, 5))
    assert "対応中" in status_text and "（" in status_text
    print("\nkeys:", counts)
    assert counts == {"first quote": 2, "act": 2, "退去要求": 1,
                      "退去命令 by the 庁舎管理者 (besides name and password)": 3, "110": 2,
                      "correcting the name (besides the name and the reason)": 2}
    created_entry = next(e for e in effective_entries(store.entries(iid)) if e.kind == "incident_created")
    assert created_entry.payload["party"]["description"] == "40代くらいの女性、身分証なし"
