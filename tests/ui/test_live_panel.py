"""The live-encounter panel end to end on a real SQLCipher store through the StoreThread."""
from __future__ import annotations

import datetime as dt
import hashlib

from PySide6.QtCore import Qt

from app.ui.encounter.emergency_key import EmergencyKey

from .encounter_helpers import Keys, idle, kinds, make_incident, of_kind, open_window, recent


def test_abuse_on_the_phone_quote_stop_request_card_and_time_limit(qtbot, store, store_thread):
    iid = make_incident(store, channel="電話", behaviours=["暴言、侮辱及び誹謗中傷"])
    w = open_window(qtbot, store_thread, iid)
    panel, keys = w.live, Keys(qtbot)
    t_press = recent(0)
    panel.clock = lambda: t_press
    keys(w, Qt.Key_F5)                        # the time is taken here …
    assert panel.quote_edit.hasFocus()
    panel.clock = lambda: t_press + dt.timedelta(seconds=40)  # … typing takes a while
    panel.quote_edit.setText("お前は無能だ、要求に応じろ")
    keys(panel.quote_edit, Qt.Key_Return)
    keys(w, Qt.Key_F6)
    keys(w, Qt.Key_1, Qt.ControlModifier)
    idle(qtbot, w)
    quote = of_kind(store, iid, "quote")[-1]
    assert quote["text"] == "お前は無能だ、要求に応じろ"
    assert dt.datetime.fromisoformat(quote["at"]) == t_press  # not the time of Enter
    assert of_kind(store, iid, "stop_request")[0]["phrase"] == "乱暴な言葉や怒声はお控えください"
    seen = of_kind(store, iid, "behaviour_observed")[0]
    assert seen["scenario"] == "abusive_language" and seen["behaviour"] == "暴言、侮辱及び誹謗中傷"
    card = w.scenario_card
    assert card.isVisible() and [lab.text() for lab in card.phrase_labels] == [
        "「乱暴な言葉や怒声はお控えください」", "「これ以上お話しできません」"]
    assert card.phrase_labels[0].font().pointSize() >= 20 or "26pt" in card.phrase_labels[0].styleSheet()
    card.close()
    # the timer against the section's limit for 電話 (settings: 30 min)
    panel.clock = lambda: recent(-31)
    panel.tick()
    assert "超えています" in panel.limit_label.text()
    assert "直ちにカスハラに該当するわけではない" in panel.limit_label.text()
    panel.clock = lambda: recent(-5)
    panel.tick()
    assert "超えています" not in panel.limit_label.text() and "30分" in panel.limit_label.text()
    assert keys.count == 4


def test_three_leave_requests_prompt_the_eviction_order_and_110(qtbot, store, manager_thread):
    """Recorded by the 庁舎管理者 signed in at the counter PC (only that role records the 退去命令)."""
    store_thread = manager_thread
    iid = make_incident(store, channel="対面", behaviours=["社会通念上、相当な範囲を超える対応の強要"])
    w = open_window(qtbot, store_thread, iid)
    panel = w.live
    assert not panel.eviction_box.isVisibleTo(panel)
    qtbot.keyClick(w, Qt.Key_F7)
    idle(qtbot, w)
    assert "1回目" in panel.leave_counter.text() and not panel.eviction_box.isVisibleTo(panel)
    qtbot.keyClick(w, Qt.Key_F7)
    idle(qtbot, w)
    assert panel.eviction_box.isVisibleTo(panel)  # 2〜3回: the edition's threshold starts at 2
    qtbot.keyClick(w, Qt.Key_F7)
    idle(qtbot, w)
    text = panel.leave_counter.text()
    assert "1回目" in text and "2回目" in text and "3回目" in text
    assert "退去命令" in panel.eviction_text.text() and "警察に通報します。" in panel.eviction_text.text()
    qtbot.mouseClick(panel.eviction_button, Qt.LeftButton)
    idle(qtbot, w)
    assert not panel.eviction_button.isEnabled()
    qtbot.keyClick(w, Qt.Key_F9)
    card = w.police_card
    assert card.isVisible() and "港区役所（試験）" in "\n".join(card.lines)
    qtbot.keyClick(card, Qt.Key_Return)
    idle(qtbot, w)
    k = kinds(store, iid)
    assert k.count("leave_request") == 3
    assert k.index("eviction_order") > max(i for i, x in enumerate(k) if x == "leave_request")
    assert of_kind(store, iid, "eviction_order")[0]["by"] == "庁舎管理者"
    assert of_kind(store, iid, "police_call")[0]["reason"] == "退去命令後も退去しない"
    assert all(p["by"] == "芝浦 管理者" for p in of_kind(store, iid, "leave_request"))  # who is signed in


