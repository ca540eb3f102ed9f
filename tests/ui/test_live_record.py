"""The live record says what happened, faithfully (keys on a real window, a real SQLCipher store)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt

from tests.ui.ime_typing import ime

from .encounter_helpers import Keys, idle, kinds, make_incident, of_kind, open_window, recent


def test_f6_records_the_phrase_on_screen_and_ctrl7_is_not_stalking(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    keys = Keys(qtbot)
    keys(w, Qt.Key_8, Qt.ControlModifier)  # インターネット: the filming phrase is shown
    w.scenario_card and w.scenario_card.close()
    shown = w.live.phrase_label.text()
    assert shown == "「他人の権利を侵害するおそれのある撮影はしないでください」"
    keys(w, Qt.Key_F6)
    keys(w, Qt.Key_7, Qt.ControlModifier)  # 繰り返し
    w.scenario_card and w.scenario_card.close()
    idle(qtbot, w)
    assert of_kind(store, iid, "stop_request")[0]["phrase"] == "他人の権利を侵害するおそれのある撮影はしないでください"
    seen = of_kind(store, iid, "behaviour_observed")
    assert seen[-1]["scenario"] == "repetition" and "behaviour" not in seen[-1]
    assert not any("つきまとい" in w.live.log.item(i).text() for i in range(w.live.log.count()))
    assert any("場面　繰り返し" in w.live.log.item(i).text() for i in range(w.live.log.count()))


def test_act_staff_remark_and_quote_are_apart(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    panel, keys = w.live, Keys(qtbot)
    keys(w, Qt.Key_F3)
    assert panel.act_edit.hasFocus()
    ime(panel.act_edit, "カウンターを叩いた")
    keys(panel.act_edit, Qt.Key_Return)
    act_keys = keys.count
    keys(w, Qt.Key_F4)
    ime(panel.quote_edit, "大きな声はお控えください")
    keys(panel.quote_edit, Qt.Key_Return)
    keys(w, Qt.Key_F5)
    ime(panel.quote_edit, "税金泥棒")
    keys(panel.quote_edit, Qt.Key_Return)
    idle(qtbot, w)
    assert [a["act"] for a in of_kind(store, iid, "act")] == ["カウンターを叩いた"]
    quotes = of_kind(store, iid, "quote")
    assert [(q["speaker"], q["text"]) for q in quotes] == [("staff", "大きな声はお控えください"), ("party", "税金泥棒")]
    assert act_keys == 2  # F3, (the words), Enter
    log = [panel.log.item(i).text() for i in range(panel.log.count())]
    assert any("職員の発言　大きな声はお控えください" in t for t in log)
    assert any("相手方の発言　税金泥棒" in t for t in log)
    assert any("行為　カウンターを叩いた" in t for t in log)


def test_staff_count_takes_effect_at_once_and_who_joined_by_name(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面", staff=("港 一郎",))
    w = open_window(qtbot, store_thread, iid)
    panel = w.live
    qtbot.keyClick(panel.staff_spin, Qt.Key_Up)
    qtbot.waitUntil(lambda: bool(of_kind(store, iid, "staff_joined")), timeout=5000)
    assert of_kind(store, iid, "staff_joined")[-1]["staff_present"] == 2
    assert "backup_call" not in kinds(store, iid)  # a count is not a second 応援要請
    ime(panel.joined_edit, "芝 花子")
    qtbot.keyClick(panel.joined_edit, Qt.Key_Return)
    idle(qtbot, w)
    last = of_kind(store, iid, "staff_joined")[-1]
    assert last["joined"] == ["芝 花子"] and last["staff_present"] == 3
    assert panel.staff_spin.value() == 3
    assert "現在 3人" in panel.staffing_label.text() or not panel.staffing_label.text()


def test_one_110_per_call_and_focus_back_on_the_record(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    qtbot.keyClick(w, Qt.Key_F9)
    card = w.police_card
    qtbot.keyClick(card, Qt.Key_F9)  # a second F9 raises the same card
    assert w.police_card is card
    qtbot.keyClick(card, Qt.Key_Return)
    idle(qtbot, w)
    assert len(of_kind(store, iid, "police_call")) == 1
    qtbot.waitUntil(lambda: w.focusWidget() is w.live.quote_edit, timeout=2000)
    qtbot.keyClick(w, Qt.Key_F9)  # opened again: Enter no longer records a second call
    again = w.police_card
    assert again is not card and again.findChild(type(again.record_button), "police_record").text() \
        == "もう一度通報した（記録）"
    qtbot.keyClick(again, Qt.Key_Return)
    idle(qtbot, w)
    assert len(of_kind(store, iid, "police_call")) == 1


def test_written_up_afterwards_keeps_the_real_time_apart_from_the_recording_time(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    panel = w.live
    real = recent(120).replace(second=0)
    local = real.astimezone()  # the picker shows the PC's local time
    panel.afterwards.setChecked(True)
    panel.happened_at.setDateTime(QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0))
    qtbot.keyClick(w, Qt.Key_F7)
    idle(qtbot, w)
    entry = next(e for e in store.entries(iid) if e.kind == "leave_request")
    assert dt.datetime.fromisoformat(entry.payload["at"]) == real
    assert dt.datetime.fromisoformat(entry.recorded_at) - real > dt.timedelta(minutes=100)


def test_name_and_phone_typed_in_the_live_panel_show_earlier_contacts_and_are_recorded(qtbot, store,
                                                                                         store_thread):
    from app.model.service import Service
    from .encounter_helpers import clerk
    svc = Service(store, clerk(store))
    earlier = make_incident(store, channel="電話", party={"name": "架空 次郎"})
    svc.append(earlier, "answer", {"text": "制度上、再発行の手数料は免除できません"})
    iid = make_incident(store, channel="電話")
    w = open_window(qtbot, store_thread, iid)
    panel = w.live
    with qtbot.waitSignal(panel.repeat.found, timeout=10000):
        ime(panel.party_name_edit, "架空 次郎")
    assert "以前の対応 1件" in panel.repeat_label.text()
    assert "制度上、再発行の手数料は免除できません" in panel.repeat_label.text()
    qtbot.keyClick(panel.party_name_edit, Qt.Key_Return)
    qtbot.waitUntil(lambda: store.incident(iid).party_label == "架空 次郎", timeout=10000)
    qtbot.waitUntil(lambda: w.session.created()["party"].get("name") == "架空 次郎", timeout=5000)
    assert "50代くらいの男性" in w.session.created()["party"]["description"]  # the rest is kept
