"""本人開示・訂正の請求 (issue 17 §3): the register of requests, its 30-day clock under a fake today, the
extension, the decision and a 訂正する that corrects the incident's entry naming the requester."""
from __future__ import annotations

import copy

import pytest

from app.model import disclosure_requests as clock
from app.model import streams
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.service import Service

NAME = "髙橋 﨑子"  # never normalised: 髙 and 﨑 stay as written


def _request(svc, received_on="2025-04-01", requester=NAME):
    return svc.disclosure_request({"requester": requester, "received_on": received_on,
                                   "scope": "窓口での対応記録の全部", "contact": "03-0000-0000"})


def _state(svc, request_id, today):
    return next(s for s in svc.disclosure_requests(today) if s["id"] == request_id)


def test_only_the_section_chief_and_the_general_affairs_director_keep_the_register(store, people):
    for role in ("staff", "chief", "director", "hr", "sysadmin", "facility_manager"):
        svc = Service(store, people[role])
        with pytest.raises(PermissionDenied):
            _request(svc)
        with pytest.raises(PermissionDenied):
            svc.disclosure_requests("2025-04-02")
    assert store.entries(streams.DISCLOSURES) == []
    a = _request(Service(store, people["section_chief"]))
    b = _request(Service(store, people["general_affairs_director"]), requester="𠮷田 太郎")
    listed = Service(store, people["general_affairs_director"]).disclosure_requests("2025-04-02")
    assert {s["id"] for s in listed} == {a.id, b.id}
    assert {s["requester"] for s in listed} == {NAME, "𠮷田 太郎"}  # exactly as received


def test_the_thirty_day_clock_under_a_fake_today(store, people):
    chief = Service(store, people["section_chief"])
    r = _request(chief, received_on="2025-04-01")
    assert clock.DECISION_DAYS == 30 and clock.EXTENSION_MAX_DAYS == 30
    s = _state(chief, r.id, "2025-04-01")
    assert (s["due"], s["state"], s["days_left"]) == ("2025-05-01", "受付", 30)
    assert _state(chief, r.id, "2025-05-01")["days_left"] == 0
    assert _state(chief, r.id, "2025-05-01")["state"] == "受付"
    late = _state(chief, r.id, "2025-05-02")
    assert (late["state"], late["days_left"]) == ("期限超過", -1)
    with pytest.raises(InputError):
        _request(chief, requester="　 ")  # a name is needed
    with pytest.raises(InputError):
        chief.disclosure_request({"requester": NAME})  # and the day it arrived


def test_an_extension_once_with_a_reason_and_at_most_thirty_days(store, people):
    chief = Service(store, people["section_chief"])
    r = _request(chief, received_on="2025-04-01")
    with pytest.raises(InputError):
        chief.disclosure_extend(r.id, {"due": "2025-05-20"})  # no reason
    with pytest.raises(InputError) as too_far:
        chief.disclosure_extend(r.id, {"due": "2025-06-01", "reason": "記録が多い"})
    assert "30日以内" in too_far.value.ja
    with pytest.raises(InputError):
        chief.disclosure_extend(r.id, {"due": "2025-04-20", "reason": "記録が多い"})  # not later than 05-01
    with pytest.raises(InputError):
        chief.disclosure_extend("0" * 36, {"due": "2025-05-20", "reason": "記録が多い"})
    chief.disclosure_extend(r.id, {"due": "2025-05-31", "reason": "対象の記録が多く、確認に時間を要するため"})
    s = _state(chief, r.id, "2025-05-10")
    assert (s["state"], s["due"], s["days_left"]) == ("延長", "2025-05-31", 21)
    assert s["extension_reason"].startswith("対象の記録が多く")
    assert _state(chief, r.id, "2025-06-01")["state"] == "期限超過"
    with pytest.raises(InputError) as twice:
        chief.disclosure_extend(r.id, {"due": "2025-05-30", "reason": "再延長"})
    assert "一度だけ" in twice.value.ja


