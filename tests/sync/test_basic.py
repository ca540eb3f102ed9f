"""Two PCs exchange entries through a real folder."""
from __future__ import annotations

from app.model.sync import needs_review
from tests.sync.conftest import INCIDENT, state_hash


def test_two_pcs_exchange_entries(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    r1 = a.sync(share)
    assert r1.published == 2 and r1.imported == 0 and r1.rejected == [] and r1.pending == 0
    r2 = b.sync(share)
    assert r2.imported == 2 and r2.rejected == []
    assert b.store.incident(iid).summary == INCIDENT["summary"]
    b.svc.append(iid, "note", {"text": "架空の追記"})
    b.sync(share)
    assert a.sync(share).imported == 1
    assert state_hash(a.store) == state_hash(b.store)
    assert not needs_review(a.store, iid)
    # nothing new: nothing published, nothing imported
    again = a.sync(share)
    assert (again.published, again.imported, again.rejected) == (0, 0, [])
