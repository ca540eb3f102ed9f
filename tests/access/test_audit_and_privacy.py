"""The audit trail (views, sign-ins, refusals) is tamper-evident; care details and statistics are restricted."""
from __future__ import annotations

import pytest

from app.model.actor import Actor
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from app.model.verify import verify
from tests.people import NO_CHECK, PEOPLE

T = "2025-04-01T10:05:00+09:00"


def _raw(store, sql, args=()):
    store.conn.execute("DROP TRIGGER IF EXISTS entries_no_update")
    store.conn.execute("DROP TRIGGER IF EXISTS entries_no_delete")
    store.conn.execute(sql, args)


def test_views_are_audited_and_audit_is_not_an_incident(service, store, sample, people):
    iid = service.create_incident(sample)
    service.incident(iid)
    service.record_output(iid, "print", "record_sheet")
    log = Service(store, people["section_chief"]).audit_log()
    assert [a["action"] for a in log[:2]] == ["print", "view"]
    assert log[1]["target"] == iid and log[1]["author"] == PEOPLE["staff"][0]
    assert [r["id"] for r in store.list_incidents()] == [iid]
    assert all(sample["party"]["name"] not in repr(a) for a in log)  # the audit names no party


@pytest.mark.parametrize("tamper", ["edit", "remove"])
def test_verify_detects_tampering_with_the_audit_trail(service, store, sample, tamper):
    iid = service.create_incident(sample)
    service.incident(iid)
    service.incident(iid)
    assert verify(store)["ok"]
    views = [e for e in store.entries("audit-trail") if e.payload["action"] == "view"]
    if tamper == "edit":
        _raw(store, "UPDATE entries SET author = ? WHERE id = ?", ("別人", views[0].id))
    else:
        _raw(store, "DELETE FROM entries WHERE id = ?", (views[0].id,))
    report = verify(store)
    assert not report["ok"]
    assert {p["check"] for p in report["problems"]} & {"entry_hash", "chain_gap", "chain_link", "chain_head"}


def test_care_referral_seen_only_by_the_person_their_section_chief_and_hr(store, people, sample):
    admin = Service(store, people["sysadmin"])
    admin.add_staff("別課 課長", ["section_chief"], "correct-horse-7", "区民部/保険年金課/")
    other_chief = Actor(name="別課 課長", staff_id=[m for m in admin.list_staff() if m["name"] == "別課 課長"][0]["staff_id"])
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    chief.append(iid, "care_referral", {"staff": PEOPLE["staff"][0], "due": "2025-04-08", "note": "保健室へ"})
    seen = {}
    for who, actor in [("self", people["staff"]), ("chief", people["section_chief"]), ("hr", people["hr"]),
                       ("kakari", people["chief"]), ("other_chief", other_chief), ("director", people["director"])]:
        svc = Service(store, actor)
        try:
            care = [e for e in svc.entries(iid) if e.kind == "care_referral"][0].payload
        except PermissionDenied:
            care = None
        seen[who] = care
    assert seen["self"]["note"] == "保健室へ" and seen["chief"]["note"] == "保健室へ"
    assert seen["hr"] is None  # 人事課 cannot open incidents at all ...
    assert seen["kakari"] == {"restricted": True} and seen["other_chief"] == {"restricted": True}
    assert seen["director"] == {"restricted": True}


def test_hr_statistics_are_de_identified(store, people, sample):
    clerk = Service(store, people["staff"])
    for _ in range(2):
        clerk.create_incident(sample)
    stats = Service(store, people["hr"]).statistics()
    assert stats["total"] == 2 and stats["by_channel"] == {"対面": 2}
    assert len(stats["repeat_parties"]) == 1 and list(stats["repeat_parties"].values()) == [2]
    assert sample["party"]["name"] not in repr(stats)
    with pytest.raises(PermissionDenied):
        Service(store, people["hr"]).list_incidents()


def test_approval_on_the_same_pc(store, people, sample):
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    draft = {"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"],
             "rationale": "要求態様が社会通念上不相当", "at": T}
    req = clerk.request_approval(iid, "judgement", draft)
    queue = Service(store, people["section_chief"]).pending_approvals()
    assert [(r["request_id"], r["mine"]) for r in queue] == [(req.id, True)]
    assert not clerk.pending_approvals()[0]["mine"]
    with pytest.raises(PermissionDenied):
        clerk.approve(req.id)
    with pytest.raises(InputError, match="合理的配慮の確認"):  # the approver takes the decision: the check first
        Service(store, people["section_chief"]).approve(req.id)
    written = Service(store, people["section_chief"]).approve(req.id, check=NO_CHECK)
    assert [e.kind for e in written] == ["approval_given", "accommodation_check", "judgement"]
    assert written[1].payload["about"] == "judgement" and written[1].author == PEOPLE["section_chief"][0]
    state = clerk.incident(iid)
    assert state.judgement["result"] == "該当" and state.judgement["author"] == PEOPLE["section_chief"][0]
    assert clerk.pending_approvals() == []
    with pytest.raises(InputError):
        clerk.request_approval(iid, "anything", {})
