"""The 合理的配慮の確認 before a judgement and a 対応中止, and party_status 出入禁止 refused at every door."""
from __future__ import annotations

import pytest

from app.model.errors import InputError
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
