"""Walk the eight scenario cards and the emergency (110) path through the engine, step by step."""
from app.model.flow import can_close, check_action, evaluate
from app.model.warnings import LOW, URGENT

from .builders import Log, at, now


def ids(state):
    return state.action_ids()


def codes(state):
    return state.warning_codes()


def judge(log, result="該当", **kw):
    payload = dict(result=result, definition=["d1", "d2", "d3"], manner=["manner_abusive"], demand=[],
                   duration_frequency=[], rationale="", at=at(20))
    payload.update(kw)
    return log.add("judgement", author="課長", **payload)


def three_statements(log, **over):
    p = dict(organisational_answer=True, explained_fully=True, no_further_discussion=True, at=at(25))
    p.update(over)
    return log.add("second_response_statements", author="課長", **p)


def finish(log, edition, outcome="対応を中止した"):
    log.add("step_input", step="close_case", field="outcome", value=outcome)
    ok, reasons = can_close(log, edition)
    assert ok, reasons
    assert "close" in ids(evaluate(log, edition))
    log.add("closed", at=at(60), outcome=outcome, resolved=False)
    return evaluate(log, edition)


def test_abusive_language_full_path(edition):
    log = Log()
    log.created(behaviours=["暴言、侮辱及び誹謗中傷"], staff=["職員A", "職員B"])
    s = evaluate(log, edition, None, now(1))
    assert s.stage == "initial_response"
    assert s.scenarios == ("abusive_language",)
    assert "これ以上お話しできません" in s.phrases and "乱暴な言葉や怒声はお控えください" in s.phrases
    assert "quote_missing" in codes(s)
    assert "× 暴言を繰り返した。" in s.warning("quote_missing").text
    assert "staff_insufficient" not in codes(s)
    assert s.action("stop_request").priority < s.action("record_quote").priority

    log.add("quote", at=at(2), text="お前は無能だ、要求に応じろ", speaker="party")
    s = evaluate(log, edition, None, now(2))
    assert "quote_missing" not in codes(s)

    log.add("stop_request", at=at(3), phrase="乱暴な言葉や怒声はお控えください")
    s = evaluate(log, edition, None, now(3))
    assert s.stage == "first_response"
    assert {"report_chief", "judgement", "leave_request"} <= set(ids(s))
    assert s.action("judgement").role == "section_chief"
    assert not check_action(s, "judgement", role="staff").allowed
    assert not check_action(s, "judgement", role="chief").allowed
    assert check_action(s, "judgement", role="section_chief").allowed
    assert not check_action(s, "response_stopped").allowed

    judge(log)
    s = evaluate(log, edition, None, now(20))
    assert s.stage == "second_response"
    assert s.action("second_response_statements").role == "section_chief"
    chk = check_action(s, "response_stopped")
    assert not chk.allowed and len(chk.reasons) == 3
    assert any("組織としての回答であること。" in r for r in chk.reasons)
    assert "escalate_difficult" in ids(s)

    three_statements(log, explained_fully=False)
    chk = check_action(log, "response_stopped", edition)
    assert not chk.allowed and chk.reasons == ("二次対応の②「説明を尽くしていること。」を伝えた記録がありません",)

    three_statements(log)
    s = evaluate(log, edition, None, now(26))
    assert "second_response_statements" not in ids(s)
    assert check_action(s, "response_stopped", role="section_chief").allowed
    assert not check_action(s, "response_stopped", role="staff").allowed

    log.add("response_stopped", at=at(27), reason="暴言が繰り返されたため", author="課長")
    s = evaluate(log, edition, None, now(28))
    assert s.stage == "closure"
    assert "close" not in ids(s) and "outcome_missing" in codes(s)
    assert s.blocked["close"] == ("対応結果が記録されていません",)

    s = finish(log, edition)
    assert s.stage == "aftercare"
    assert {"care_referral", "committee_report", "entry_ban"} <= set(ids(s))
    assert s.action("committee_report").data["items"] == ["発生状況", "対処内容", "解決の有無"]
    assert "record_quote" not in ids(s)
    log.add("committee_report", at=at(70), occurrence="…", handling="…", resolved=False)
    assert "committee_report" not in ids(evaluate(log, edition))


