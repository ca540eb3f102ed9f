"""Single rules of the flow engine: staffing table, escalation, closing, corrections, purity, nudges."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings as hsettings, strategies as st

from app.model import nudges
from app.model.flow import ACTIONS, can_close, check_action, evaluate
from app.model.scenarios import scenario_for

from .builders import Log, at, now
from .test_flow_scenarios import judge, three_statements


def codes(s):
    return s.warning_codes()


def test_one_resident_one_staff_needs_more_staff(edition):
    log = Log()
    log.created(staff=["職員A"])
    s = evaluate(log, edition)
    w = s.warning("staff_insufficient")
    assert w and w.data == {"need": 2, "have": 1, "residents": 1}
    assert "区民等 1人 → 職員 複数人" in w.text
    assert s.action("backup_call").data["staff_needed"] == 1
    assert s.required_people.staff == 2
    log.add("backup_call", at=at(1), staff_present=2, residents=1)
    s = evaluate(log, edition)
    assert "staff_insufficient" not in codes(s) and "backup_call" not in s.action_ids()


def test_several_residents_need_as_many_staff(edition):
    log = Log()
    log.created(staff=["職員A", "職員B"])
    log.add("backup_call", at=at(1), staff_present=2, residents=3)
    s = evaluate(log, edition)
    assert s.warning("staff_insufficient").data["need"] == 3
    assert s.required_people.rule == "区民等 複数人 → 職員 同数以上の複数人"
    assert not s.required_people.representatives_only


def test_a_group_is_limited_to_representatives(edition):
    log = Log()
    log.created(staff=["職員A"])
    log.add("backup_call", at=at(1), staff_present=6, residents=6)
    s = evaluate(log, edition)
    assert "group_representatives_only" in codes(s) and "staff_insufficient" not in codes(s)
    assert s.required_people.representatives_only and s.required_people.staff == 6
    assert "代表者" in s.warning("group_representatives_only").text
    s = evaluate(log, edition, {"group_party_threshold": 10})
    assert "group_representatives_only" not in codes(s)


def test_staff_count_from_wizard_input(edition):
    log = Log()
    log.created(staff=[])
    log.add("step_input", step="multiple_staff", field="staff_present", value=1)
    log.add("step_input", step="multiple_staff", field="residents", value=2)
    assert evaluate(log, edition).warning("staff_insufficient").data["need"] == 2


def test_escalation_roles(edition):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"])
    s = evaluate(log, edition)
    assert "escalate_difficult" not in s.action_ids()
    judge(log)
    s = evaluate(log, edition)
    # 困難: the 所管課長 asks the 部長 (the registry's roles; the edition names who receives it)
    assert s.action("escalate_difficult").role == "section_chief"
    assert check_action(s, "escalate_difficult", role="section_chief").allowed
    assert not check_action(s, "escalate_difficult", role="director").allowed
    assert not check_action(s, "escalate_difficult", role="staff").allowed
    chk = check_action(s, "escalate_especially_difficult")
    assert not chk.allowed and "困難" in chk.reasons[0]
    log.add("escalation", level="困難", at=at(30), reason="同種の事案が繰り返されている")
    s = evaluate(log, edition)
    assert "escalate_difficult" not in s.action_ids()
    # 特に困難: 当該部長は総務部長に対して検討組織の立上げを依頼します
    assert s.action("escalate_especially_difficult").role == "director"
    assert check_action(s, "escalate_especially_difficult", role="director").allowed
    assert not check_action(s, "escalate_especially_difficult", role="general_affairs_director").allowed
    assert not check_action(s, "eviction_order", role="general_affairs_director").allowed


def test_cannot_close_without_judgement_and_outcome(edition):
    log = Log()
    log.created()
    ok, reasons = can_close(log, edition)
    assert not ok and len(reasons) == 2
    log.add("step_input", step="close_case", field="outcome", value="説明して納得された")
    ok, reasons = can_close(log, edition)
    assert not ok and reasons == ["課長によるカスハラの判断（結果）が記録されていません"]
    assert not check_action(log, "close", edition).allowed
    judge(log, result="非該当", manner=[])
    assert can_close(log, edition) == (True, [])
    assert check_action(log, "close", edition, role="section_chief").allowed
    assert not check_action(log, "close", edition, role="staff").allowed
    log.add("closed", at=at(40), outcome="説明して納得された", resolved=True)
    assert can_close(log, edition)[0] is False


def test_stopping_without_the_three_statements_is_flagged(edition):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"])
    judge(log)
    log.add("response_stopped", at=at(30), reason="")
    log.add("step_input", step="close_case", field="outcome", value="中止")
    s = evaluate(log, edition)
    assert s.warning("statements_missing") and len(s.warning("statements_missing").data["missing"]) == 3
    ok, reasons = can_close(log, edition)
    assert not ok and reasons == ["二次対応の3点を伝えた記録がありません"]
    three_statements(log)
    assert can_close(log, edition)[0]


def test_closed_without_judgement_is_warned(edition):
    log = Log()
    log.created()
    log.add("closed", at=at(10), outcome="終了", resolved=True)
    s = evaluate(log, edition)
    assert s.stage == "aftercare" and "closed_without_judgement" in codes(s)


def test_time_limit_in_person_and_second_response(edition):
    log = Log()
    log.created(staff=["職員A", "職員B"], behaviours=["長時間の拘束"])
    s = evaluate(log, edition, None, now(31))
    assert "警察に相談する旨" in s.action("end_call").text
    judge(log)
    s = evaluate(log, edition, None, now(31))
    assert "time_limit_exceeded" in codes(s)
    chk = check_action(s, "end_call")
    assert not chk.allowed and len(chk.reasons) == 3  # the 二次対応 statements come first
    assert "訪問" not in {"電話": 1, "対面": 1}
    log2 = Log()
    log2.created(channel="訪問")
    assert "time_limit_exceeded" not in codes(evaluate(log2, edition, None, now(300)))


def test_outside_office_hours(edition):
    log = Log()
    log.created()
    late = datetime(2025, 4, 1, 18, 0, tzinfo=timezone(timedelta(hours=9)))
    s = evaluate(log, edition, None, late)
    assert "受付時間（08:30-17:15）外" in s.warning("outside_office_hours").text
    assert "outside_office_hours" not in codes(evaluate(log, edition, None, now(5)))
    assert "outside_office_hours" not in codes(evaluate(log, edition, {"office_hours": "08:00-19:00"}, late))


def test_no_clock_no_time_warnings(edition):
    log = Log()
    log.created(channel="電話")
    s = evaluate(log, edition)
    assert s.elapsed_minutes is None and "time_limit_exceeded" not in codes(s)


def test_corrections_are_applied(edition):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"])
    j = judge(log)
    assert evaluate(log, edition).stage == "second_response"
    log.correct(j, withdrawn=True)
    assert evaluate(log, edition).stage == "initial_response"
    c = log.entries[0]
    log.correct(c, **{**c.payload, "behaviours": ["暴力行為"]})
    assert "emergency_police" in codes(evaluate(log, edition))


def test_unknown_action_and_unknown_behaviour(edition):
    log = Log()
    log.created(behaviours=["存在しない類型"])
    s = evaluate(log, edition)
    assert "unknown_behaviour" in codes(s)
    assert not check_action(s, "fly_away").allowed


def test_every_behaviour_has_a_card_and_every_card_is_reachable(edition):
    seen = set()
    for b in edition["behaviours"]:
        cards = scenario_for([b["label"]], edition)
        if b.get("app_extra"):  # 「その他」: a type the app adds to the manual's list, with no card of its own
            assert not cards
            continue
        assert cards, b["label"]
        seen |= {c["id"] for c in cards}
    assert seen == {c["id"] for c in edition["scenarios"]}
    assert [c["title"] for c in scenario_for(["暴力行為", "violence", "土下座の要求"], edition)] == ["暴行", "土下座の要求"]
    assert scenario_for(["暴力行為"])[0]["id"] == "assault"  # default edition


def test_nudge_5w1h(edition):
    log = Log()
    log.created()
    f = nudges.check(log, edition)
    w = next(x for x in f if x.code == "record_5w1h_incomplete")
    assert w.data["missing"] == ["why", "how"] and "なぜ・どのように" in w.text
    log.add("step_input", step="confirm_facts", field="why", value="申請が却下されたため")
    log.add("step_input", step="confirm_facts", field="how", value="窓口で大声を上げた")
    assert "record_5w1h_incomplete" not in [x.code for x in nudges.check(log, edition)]
    log2 = Log()
    log2.created(place="", party={"name": "", "description": ""}, demands="", summary="")
    missing = next(x for x in nudges.check(log2, edition) if x.code == "record_5w1h_incomplete").data["missing"]
    assert missing == ["who", "where", "what", "why", "how"]


def test_nudge_quote_from_summary_text(edition):
    log = Log()
    log.created(summary="暴言を繰り返した。")
    w = next(x for x in nudges.check(log, edition) if x.code == "quote_missing")
    assert w.data == {"bad": "暴言を繰り返した。",
                      "good": "「馬鹿野郎」と大声で怒鳴った後に「お前の顔と名前をSNSに投稿するぞ」と言った。"}
    assert "×" in w.text and "○" in w.text
    log.add("quote", at=at(1), text="馬鹿野郎", speaker="party")
    assert "quote_missing" not in [x.code for x in nudges.check(log, edition)]
    calm = Log()
    calm.created(summary="手続の説明を求められた。")
    assert "quote_missing" not in [x.code for x in nudges.check(calm, edition)]


def test_demand_only_judgement_shows_the_caveat(edition):
    log = Log()
    log.created()
    judge(log, manner=[], demand=["demand_money"])
    assert evaluate(log, edition).warning("demand_caveat").text.startswith("※ただし")


KINDS = ["stop_request", "leave_request", "backup_call", "police_call", "quote", "behaviour_observed",
         "judgement", "second_response_statements", "response_stopped", "escalation", "eviction_order"]


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KINDS), max_size=12), st.integers(min_value=0, max_value=120))
def test_engine_is_pure_and_total(edition, kinds, minutes):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"])
    for k in kinds:
        payload = {"at": at(1)}
        if k == "judgement":
            payload.update(result="該当")
        if k == "behaviour_observed":
            payload.update(behaviour="暴力行為")
        if k == "backup_call":
            payload.update(staff_present=2, residents=1)
        if k == "escalation":
            payload.update(level="困難")
        log.add(k, **payload)
    a = evaluate(log, edition, None, now(minutes))
    b = evaluate(list(reversed(log.entries)), edition, None, now(minutes))  # order comes from the clocks
    assert a == b
    assert a.stage in ("initial_response", "first_response", "second_response", "closure", "aftercare")
    assert all(x.id in ACTIONS for x in a.actions)
    assert not set(a.blocked) & set(a.action_ids())
    if "behaviour_observed" in kinds and "police_call" not in kinds:
        assert a.action("police_call").priority == 0
