"""A hostile PC writes entries past the door (straight into its store): the registry's parse on apply keeps
them out of every other PC; that PC's valid entries still arrive, and the honest PC's store verifies."""
from __future__ import annotations

from app.model.verify import verify
from tests.sync.conftest import INCIDENT


def test_a_malformed_payload_from_a_hostile_pc_is_quarantined(make_pc, share):
    a, hostile, c = make_pc("a"), make_pc("hostile"), make_pc("c")
    iid = a.svc.create_incident(INCIDENT)
    for pc in (a, hostile, c):
        pc.sync(share)
    bad = hostile.store.append(iid, "quote", {"at": 12345, "text": ["list"]}, "職員hostile")   # past the door
    big = hostile.store.append(iid, "backup_call", {"at": "2025-04-01T10:00:00+09:00", "staff_present": -1},
                               "職員hostile")
    good = hostile.svc.append(iid, "note", {"text": "架空の正しい追記"})
    hostile.sync(share)
    for pc in (a, c):
        pc.sync(share)
        ids = {e.id for e in pc.store.entries(iid)}
        assert bad.id not in ids and big.id not in ids           # never applied
        assert good.id in ids                                     # the valid one still arrives
        held = pc.store.conn.execute("SELECT entry_id, reason FROM sync_quarantine").fetchall()
        assert {(bad.id, "invalid_payload"), (big.id, "invalid_payload")} <= set(held)
        assert verify(pc.store)["ok"], verify(pc.store)