def test_persistent_demand_leave_requests_lead_to_eviction_and_110(edition):
    log = Log()
    log.created(behaviours=["社会通念上、相当な範囲を超える対応の強要"], staff=["職員A", "職員B"])
    s = evaluate(log, edition)
    assert s.scenarios == ("persistent_demand",)
    log.add("stop_request", at=at(1), phrase="")
    s = evaluate(log, edition)
    assert s.action("leave_request").label == "退去要求（1回目）"
    assert "eviction_order" not in ids(s)

    log.add("leave_request", at=at(5), by="職員A")
    s = evaluate(log, edition)
    assert s.leave_requests == 1
    assert s.action("leave_request").label == "退去要求（2回目）"
    assert "eviction_order" not in ids(s) and "eviction_threshold" not in codes(s)
    assert s.action("police_call").priority == LOW
    chk = check_action(s, "eviction_order", role="facility_manager")
    assert not chk.allowed and "2回に達していません" in chk.reasons[0]

    log.add("leave_request", at=at(8), by="職員A")
    s = evaluate(log, edition)
    order, police = s.action("eviction_order"), s.action("police_call")
    assert order.role == "facility_manager" and order.priority == URGENT
    assert police.priority == URGENT and police.data["phrase"] == "警察に通報します。"
    assert "警察に通報します。" in s.phrases
    assert s.warning("eviction_threshold").severity == "danger"
    assert "退去命令" in s.warning("eviction_threshold").text
    assert check_action(s, "eviction_order", role="facility_manager").allowed
    assert not check_action(s, "eviction_order", role="section_chief").allowed
    # the third and last request is the 課長's (所管課長が最終的な退去要求をします)
    assert s.action("leave_request").label == "退去要求（3回目）：課長が行う最終的な退去要求"
    assert s.action("leave_request").data["by_role"] == "section_chief"  # recorded by whoever is at the PC

    log.add("leave_request", at=at(10), by="課長")
    s = evaluate(log, edition)
    assert "eviction_order" in ids(s) and "leave_request" not in ids(s)
    assert "退去要求が3回" in s.warning("eviction_threshold").text

    log.add("eviction_order", at=at(11), by="庁舎管理者")
    s = evaluate(log, edition)
    assert "eviction_order" not in ids(s) and s.action("police_call").priority == URGENT
    log.add("police_call", at=at(12), reason="退去命令に従わないため")
    s = evaluate(log, edition)
    assert "eviction_threshold" not in codes(s) and s.action("police_call").priority == LOW


def test_dogeza_demand(edition):
    log = Log()
    log.created(behaviours=["土下座の要求"], staff=["職員A", "職員B"])
    s = evaluate(log, edition)
    assert s.scenarios == ("dogeza_demand",)
    assert "そのような対応はできません" in s.phrases
    assert edition.scenario("dogeza_demand")["legal"][0]["offence"] == "強要罪"
    assert "quote_missing" in codes(s) and "emergency_police" not in codes(s)
    log.add("quote", at=at(1), text="土下座して謝罪しろ。さもないと許さない。")
    log.add("stop_request", at=at(2), phrase="そのような対応はできません")
    judge(log)
    three_statements(log)
    log.add("response_stopped", at=at(30), reason="")
    s = finish(log, edition, "拒否した")
    assert s.stage == "aftercare" and "closed_without_judgement" not in codes(s)


def _assault_checks(s, edition):
    police = s.action("police_call")
    assert police.priority == URGENT and police.role == "staff"
    assert police.data["without_waiting_for"] == "section_chief"
    assert {"law": "刑法第208条", "offence": "暴行罪"} in police.data["legal"]
    assert s.actions[0].id == "police_call"
    w = s.warning("emergency_police")
    assert w.severity == "danger" and "刑法第208条" in w.text and "判断を待つことなく" in w.text
    assert "section_chief" in s.required_people.roles
    assert check_action(s, "police_call", role="staff").allowed


def test_assault_goes_straight_to_110_without_the_section_chief(edition):
    log = Log()
    log.created(behaviours=[], staff=["職員A"])
    s = evaluate(log, edition)
    assert s.action("police_call").priority == LOW and "emergency_police" not in codes(s)
    log.add("behaviour_observed", at=at(4), behaviour="暴力行為")
    s = evaluate(log, edition)
    _assault_checks(s, edition)
    assert s.stage == "initial_response"  # no judgement, no stop request needed first
    assert "judgement" not in [a.id for a in s.actions if a.priority == URGENT]
    assert "staff_insufficient" in codes(s) and s.action("backup_call")
    log.add("police_call", at=at(5), reason="胸ぐらをつかまれ、頭を叩かれた")
    s = evaluate(log, edition)
    assert s.stage == "first_response"
    assert "emergency_police" not in codes(s) and s.action("police_call").priority == LOW
    assert "section_chief" in s.required_people.roles


