"""The recording wizard end to end on a real SQLCipher store through the StoreThread."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt

from app.model import workspace
from app.ui.encounter.window import WIZARD_TAB
from app.ui.wizard.wizard_widget import DEBOUNCE_MS

from .encounter_helpers import idle, kinds, make_incident, of_kind, open_window


def _next(qtbot, w):
    step = w.wizard.step
    qtbot.mouseClick(w.wizard.next_button, Qt.LeftButton)
    if not w.wizard.problems.text():  # problems are shown at once; otherwise the page moves on
        qtbot.waitUntil(lambda: w.wizard.step != step, timeout=5000)


def _judge(page, result="該当", rationale="「馬鹿野郎」と繰り返し怒鳴り、中止要求後も続けた。"):
    for cb in page.fields["definition"].boxes.values():
        cb.setChecked(True)
    page.fields["manner"].boxes["manner_abusive"].setChecked(True)
    page.fields["duration_frequency"].boxes["df_abusive_any"].setChecked(True)
    page.rationale.widget.setPlainText(rationale)
    page.result.buttons[result].setChecked(True)
    page.judge_field.widget.setText("芝 課長")
    answer_accommodation(page)


def answer_accommodation(page, needs="いいえ", harm="いいえ", **reasons):
    """The 合理的配慮の確認 on the 課長's pages (a proposal's page has none)."""
    for fid, value in (("needs_accommodation", needs), ("harm_to_life_or_health", harm)):
        if fid in page.fields:
            page.fields[fid].buttons[value].setChecked(True)
    for fid, text in reasons.items():
        page.fields[fid].widget.setText(text)


def test_buttons_are_qt_standard_buttons_in_japanese(qtbot, store, store_thread):
    w = open_window(qtbot, store_thread, make_incident(store), tab=WIZARD_TAB)
    assert w.wizard.next_button.text() == "次へ(&N) >"
    assert w.wizard.back_button.text() == "< 戻る(&B)"
    assert not w.wizard.back_button.isEnabled()


def test_phone_abuse_walk_with_judgement_and_three_statements(qtbot, store, chief_thread):
    """The 課長 is signed in: only that role records the judgement and the three statements."""
    store_thread = chief_thread
    iid = make_incident(store, channel="電話", behaviours=["暴言、侮辱及び誹謗中傷"],
                        summary="電話で暴言を繰り返した。")
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    wiz = w.wizard
    assert "choose_place" not in wiz.order()  # 対面・訪問 only
    assert wiz.step == "identify_demand"
    assert any("外見や口調等の印象" in lab.text() for lab in wiz.page.text_labels)
    wiz.page.fields["demand"].widget.setPlainText("手数料を返還しろ")
    _next(qtbot, w)
    assert wiz.step == "confirm_facts"
    assert "record_5w1h_incomplete" in wiz.page.warning_codes()
    assert "quote_missing" in wiz.page.warning_codes()  # abuse described, no verbatim words yet
    shown = [wiz.page.findChild(type(wiz.page.text_labels[0]), "warning_quote_missing").text()]
    assert "× 暴言を繰り返した。" in shown[0] and "○ 「馬鹿野郎」と大声で怒鳴った後に" in shown[0]
    for fid, value in {"who": "架空の男性", "when": "令和7年4月1日 10時", "where": "電話", "what": "手数料の返還",
                       "why": "納得できない", "how": "大声で"}.items():
        wiz.page.fields[fid].widget.setText(value)
    w.session.append("quote", {"at": "2025-04-01T10:01:00+09:00", "text": "馬鹿野郎", "speaker": "party"})
    idle(qtbot, w)
    assert "quote_missing" not in wiz.page.warning_codes()
    while wiz.step != "judgement":
        _next(qtbot, w)
    page = wiz.page
    assert "appearance_caveat" in [c.objectName() for c in page.findChildren(type(page.text_labels[0]))]
    texts = "\n".join(c.text() for c in page.findChildren(type(page.text_labels[0])))
    assert "「馬鹿」「死ね」といった暴言" in texts and "区民等の外見や口調等の印象" in texts
    _next(qtbot, w)  # nothing filled in
    assert wiz.step == "judgement" and "判断の理由" in wiz.problems.text()
    assert "judgement" not in kinds(store, iid)
    _judge(page)
    page.fields["definition"].boxes["d3"].setChecked(False)
    _next(qtbot, w)
    assert wiz.step == "judgement" and "①②③の全て" in wiz.problems.text()
    page.fields["definition"].boxes["d3"].setChecked(True)
    _next(qtbot, w)
    assert wiz.step == "chief_takeover"  # 該当 opens the 二次対応 pages
    _next(qtbot, w)
    assert wiz.step == "three_statements"
    wiz.page.fields["organisational_answer"].widget.setChecked(True)
    _next(qtbot, w)
    assert wiz.step == "three_statements" and "②説明を尽くしていること。" in wiz.problems.text()
    wiz.page.fields["explained_fully"].widget.setChecked(True)
    wiz.page.fields["no_further_discussion"].widget.setChecked(True)
    wiz.page.fields["response_stopped"].widget.setChecked(True)  # 業務に支障: the 課長 stops the response
    _next(qtbot, w)
    assert wiz.step == "three_statements" and "中止する理由" in wiz.problems.text()
    wiz.page.fields["reason"].widget.setText("架空：同じ要求を1時間繰り返し、窓口業務が止まった")
    _next(qtbot, w)
    assert wiz.step == "three_statements" and "はい か いいえ" in wiz.problems.text()  # the check comes first
    assert "response_stopped" not in kinds(store, iid)
    wiz.page.fields["needs_accommodation"].buttons["いいえ"].setChecked(True)
    wiz.page.fields["harm_to_life_or_health"].buttons["いいえ"].setChecked(True)
    _next(qtbot, w)
    assert wiz.step == "close_case"
    logged = kinds(store, iid)
    assert logged.index("second_response_statements") < logged.index("response_stopped")
    stop_check = [p for p in of_kind(store, iid, "accommodation_check") if p["about"] == "stop"]
    assert len(stop_check) == 1 and stop_check[0]["needs_accommodation"] is False
    assert of_kind(store, iid, "response_stopped")[0]["reason"].startswith("架空：同じ要求")
    for item in workspace.timeline(store.entries(iid)):  # the page's inputs in words, never a field's id
        assert not re.search(r"[a-z]+_[a-z_]+", item.current), item.current
    wiz.page.fields["outcome"].widget.setPlainText("対応を中止し、課長から文書で回答した。")
    wiz.page.fields["resolved"].widget.setChecked(True)
    while wiz.step is not None:
        _next(qtbot, w)
    idle(qtbot, w)
    j = of_kind(store, iid, "judgement")[0]
    assert j["result"] == "該当" and j["definition"] == ["d1", "d2", "d3"] and j["by"] == "芝 課長"
    assert j["manner"] == ["manner_abusive"] and j["duration_frequency"] == ["df_abusive_any"]
    assert j["rationale"].startswith("「馬鹿野郎」") and j["at"]
    st = of_kind(store, iid, "second_response_statements")[0]
    assert st["organisational_answer"] and st["explained_fully"] and st["no_further_discussion"]
    done = [p["step"] for p in of_kind(store, iid, "step_done")]
    assert done[:2] == ["identify_demand", "confirm_facts"] and done[-1] == "entry_ban"
    inputs = {(p["step"], p["field"]): p["value"] for p in of_kind(store, iid, "step_input")}
    assert inputs[("identify_demand", "demand")] == "手数料を返還しろ"
    assert inputs[("confirm_facts", "who")] == "架空の男性"
    assert inputs[("close_case", "resolved")] is True
    assert w.session.resume() is None


def test_not_harassment_skips_the_second_response_pages(qtbot, store, chief_thread):
    """The 課長 is signed in: only that role records the judgement and the three statements."""
    store_thread = chief_thread
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    while w.wizard.step != "judgement":
        _next(qtbot, w)
    _judge(w.wizard.page, result="経過観察", rationale="穏やかな口調で、要求も制度の説明を求めるものだった。")
    _next(qtbot, w)
    assert w.wizard.step == "close_case"
    assert "chief_takeover" not in w.wizard.order()


def test_typing_is_written_after_a_pause_and_on_page_change(qtbot, store, store_thread):
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    w.wizard.page.fields["demand"].widget.setPlainText("説明")
    assert "step_input" not in kinds(store, iid)
    qtbot.wait(DEBOUNCE_MS + 200)
    idle(qtbot, w)
    assert of_kind(store, iid, "step_input")[-1]["value"] == "説明"
    w.wizard.page.fields["demand"].widget.setPlainText("説明を文書で")
    _next(qtbot, w)  # flushed at once, before step_done
    idle(qtbot, w)
    k = kinds(store, iid)
    assert k[-2:] == ["step_input", "step_done"]
    assert of_kind(store, iid, "step_input")[-1]["value"] == "説明を文書で"
    w.wizard.page.fields["who"].widget.setText("来庁者")
    qtbot.mouseClick(w.wizard.back_button, Qt.LeftButton)
    assert w.wizard.step == "identify_demand"
    assert w.wizard.page.fields["demand"].value() == "説明を文書で"
    _next(qtbot, w)
    assert w.wizard.page.fields["who"].value() == "来庁者"  # restored after Back and Next


def test_reopening_resumes_at_the_same_step_with_values(qtbot, store, store_thread):
    iid = make_incident(store)
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    _next(qtbot, w)
    w.wizard.page.fields["what"].widget.setText("交付の遅れ")
    w.close()  # flushes without waiting for the pause
    idle(qtbot, w)
    w2 = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    assert w2.wizard.step == "confirm_facts"
    assert w2.wizard.page.fields["what"].value() == "交付の遅れ"


def test_a_clerks_judgement_page_becomes_a_request_to_the_section_chief(qtbot, store, store_thread):
    """The 判断 is the 所管課長's: the clerk's choices are kept as a draft for approval, never as a judgement."""
    iid = make_incident(store, channel="電話", behaviours=["暴言、侮辱及び誹謗中傷"], summary="電話で暴言を繰り返した。")
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    wiz = w.wizard
    for _ in range(30):
        if wiz.step == "judgement":
            break
        for f in wiz.page.fields.values():  # fill what a page needs to move on
            widget = f.widget
            if hasattr(widget, "setPlainText") and not widget.toPlainText():
                widget.setPlainText("架空の記録")
            elif hasattr(widget, "setText") and hasattr(widget, "text") and not widget.text():
                widget.setText("架空")
        _next(qtbot, w)
    assert wiz.step == "judgement"
    _judge(wiz.page)
    _next(qtbot, w)
    idle(qtbot, w)
    assert "judgement" not in kinds(store, iid)
    requests = of_kind(store, iid, "approval_requested")
    assert [r["subject"] for r in requests] == ["judgement"] and requests[0]["draft"]["result"] == "該当"
    assert wiz.step != "judgement"  # the clerk is not trapped on the page
