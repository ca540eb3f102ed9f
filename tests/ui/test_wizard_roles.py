"""Clerk proposes, 課長 decides: the clerk's judgement page is a proposal to the 課長's queue (no step inputs,
nothing pre-selected for the 課長, 判断者 never typed); step titles read as sentences; 発生後の対応 has inputs."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.encounter.window import WIZARD_TAB
from app.ui.wizard.step_page import full_title

from .encounter_helpers import idle, kinds, make_incident, of_kind, open_window
from .test_wizard import _judge, _next


def _to(qtbot, w, step):
    wiz = w.wizard
    for _ in range(40):
        if wiz.step == step:
            return
        for f in wiz.page.fields.values():
            widget = f.widget
            if hasattr(widget, "setPlainText") and not widget.toPlainText():
                widget.setPlainText("架空の記録")
            elif hasattr(widget, "setText") and hasattr(widget, "text") and not widget.text() \
                    and not widget.isReadOnly():
                widget.setText("架空")
        _next(qtbot, w)
    assert wiz.step == step


def test_clerk_proposes_and_the_section_chief_decides_afresh(qtbot, store, store_thread, chief_thread):
    iid = make_incident(store, channel="電話", behaviours=["暴言、侮辱及び誹謗中傷"], summary="電話で暴言を繰り返した。")
    w = open_window(qtbot, store_thread, iid, tab=WIZARD_TAB)
    _to(qtbot, w, "judgement")
    page = w.wizard.page
    assert page.proposal and page.judge_field.widget.isReadOnly()
    assert page.judge_field.value() == "所管課長（承認待ち）"
    _judge(page)
    page.judge_field.widget.setText("")  # whatever the clerk did to the (read-only) box, it is not sent
    qtbot.wait(700)
    _next(qtbot, w)
    idle(qtbot, w)
    assert w.wizard.step != "judgement" and "承認待ち" in w.wizard.progress.text()
    assert not [p for p in of_kind(store, iid, "step_input") if p["step"] == "judgement"]  # no draft entries
    assert "judgement" not in [p["step"] for p in of_kind(store, iid, "step_done")]
    req = of_kind(store, iid, "approval_requested")[-1]
    assert req["subject"] == "judgement" and "by" not in req["draft"]
    w.close()
    # the 課長 opens the same incident: the judgement step is open and nothing is ticked for them
    c = open_window(qtbot, chief_thread, iid, tab=WIZARD_TAB)
    qtbot.waitUntil(lambda: c.wizard.may_judge, timeout=5000)
    c.wizard.show_step("judgement")
    cp = c.wizard.page
    assert not cp.proposal and cp.judge_field.value() == "麻布 課長" and cp.judge_field.widget.isReadOnly()
    assert cp.values()["definition"] == [] and cp.values()["result"] in ("", None)


def test_step_titles_are_sentences():
    from app.model import vocab
    e = vocab.default_edition()
    titles = {st["id"]: full_title(st) for _sid, st in e.steps()}
    assert titles["three_statements"].startswith("①「組織としての回答」②「説明を尽くした」③「これ以上の議論はできない」を伝えた上で")
    assert not [t for t in titles.values() if t.startswith(("を", "が", "に", "は"))]


def test_aftercare_steps_have_inputs_that_become_entries(qtbot, store, chief_thread):
    iid = make_incident(store, party={"name": "架空 花子"})
    w = open_window(qtbot, chief_thread, iid, tab=WIZARD_TAB)
    wiz = w.wizard
    wiz.show_step("message")
    wiz.page.fields["text"].widget.setPlainText("区のホームページで基本方針を再掲した。")
    _next(qtbot, w)
    wiz.show_step("case_review")  # 発生後の対応 is offered once the case is closed; each page is shown here
    wiz.page.fields["text"].widget.setPlainText("退去要求の時機を課内で検証した。")
    _next(qtbot, w)
    wiz.show_step("entry_ban")  # the 出入禁止 step decides a ban of the life cycle, never a party_status
    assert "出入禁止" not in [wiz.page.fields[f].value() for f in wiz.page.fields]
    wiz.page.fields["reason"].widget.setPlainText("退去命令に従わなかった")
    _next(qtbot, w)  # unanswered 合理的配慮の確認: refused on the page, nothing written
    assert "はい か いいえ" in wiz.problems.text() and not of_kind(store, iid, "ban_decided")
    from .test_wizard import answer_accommodation
    answer_accommodation(wiz.page, harm="はい")
    _next(qtbot, w)  # はい without its reason
    assert "理由を書いてください" in wiz.problems.text() and not of_kind(store, iid, "ban_decided")
    wiz.page.fields["harm_reason"].widget.setText("通院の手続は郵送で続けられる")
    _next(qtbot, w)
    idle(qtbot, w)
    notes = {p.get("event"): p["text"] for p in of_kind(store, iid, "note")}
    assert notes["message"].startswith("区のホームページ") and notes["case_review"].startswith("退去要求")
    ban = [e for e in store.entries(iid) if e.kind == "ban_decided"][-1]
    check = [e for e in store.entries(iid) if e.kind == "accommodation_check"][-1]
    assert ban.payload["reason"] == "退去命令に従わなかった" and not of_kind(store, iid, "party_status")
    assert check.payload == {**check.payload, "about": "ban", "needs_accommodation": False,
                             "harm_to_life_or_health": True, "harm_reason": "通院の手続は郵送で続けられる"}
    assert check.seq + 1 == ban.seq  # written together, the check first
    wiz.show_step("care")
    assert "本人・所管課長・人事課だけ" in wiz.page.findChild(type(wiz.progress), "care_note").text()
    wiz.page.fields["staff"].widget.setText("港 一郎")
    _next(qtbot, w)
    idle(qtbot, w)
    sealed = [e for e in chief_thread.service.entries(iid) if e.kind == "care_referral"]  # a reader opens it
    assert sealed[-1].payload["staff"] == "港 一郎"
    assert not [p for p in of_kind(store, iid, "step_input") if p["step"] == "care"]  # restricted: no copies
