"""8. A follow-up arriving before its incident is held, then attached.
9. A cloned PC image re-using a device id and seq numbers is detected and both copies are kept."""
from __future__ import annotations

import shutil

from app.model import datadir
from app.model.sync import relay
from app.model.sync.orgkeys import load_device_keys
from tests.sync.conftest import INCIDENT, PC, state_hash


def test_follow_up_before_incident_is_held_then_attached(make_pc, share, tmp_path):
    a, b, c = make_pc("a"), make_pc("b"), make_pc("c")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    b.sync(share)
    b.svc.append(iid, "note", {"text": "架空：応援に入った職員の追記"})
    b.sync(share)
    usb = tmp_path / "usb"
    relay(share, usb, only=lambda rel: rel.startswith(f"devices/{b.store.device_id}/"))  # only b's bundle
    report = c.sync(usb, publish_own=False)
    assert report.imported == 0 and report.held == 1 and report.pending == 1 and report.rejected == []
    assert not c.store.has_incident(iid) and c.store.list_incidents() == []
    report = c.sync(share)  # a's bundle arrives
    assert report.imported == 3 and report.held == 0
    notes = [e for e in c.store.entries(iid) if e.kind == "note"]
    assert len(notes) == 1
    assert state_hash(c.store) == state_hash(b.store)
    assert c.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0


def test_cloned_pc_is_detected_and_both_copies_kept(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    b.sync(share)
    a.store.close()
    clone_dir = tmp_path / "pc-a-clone"
    shutil.copytree(a.data_dir, clone_dir)  # the disk image was copied onto a second PC
    a.store = datadir.open_store(a.data_dir)
    clone_store = datadir.open_store(clone_dir)
    clone = PC("a2", clone_dir, clone_store, load_device_keys(clone_store))
    try:
        assert clone.store.device_id == a.store.device_id
        ea = a.svc.append(iid, "note", {"text": "架空：本物のPCの追記"})
        ec = clone.svc.append(iid, "note", {"text": "架空：複製PCの追記"})
        assert (ea.device_id, ea.seq) == (ec.device_id, ec.seq) and ea.id != ec.id
        a.sync(share)
        rc = clone.sync(share)
        assert rc.quarantined == 1
        assert any(x["kind"] == "device_id_reused" for x in rc.alerts)
        assert any(x["kind"] == "device_id_changed" for x in rc.alerts)
        assert clone.store.device_id != a.store.device_id  # the clone continues under a new id
        rb = b.sync(share)
        # b keeps both copies whatever order the share lists them in; it sees the clash (and says so)
        # unless the re-issued copy of a's record arrives first and a's own bundle of the slot next — then
        # the slot is free when the clone's copy comes, and there is nothing to see
        a_published = {r[0].rsplit("/", 1)[-1] for r in a.store.conn.execute(
            "SELECT name FROM sync_ingested WHERE origin = 'published'")}
        slot = sorted(n.name for n in (share / "devices" / ea.device_id / "log").iterdir()
                      if n.name.startswith("e") and f"-{ea.seq}-{ea.seq}-" in n.name)
        quiet = clone.store.device_id < ea.device_id and slot[0] in a_published
        assert len(slot) == 2
        if quiet:
            assert rb.quarantined == 0 and rb.imported == 2
        else:
            assert rb.quarantined == 1 and any(x["kind"] == "device_id_reused" for x in rb.alerts)
        for pc in (b, clone):
            kept = {e.id for e in pc.store.entries(iid)}
            aside = {r[0] for r in pc.store.conn.execute("SELECT entry_id FROM sync_quarantine")}
            assert {ea.id, ec.id} <= kept | aside  # both copies kept
        # afterwards the clone's new entries flow normally
        later = clone.svc.append(iid, "note", {"text": "架空：新しいIDでの追記"})
        clone.sync(share)
        b.sync(share)
        assert later.id in {e.id for e in b.store.entries(iid)}
        # the original notices too; neither copy can tell which is "the original", so both continue
        # under fresh ids of their own
        assert a.sync(share).quarantined == 1
        assert len({a.store.device_id, clone.store.device_id, ea.device_id}) == 3
        after = a.svc.append(iid, "note", {"text": "架空：元のPCの新しいIDでの追記"})
        a.sync(share)
        assert b.sync(share).imported == 1 and after.id in {e.id for e in b.store.entries(iid)}
    finally:
        clone.store.close()
