"""A different edition changes the engine's answers without code changes."""
from app.model.flow import check_action, evaluate
from app.model.wizard import navigation, next_step

from .builders import Log, at


def test_eviction_threshold_comes_from_the_edition(edition, test_edition):
    log = Log()
    log.created(staff=["A", "B", "C"])
    log.add("stop_request", at=at(1), phrase="")
    log.add("leave_request", at=at(2), by="A")
    main, test = evaluate(log, edition), evaluate(log, test_edition)
    assert "eviction_order" not in main.action_ids() and "eviction_threshold" not in main.warning_codes()
    assert test.action("eviction_order").role == "facility_manager"
    assert test.action("police_call").data["phrase"] == "試験版：通報します。"
    assert "試験版：通報します。" in test.phrases and "警察に通報します。" not in test.phrases
    assert "leave_request" not in test.action_ids()  # max 1 in the test edition


def test_emergency_behaviours_come_from_the_edition(edition, test_edition):
    log = Log()
    log.created(behaviours=["威嚇及び脅迫"], staff=["A", "B", "C"])
    assert "emergency_police" not in evaluate(log, edition).warning_codes()
    s = evaluate(log, test_edition)
    assert "emergency_police" in s.warning_codes() and s.action("police_call").priority == 0
    assert s.required_people.roles == ("chief",)
    assert s.phrases == ("試験版：通報します",)


def test_phrases_and_staffing_come_from_the_edition(edition, test_edition):
    log = Log()
    log.created(channel="電話", behaviours=["暴言、侮辱及び誹謗中傷"], staff=["A", "B"])
    main, test = evaluate(log, edition), evaluate(log, test_edition)
    assert "これ以上お話しできません" in main.phrases and test.phrases == ("試験版：お静かに願います",)
    assert "staff_insufficient" not in main.warning_codes()
    assert test.warning("staff_insufficient").data == {"need": 3, "have": 2, "residents": 1}


def test_second_response_statements_come_from_the_edition(edition, test_edition):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"])
    log.add("judgement", result="該当", at=at(5))
    log.add("second_response_statements", organisational_answer=True, no_further_discussion=True, at=at(6))
    assert not check_action(log, "response_stopped", edition).allowed
    s = evaluate(log, test_edition)
    # who may stop the response is the registry's (one table), whatever role an edition names
    assert s.action("response_stopped").role == "chief"
    assert check_action(s, "response_stopped", role="section_chief").allowed
    assert not check_action(s, "response_stopped", role="director").allowed
    assert "escalate_especially_difficult" not in s.action_ids() and "escalate_especially_difficult" not in s.blocked


def test_quote_nudge_and_5w1h_come_from_the_edition(edition, test_edition):
    log = Log()
    log.created(summary="ひどいことを言った。")
    t = evaluate(log, test_edition)
    assert t.warning("quote_missing").data["bad"] == "ひどいことを言った。"
    assert "quote_missing" not in evaluate(log, edition).warning_codes()
    assert "record_5w1h_incomplete" not in t.warning_codes()  # only who/what asked there


def test_wizard_steps_come_from_the_edition(edition, test_edition):
    log = Log()
    log.created()
    assert next_step(log, edition).step == "identify_demand"
    assert next_step(log, test_edition).step == "listen"
    nav = navigation(test_edition, log)
    assert list(nav) == ["listen", "confirm_facts", "log_words", "skipped_by_jump", "judgement", "finish"]
    assert nav["log_words"].next == "judgement"  # the edition's jump
    for sid in ("listen", "confirm_facts", "log_words"):
        log.add("step_done", step=sid, at=at(1))
    assert next_step(log, test_edition).step == "judgement"
