"""The 合理的配慮の確認 before a judgement and a 対応中止, and party_status 出入禁止 refused at every door."""
from __future__ import annotations

import pytest

from app.model import workspace
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.people import judgement

NO = {"needs_accommodation": False, "harm_to_life_or_health": False}
YES = {"needs_accommodation": True, "accommodation_reason": "聴覚障害があり筆談で対応する",
       "harm_to_life_or_health": False}


def _kinds(store, iid):
    return [(e.kind, e.payload.get("about")) for e in store.entries(iid) if e.kind not in ("incident_created", "quote")]


def test_judgement_with_its_check_in_one_transaction(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    written = chief.decide_with_check(iid, "judgement", judgement(), YES)
    assert [e.kind for e in written] == ["accommodation_check", "judgement"]
    assert written[0].payload["about"] == "judgement" and written[0].payload["accommodation_reason"]
    with pytest.raises(InputError, match="理由"):  # a はい without its reason: neither is written
        chief.decide_with_check(iid, "judgement", judgement(), {**YES, "accommodation_reason": ""})
    assert _kinds(store, iid) == [("accommodation_check", "judgement"), ("judgement", None)]
    with pytest.raises(InputError):
        chief.decide_with_check(iid, "closed", {"outcome": "終了"}, NO)


def test_an_approved_draft_carries_the_approvers_check(store, people, sample):
    chief, clerk = Service(store, people["section_chief"]), Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    request = clerk.request_approval(iid, "judgement", judgement())
    chief.approve(request.id, check=NO)
    assert _kinds(store, iid)[-3:] == [("approval_given", None), ("accommodation_check", "judgement"),
                                       ("judgement", None)]


def test_a_decision_without_its_check_is_refused_at_every_door(store, people, sample):
    chief, clerk = Service(store, people["section_chief"]), Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    stop = {"at": "2025-04-01T10:40:00+09:00", "reason": "架空：業務に支障"}
    for write in (lambda: chief.append(iid, "judgement", judgement()),
                  lambda: chief.append_many(iid, [("judgement", judgement(), None)], door="service"),
                  lambda: chief.append(iid, "response_stopped", stop)):
        with pytest.raises(InputError, match="合理的配慮の確認"):
            write()
    # a check about the ban does not stand for the judgement's
    chief.accommodation_check(iid, dict(NO, about="ban"))
    with pytest.raises(InputError, match="課長の判断の前"):
        chief.append(iid, "judgement", judgement())
    with pytest.raises(PermissionDenied):  # who may comes before what it says: the clerk learns no rule
        clerk.append(iid, "judgement", judgement())
    # a request for approval carries a draft only: the approver answers when approving
    request = clerk.request_approval(iid, "judgement", judgement())
    with pytest.raises(InputError, match="合理的配慮の確認"):
        chief.approve(request.id)
    assert store.incident(iid).judgement is None
    chief.approve(request.id, check=NO)
    assert store.incident(iid).judgement["result"] == "該当"
    assert [e.kind for e in store.entries(iid)].count("response_stopped") == 0


def test_an_imported_judgement_is_taken_in_and_marked_on_the_time_line(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    old = chief.append(iid, "judgement", dict(judgement("非該当"), imported="旧台帳"))  # an earlier record
    chief.append(iid, "correction", {"reason": "架空：理由を補う", "replacement": dict(
        judgement("非該当", "以前の記録から取り込み（補足）"), imported="旧台帳")}, supersedes=old.id)
    other = Service(store, people["staff"]).create_incident(sample)
    checked = chief.decide_with_check(other, "judgement", judgement("経過観察"), NO)
    line = {i.entry_id: i for i in workspace.timeline(store.entries(iid) + store.entries(other))}
    assert line[old.id].unchecked and line[old.id].current.endswith(workspace.UNCHECKED)
    assert line[old.id].original.endswith(workspace.UNCHECKED) and line[old.id].corrected
    assert not line[checked[-1].id].unchecked and workspace.UNCHECKED not in line[checked[-1].id].current
    assert "確認の時点: 課長の判断の前" in line[checked[0].id].current  # in words, never the stored code


def test_party_status_entry_ban_refused_at_the_doors(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    ban = {"status": "出入禁止", "since": "2025-04-02", "reason": "繰り返し"}
    for write in (lambda: chief.append(iid, "party_status", ban),
                  lambda: chief.append_many(iid, [("party_status", ban, None)], door="service")):
        with pytest.raises(InputError, match="ban add"):
            write()
    chief.append(iid, "party_status", dict(ban, status="警告済"))  # the other steps of the ladder stay
    assert [k for k, _ in _kinds(store, iid)] == ["party_status"]
