"""Issue 13 item 6: a cloned disk image. Both copies keep working and, after three sync rounds, every PC
has every record of both copies (the other branch re-issued by whoever lacks it), verify stays green, and
nothing stays stuck in quarantine."""
from __future__ import annotations

import shutil

from app.model import datadir
from app.model.sync.orgkeys import load_device_keys
from app.model.verify import verify
from tests.sync.conftest import INCIDENT, PC

RESERVED = ("staff-directory", "audit-trail")


def clone_of(pc: PC, where) -> PC:
    pc.store.close()
    shutil.copytree(pc.data_dir, where)  # the disk image copied onto a second PC
    pc.store = datadir.open_store(pc.data_dir)
    store = datadir.open_store(where)
    return PC(pc.name + "-clone", where, store, load_device_keys(store))


def records(pc: PC) -> set[str]:
    return {r[0] for r in pc.store.conn.execute("SELECT id FROM entries")}


def view(pc: PC, iid: str) -> tuple:
    st = pc.store.incident(iid)
    notes = sorted(e.payload["text"] for e in pc.store.entries(iid) if e.kind == "note")
    return st.status, st.entry_count, tuple(notes)


def open_quarantine(pc: PC) -> int:
    return pc.store.conn.execute("SELECT count(*) FROM sync_quarantine WHERE reason LIKE 'device_%'"
                                 " AND entry_id NOT IN (SELECT id FROM entries)").fetchone()[0]


def rounds(pcs, share, n=3):
    for _ in range(n):
        for pc in pcs:
            pc.sync(share)


def test_both_copies_write_and_after_three_rounds_everyone_has_everything(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    rounds([a, b], share, 1)
    c = clone_of(a, tmp_path / "pc-a-clone")
    try:
        assert c.store.device_id == a.store.device_id
        written = set()
        written.add(a.svc.append(iid, "note", {"text": "架空：元のPCの追記1"}).id)
        i2 = a.svc.create_incident(dict(INCIDENT, summary="架空：元のPCの新しい事案"))
        written.add(a.svc.append(i2, "note", {"text": "架空：元のPCの追記2"}).id)
        written.add(c.svc.append(iid, "note", {"text": "架空：複製PCの追記1"}).id)
        i3 = c.svc.create_incident(dict(INCIDENT, summary="架空：複製PCの新しい事案"))
        written.add(c.svc.append(i3, "note", {"text": "架空：複製PCの追記2"}).id)
        written.add(b.svc.append(iid, "note", {"text": "架空：第三のPCの追記"}).id)
        pcs = [a, c, b]
        rounds(pcs, share)
        every = records(a)
        assert written <= every
        for pc in pcs:
            assert records(pc) == every, pc.name
            for incident in (iid, i2, i3):
                assert view(pc, incident) == view(a, incident), (pc.name, incident)
            assert len(view(pc, iid)[2]) == 3  # each note once: no duplicate from a re-issue
            assert open_quarantine(pc) == 0
            report = verify(pc.store)
            assert report["ok"], report["problems"]
        assert len({a.store.device_id, c.store.device_id, b.store.device_id}) == 3
        # both keep working under their ids
        later = {a.svc.append(iid, "note", {"text": "架空：その後の元のPC"}).id,
                 c.svc.append(iid, "note", {"text": "架空：その後の複製PC"}).id}
        rounds(pcs, share, 2)
        for pc in pcs:
            assert later <= records(pc) and records(pc) == records(a)
            assert verify(pc.store)["ok"]
    finally:
        c.store.close()


def test_only_the_copy_writes_one_takes_a_fresh_id_and_nothing_is_kept_aside(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    rounds([a, b], share, 1)
    c = clone_of(a, tmp_path / "pc-a-clone")
    try:
        note = c.svc.append(iid, "note", {"text": "架空：複製PCだけの追記"})
        old = a.store.device_id
        rounds([c, a, b], share)
        assert a.store.device_id != old and c.store.device_id == old  # the copy that wrote keeps the id
        for pc in (a, b, c):
            assert note.id in records(pc) and records(pc) == records(c)
            assert pc.store.conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0
            assert verify(pc.store)["ok"]
        after = a.svc.append(iid, "note", {"text": "架空：新しいIDでの追記"})
        rounds([a, b, c], share, 1)
        assert after.id in records(b) and after.id in records(c)
    finally:
        c.store.close()


def test_what_a_copy_wrote_before_it_noticed_is_published_even_if_that_run_failed(make_pc, share, tmp_path):
    from tests.sync.faults import FailAt
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    rounds([a, b], share, 1)
    c = clone_of(a, tmp_path / "pc-a-clone")
    try:
        theirs = c.svc.append(iid, "note", {"text": "架空：複製PCの追記"})
        c.sync(share)
        mine = a.svc.append(iid, "note", {"text": "架空：元のPCのまだ送っていない追記"})
        old = a.store.device_id
        report = a.sync(share, ops=FailAt("link", times=1))  # its publish fails, then it finds the copy
        assert a.store.device_id != old
        assert any(p["step"] == "publish" for p in report.problems)
        rounds([a, c, b], share)
        for pc in (a, b, c):
            assert {mine.id, theirs.id} <= records(pc), pc.name
            assert verify(pc.store)["ok"]
    finally:
        c.store.close()


def test_another_pc_writing_under_this_pcs_id_is_refused_not_taken_for_a_copy(make_pc, share):
    from app.model.sync.engine import build_entries_bundle
    from app.model.sync.fsops import FileOps, publish_file
    from app.model.sync import layout
    from app.model.store import entry_hash
    import dataclasses
    a, hostile = make_pc("a"), make_pc("hostile")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    hostile.sync(share)
    head = a.store.conn.execute("SELECT seq, hash FROM chain_heads WHERE device_id = ?",
                                (a.store.device_id,)).fetchone()
    forged = hostile.store.append(iid, "note", {"text": "架空：なりすましの追記"}, "職員hostile")
    forged = dataclasses.replace(forged, device_id=a.store.device_id, seq=head[0] + 1, prev_hash=head[1], hash="")
    forged = dataclasses.replace(forged, hash=entry_hash(forged))
    name, data = build_entries_bundle([forged], hostile.keys)  # signed with the hostile PC's own key
    publish_file(FileOps(), layout.log_dir(share, a.store.device_id), name, data)
    old = a.store.device_id
    report = a.sync(share)
    assert a.store.device_id == old
    assert {"file": f"devices/{old}/log/{name}", "reason": "device_not_signer"} in report.rejected
    assert forged.id not in records(a) and report.reissued == 0
    assert verify(a.store)["ok"]
