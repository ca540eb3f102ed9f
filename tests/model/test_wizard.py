"""Where an interrupted wizard resumes, and what its map holds."""
from app.model.wizard import navigation, next_step, previous_step, walk

from .builders import Log, at


def done(log, *steps):
    for s in steps:
        log.add("step_done", step=s, at=at(1))


def test_map_follows_the_edition(edition):
    log = Log()
    log.created()
    nav = navigation(edition, log)
    order = walk(nav)
    assert order[:5] == ["identify_demand", "confirm_facts", "multiple_staff", "choose_place", "record_share"]
    assert "customer_policy" not in order  # 未然防止 is not a wizard page
    assert "chief_takeover" not in order  # only after a 該当 judgement
    assert nav["judgement"].role == "section_chief" and nav["judgement"].stage == "second_response"
    assert nav["confirm_facts"].fields == ("who", "when", "where", "what", "why", "how")


def test_phone_skips_the_place_step(edition):
    log = Log()
    log.created(channel="電話")
    assert "choose_place" not in navigation(edition, log)


def test_resume_restores_inputs(edition):
    log = Log()
    log.created()
    r = next_step(log, edition)
    assert (r.step, r.stage, r.values, r.done) == ("identify_demand", "initial_response", {}, ())
    log.add("step_input", step="identify_demand", field="demand", value="手数料の返還")
    r = next_step(log, edition)
    assert r.step == "identify_demand" and r.values == {"demand": "手数料の返還"}
    done(log, "identify_demand")
    log.add("step_input", step="confirm_facts", field="who", value="来庁者")
    w = log.add("step_input", step="confirm_facts", field="why", value="仮")
    log.correct(w, step="confirm_facts", field="why", value="申請が却下されたため")
    r = next_step(log, edition)
    assert r.step == "confirm_facts" and r.values == {"who": "来庁者", "why": "申請が却下されたため"}
    assert r.done == ("identify_demand",)


def test_resume_is_the_first_step_not_done(edition):
    log = Log()
    log.created()
    done(log, "identify_demand", "multiple_staff")
    assert next_step(log, edition).step == "confirm_facts"


def test_judgement_opens_the_second_response_pages(edition):
    log = Log()
    log.created()
    order = walk(navigation(edition, log))
    done(log, *order[: order.index("judgement") + 1])
    assert next_step(log, edition).step == "close_case"
    log.add("judgement", result="該当", at=at(5))
    r = next_step(log, edition)
    assert (r.step, r.stage) == ("chief_takeover", "second_response")
    assert previous_step("chief_takeover", log, edition) == "judgement"
    assert previous_step("identify_demand", log, edition) is None
    done(log, *walk(navigation(edition, log)))
    assert next_step(log, edition) is None


def test_an_approved_proposal_counts_as_the_judgement_step(edition):
    """The clerk sent a proposal (no step_done for the judgement); once the 課長 approves it, the wizard of
    whoever opens it next goes on after the judgement, not back to a blank judgement page."""
    log = Log()
    log.created()
    order = walk(navigation(edition, log))
    done(log, *order[: order.index("judgement")])
    assert next_step(log, edition).step == "judgement"
    log.add("judgement", result="該当", at=at(5))
    r = next_step(log, edition)
    assert r.step == "chief_takeover" and "judgement" in r.done