def test_backup_call_is_checked_against_the_multiple_staff_table(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面", staff=["港 一郎"])
    w = open_window(qtbot, store_thread, iid)
    w.live.resident_spin.setValue(3)
    w.live.staff_spin.setValue(2)
    qtbot.keyClick(w, Qt.Key_F8)
    idle(qtbot, w)
    assert of_kind(store, iid, "backup_call")[0] | {"at": ""} == {"at": "", "staff_present": 2, "residents": 3}
    assert "あと1人必要" in w.live.staffing_label.text()
    assert "同数以上の複数人" in w.live.staffing_label.text()


def test_violence_opens_the_110_card_at_once(qtbot, store, store_thread):
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    qtbot.keyClick(w, Qt.Key_4, Qt.ControlModifier)  # 暴行
    card = w.police_card
    assert card is not None and card.isVisible()   # no extra key
    joined = "\n".join(card.lines)
    assert "港区役所（試験）" in joined and "東京都港区芝公園1-5-25" in joined
    from PySide6.QtWidgets import QLabel
    assert "ただちに警察に通報" in card.findChild(QLabel, "police_guidance").text()
    idle(qtbot, w)
    assert "躊躇せず警察" in w.live.banner.text() or "ただちに警察" in w.live.banner.text()
    qtbot.keyClick(card, Qt.Key_Return)
    idle(qtbot, w)
    k = kinds(store, iid)
    assert k[-2:] == ["behaviour_observed", "police_call"]
    assert of_kind(store, iid, "behaviour_observed")[0]["behaviour"] == "暴力行為"
    assert of_kind(store, iid, "police_call")[0]["reason"] == "暴行"
    assert not w.live.banner.text() or "躊躇せず" not in w.live.banner.text()  # the engine is satisfied


def test_internet_screenshot_hash_and_takedown(qtbot, store, store_thread, tmp_path):
    iid = make_incident(store, channel="SNS",
                        behaviours=["区や職員の信用を毀損させる内容や個人情報等をSNSなどに投稿する行為"])
    w = open_window(qtbot, store_thread, iid)
    box = w.live.internet_box
    assert box.isVisibleTo(w.live)
    shot = tmp_path / "post.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)  # stands in for a screenshot
    box.platform.setText("架空SNS運営会社")
    box.url.setText("https://sns.example/post/123")
    box.attach(shot)
    box.result.setText("依頼済み")
    qtbot.mouseClick(box.takedown_button, Qt.LeftButton)
    idle(qtbot, w)
    att = of_kind(store, iid, "attachment_added")[0]
    assert att["sha256"] == hashlib.sha256(shot.read_bytes()).hexdigest()
    assert att["size"] == shot.stat().st_size and att["evidence_kind"] == "screenshot"
    assert att["filename"] == "post.png" and att["url"] == "https://sns.example/post/123"
    assert "PNG" not in str(att)  # the bytes themselves are not in the log
    td = of_kind(store, iid, "takedown_request")[0]
    assert td["platform"] == "架空SNS運営会社" and td["result"] == "依頼済み"
    state = w.session.state()
    assert "save_screenshot" not in state.action_ids() and "takedown_request" not in state.action_ids()
    assert "disclosure_request" in state.action_ids()


def test_f9_reaches_the_110_card_from_the_wizard_and_without_an_encounter(qtbot, store, store_thread):
    from app.ui.encounter.window import WIZARD_TAB
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    field = w.wizard.page.fields["demand"].widget
    field.setFocus()
    qtbot.keyClick(field, Qt.Key_F9)
    assert w.police_card is not None and w.police_card.isVisible()
    assert w.police_card.record_button.isEnabled()
    w.police_card.close()
    w.close()
    key = EmergencyKey.install(w.settings)
    assert key.target() is None
    card = key.open_card()
    assert not card.record_button.isEnabled() and "港区役所（試験）" in "\n".join(card.lines)
    card.close()


def test_f10_ends_the_encounter_and_moves_to_the_wizard(qtbot, store, store_thread):
    from app.ui.encounter.window import WIZARD_TAB
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid)
    qtbot.keyClick(w, Qt.Key_F10)
    idle(qtbot, w)
    assert w.tabs.currentIndex() == WIZARD_TAB
    assert of_kind(store, iid, "note")[-1]["event"] == "encounter_ended"
    assert not w.live._tick.isActive()


def test_the_facility_manager_confirms_the_eviction_order_on_the_clerks_pc(qtbot, store, store_thread):
    """The clerk is signed in; the 庁舎管理者 records the 退去命令 with their own credentials (one door)."""
    from tests.people import PASSWORD, PEOPLE
    iid = make_incident(store, channel="対面", behaviours=["社会通念上、相当な範囲を超える対応の強要"])
    w = open_window(qtbot, store_thread, iid)
    panel = w.live
    for _ in range(2):
        qtbot.keyClick(w, Qt.Key_F7)
        idle(qtbot, w)
    qtbot.mouseClick(panel.eviction_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.second is not None and panel.second.isVisible(), timeout=5000)
    form = panel.second.form
    form.name.setText(PEOPLE["staff"][0])          # the clerk cannot: refused, nothing stored
    form.password.setText(PASSWORD)
    qtbot.mouseClick(form.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "権限" in form.error.text(), timeout=5000)
    assert "eviction_order" not in kinds(store, iid)
    form.name.setText(PEOPLE["facility_manager"][0])
    form.password.setText(PASSWORD)
    qtbot.mouseClick(form.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "eviction_order" in kinds(store, iid), timeout=5000)
    order = next(e for e in store.entries(iid) if e.kind == "eviction_order")
    assert order.author == PEOPLE["facility_manager"][0]
    idle(qtbot, w)
    assert not panel.eviction_button.isEnabled()
