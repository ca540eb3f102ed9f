"""6. The same status changed on two offline PCs: both values kept, 要確認 on every PC, one resolution
clears it everywhere."""
from __future__ import annotations

from app.model.sync import needs_review
from tests.people import judge, judgement
from tests.sync.conftest import INCIDENT, state_hash


def _row(pc, iid):
    return next(r for r in pc.store.list_incidents() if r["id"] == iid)


def test_concurrent_close_is_flagged_and_resolved_once(make_pc, share):
    a, b, c = make_pc("a"), make_pc("b"), make_pc("c")
    iid = a.svc.create_incident(INCIDENT)
    judge(a.svc, iid, judgement("非該当", "架空"))
    for pc in (a, b, c):
        pc.sync(share)
    ea = a.svc.append(iid, "closed", {"at": "2025-04-02T09:00:00+09:00", "outcome": "架空：説明して終了", "resolved": True})
    eb = b.svc.append(iid, "closed", {"at": "2025-04-02T09:05:00+09:00", "outcome": "架空：警告して終了", "resolved": False})
    assert not needs_review(a.store, iid) and not needs_review(b.store, iid)
    for _ in range(2):
        for pc in (a, b, c):
            pc.sync(share)
    for pc in (a, b, c):
        st = pc.store.incident(iid)
        assert st.needs_review and st.status == "closed"
        assert st.conflicts == [{"field": "status", "entries": sorted([ea.id, eb.id], key=lambda i: next(
            (e.hlc, e.device_id) for e in pc.store.entries(iid) if e.id == i))}]
        assert {e.id for e in pc.store.entries(iid)} >= {ea.id, eb.id}  # both values kept
        assert _row(pc, iid)["needs_review"] == 1
    assert len({state_hash(pc.store) for pc in (a, b, c)}) == 1
    c.svc.append(iid, "conflict_resolved", {"field": "status", "chosen": eb.id, "reason": "架空：課長が確認"})
    for pc in (c, a, b):
        pc.sync(share)
    for pc in (a, b, c):
        st = pc.store.incident(iid)
        assert not st.needs_review and st.closed["outcome"] == "架空：警告して終了"
        assert _row(pc, iid)["needs_review"] == 0
    assert len({state_hash(pc.store) for pc in (a, b, c)}) == 1


def test_sequential_changes_are_not_a_conflict(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    judge(a.svc, iid, judgement("経過観察", "架空"))
    a.sync(share)
    b.sync(share)
    judge(b.svc, iid, judgement("該当", "架空：再判断"))  # b had seen a's (経過観察 → judged again)
    b.sync(share)
    a.sync(share)
    for pc in (a, b):
        st = pc.store.incident(iid)
        assert not st.needs_review and st.judgement["result"] == "該当"


def test_resolution_must_name_an_entry_of_that_field(make_pc):
    import pytest

    from app.model.errors import InputError
    a = make_pc("a")
    iid = a.svc.create_incident(INCIDENT)
    judge(a.svc, iid, judgement("非該当", "架空"))
    e = a.svc.append(iid, "closed", {"outcome": "架空", "resolved": True})
    with pytest.raises(InputError):
        a.svc.append(iid, "conflict_resolved", {"field": "status", "chosen": "not-an-entry", "reason": "架空"})
    with pytest.raises(InputError):
        a.svc.append(iid, "conflict_resolved", {"field": "place", "chosen": e.id, "reason": "架空"})
    a.svc.append(iid, "conflict_resolved", {"field": "status", "chosen": e.id, "reason": "架空"})
    assert a.store.incident(iid).closed["outcome"] == "架空"