def test_emergency_path_from_the_scenario_alone(edition):
    log = Log()
    log.created(behaviours=[], scenarios=["assault"])
    _assault_checks(evaluate(log, edition), edition)
    log2 = Log()
    log2.created(behaviours=[], scenarios=["暴行"])  # the card's title works too
    _assault_checks(evaluate(log2, edition), edition)


def test_intimidation_on_the_phone(edition):
    log = Log()
    log.created(channel="電話", place="電話", behaviours=["威嚇及び脅迫"], staff=["職員A"])
    s = evaluate(log, edition, None, now(2))
    assert s.scenarios == ("intimidation",)
    assert "お静かにお話ください" in s.phrases
    assert "冷静にお話できないようですので、電話を切ります" in s.phrases
    assert "staff_insufficient" not in codes(s) and s.required_people.staff == 0
    assert "leave_request" not in ids(s) and "security_request" not in ids(s)
    log.add("stop_request", at=at(3), phrase="お静かにお話ください")
    s = evaluate(log, edition, None, now(3))
    handover = s.action("handover")
    assert handover and handover.text.startswith("電話の場合")
    assert handover.data["roles"] == ["staff", "chief", "section_chief"]


def test_long_detention_time_limit_from_settings(edition):
    log = Log()
    log.created(channel="電話", place="電話", behaviours=["長時間の拘束"])
    s = evaluate(log, edition, None, now(30))
    assert "time_limit_exceeded" not in codes(s) and s.elapsed_minutes == 30
    s = evaluate(log, edition, None, now(31))
    w = s.warning("time_limit_exceeded")
    assert w and w.data["limit"] == 30 and w.data["elapsed"] == 31
    assert "※目安の時間を越えた段階で直ちにカスハラに該当するわけではない点に注意します" in w.text
    assert "電話を切ります" in s.action("end_call").text
    s = evaluate(log, edition, {"time_limit_minutes": {"電話": 45}}, now(31))
    assert "time_limit_exceeded" not in codes(s)
    s = evaluate(log, edition, {"time_limit_minutes": {"電話": 10}}, now(11))
    assert s.warning("time_limit_exceeded").data["limit"] == 10
    log.add("response_stopped", at=at(32), reason="対応時間を超過")
    s = evaluate(log, edition, None, now(40))
    assert "time_limit_exceeded" not in codes(s) and s.stage == "closure"
    assert "judgement_missing" in codes(s)


def test_repetition_and_watch(edition):
    log = Log()
    log.created(channel="電話", place="電話", behaviours=["つきまとい行為"])
    s = evaluate(log, edition)
    assert s.scenarios == ("repetition",)
    assert "区とは全く関係ない話であり、対応できません" in s.phrases
    judge(log, result="経過観察", manner=[], duration_frequency=["df_repeated"])
    s = evaluate(log, edition)
    assert s.stage == "closure"
    assert "second_response_statements" not in ids(s) and "escalate_difficult" not in ids(s)
    ok, reasons = can_close(log, edition)
    assert not ok and reasons == ["対応結果が記録されていません"]
    s = finish(log, edition, "以前の回答を伝えた")
    assert "committee_report" not in ids(s)


def test_internet_procedure_in_order(edition):
    log = Log()
    log.created(channel="SNS", place="SNS", behaviours=["区や職員の信用を毀損させる内容や個人情報等をSNSなどに投稿する行為"])
    s = evaluate(log, edition)
    assert s.scenarios == ("internet",)
    assert "撮影した写真、動画は直ちに削除してください" in s.phrases
    assert s.action("save_screenshot").priority < s.action("takedown_request").priority
    assert "スクリーンショット" in s.action("save_screenshot").text
    log.add("attachment_added", sha256="0" * 64, evidence_kind="screenshot", filename="post.png", size=10)
    s = evaluate(log, edition)
    assert "save_screenshot" not in ids(s)
    assert s.action("takedown_request").priority < s.action("disclosure_request").priority
    log.add("takedown_request", at=at(30), platform="例示SNS", result="依頼済")
    s = evaluate(log, edition)
    assert "takedown_request" not in ids(s) and "開示請求" in s.action("disclosure_request").text
    log.add("disclosure_request", at=at(40), platform="例示SNS", result="依頼済")
    assert not {"save_screenshot", "takedown_request", "disclosure_request"} & set(ids(evaluate(log, edition)))