def test_the_decision_needs_what_is_withheld_unless_full_and_closes_the_clock(store, people):
    chief = Service(store, people["section_chief"])
    r = _request(chief)
    with pytest.raises(InputError):
        chief.disclosure_decide(r.id, {"decision": "部分開示", "decided_on": "2025-04-20"})
    with pytest.raises(InputError):
        chief.disclosure_decide(r.id, {"decision": "一部だけ"})
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).disclosure_decide(r.id, {"decision": "全部開示"})
    chief.disclosure_decide(r.id, {"decision": "部分開示", "decided_on": "2025-04-20",
                                   "withheld": "職員の所見（評価・判断に関する情報）"})
    s = _state(chief, r.id, "2025-09-01")  # long after the 期限: decided, not overdue
    assert (s["state"], s["days_left"], s["decision"], s["decided_on"]) == ("決定済み", None, "部分開示", "2025-04-20")
    with pytest.raises(InputError) as again:
        chief.disclosure_decide(r.id, {"decision": "全部開示"})
    assert "決定済み" in again.value.ja
    full = _request(chief, received_on="2025-04-05")
    chief.disclosure_decide(full.id, {"decision": "全部開示"})
    with pytest.raises(InputError):  # a 開示決定 does not answer a 訂正請求 (nor the other way round)
        chief.correction_decide(full.id, {"decision": "訂正しない", "reason": "誤りはない"})


def test_a_correction_decided_corrects_the_entry_naming_the_requester(store, people, sample):
    chief = Service(store, people["section_chief"])
    data = copy.deepcopy(sample)
    data["party"] = {"name": NAME}
    iid = chief.create_incident(data)
    quote = next(e for e in store.entries(iid) if e.kind == "quote")
    with pytest.raises(NotFoundError):
        chief.correction_request({"requester": NAME, "incident": iid, "entry": "0" * 36,
                                  "requested": "そうは言っていない", "received_on": "2025-04-10"})
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).correction_request(
            {"requester": NAME, "incident": iid, "entry": quote.id, "requested": "x", "received_on": "2025-04-10"})
    req = chief.correction_request({"requester": NAME, "incident": iid, "entry": quote.id,
                                    "requested": "説明をもう一度お願いしますと言った", "received_on": "2025-04-10"})
    assert _state(chief, req.id, "2025-04-11")["label"] == "訂正請求"
    assert _state(chief, req.id, "2025-04-11")["due"] == "2025-05-10"
    with pytest.raises(InputError):
        chief.correction_decide(req.id, {"decision": "訂正する"})  # the reason is needed
    before = len(store.entries(iid))
    chief.correction_decide(req.id, {"decision": "訂正する", "reason": "録音で確認した", "decided_on": "2025-04-25"})
    corrections = [e for e in store.entries(iid) if e.kind == "correction"]
    assert len(store.entries(iid)) == before + 1 and len(corrections) == 1
    corr = corrections[0]
    assert corr.supersedes == quote.id and NAME in corr.payload["reason"] and "録音で確認した" in corr.payload["reason"]
    assert corr.payload["replacement"]["text"] == "説明をもう一度お願いしますと言った"
    assert corr.payload["replacement"]["at"] == quote.payload["at"]
    assert corr.author == people["section_chief"].author
    shown = [q["text"] for q in chief.incident(iid).quotes]
    assert "説明をもう一度お願いしますと言った" in shown
    assert _state(chief, req.id, "2025-06-01")["state"] == "決定済み"
    refused = chief.correction_request({"requester": NAME, "incident": iid, "entry": quote.id,
                                        "requested": "さらに訂正", "received_on": "2025-05-01"})
    chief.correction_decide(refused.id, {"decision": "訂正しない", "reason": "記録のとおりである"})
    assert len([e for e in store.entries(iid) if e.kind == "correction"]) == 1  # 訂正しない writes none


def test_a_record_without_text_is_corrected_in_the_case_first(store, people, sample):
    """訂正する on a kind with no text field: refused, saying what to do (訂正… in the case); a correction
    recorded there since the request was received is what the decision records (no second one written);
    one recorded before the request does not answer it."""
    import datetime as dt

    from app.model import signing
    from app.model.service_disclosure import CORRECT_IN_THE_CASE
    chief = Service(store, people["section_chief"])
    data = copy.deepcopy(sample)
    data["party"] = {"name": NAME}
    iid = chief.create_incident(data)
    opening = next(e for e in store.entries(iid) if e.kind == "incident_created")
    chief.correct(iid, opening.id, {**signing.strip(opening.payload), "summary": "架空：以前の訂正"}, "誤記")
    later = (dt.date.today() + dt.timedelta(days=1)).isoformat()  # received after that correction
    req = chief.correction_request({"requester": NAME, "incident": iid, "entry": opening.id,
                                    "requested": "発生日時が違う", "received_on": later})
    with pytest.raises(InputError) as refused:
        chief.correction_decide(req.id, {"decision": "訂正する", "reason": "確認した"})
    assert refused.value.ja == CORRECT_IN_THE_CASE.format(label="事案の記録開始")
    assert refused.value.field == "replacement"
    assert [e.kind for e in store.entries(iid)].count("correction") == 1
