"""Disposal that also leaves the shared folder (issue 17): after a disposal and a sync round on every PC no file
on the share (every bundle decrypted with the organisation's sync keys) holds the disposed incident's content,
while the kept incident's is still there; a PC joining later reads only the re-published bundles and ends with
the tombstones, the disposal and a green verify; a share that serves an old file again or drops a new one
loses no record; a hostile PC's forged tombstones are refused and destroy nothing."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from app.model import shred, streams
from app.model.sync import bundle, engine, layout
from app.model.sync.engine import build_entries_bundle
from app.model.sync.fsops import FileOps, publish_file
from app.model.verify import verify
from tests.privacy import rawscan
from tests.sync.faults import STEPS, FailAt
from tests.sync.test_disposal_sync import TODAY, _incident
from tests.sync.trusted import (CHIEF, CLERK, ROOT_ADMIN, add_member, rooted_enrollment,  # noqa: F401
                                rooted_pc, sign_in)


def share_holds(share: Path, keys, text: str) -> bool:
    """Any file under the share that holds ``text``: as it is, or (a bundle) decrypted with the sync keys."""
    needle = text.encode("utf-8")
    for path in share.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if needle in data:
            return True
        if path.suffix in (".mdgb", ".blob"):
            _header, content = bundle.open_bundle(data, keys)  # every file on the share opens
            if needle in content:
                return True
    return False


def _bundles(share: Path, pc) -> dict[str, bytes]:
    d = layout.log_dir(share, pc.store.device_id)
    return {p.name: p.read_bytes() for p in d.iterdir() if p.suffix == ".mdgb"}


def _dispose(a, b, gone):
    sign_in(b, CHIEF[0]).approve_disposal([gone], TODAY)
    b.sync(share_of(b))
    a.sync(share_of(a))
    sign_in(a, ROOT_ADMIN).execute_disposal(gone, TODAY)


def share_of(pc):
    return pc.share


def _setup(rooted_pc, share, names=("a", "b", "c")):
    pcs = [rooted_pc(n) for n in names]
    for pc in pcs:
        pc.share = share
    add_member(pcs[0], CHIEF)
    for pc in pcs:
        pc.sync(share)
    return pcs


def _two_pcs_two_incidents(rooted_pc, share):
    """PCs a and b on the share, and two incidents of a's (one to dispose of, one kept), each with its marker,
    synced to both."""
    a, b = _setup(rooted_pc, share, ("a", "b"))
    marker, kept = f"GONE-{uuid.uuid4().hex}", f"KEPT-{uuid.uuid4().hex}"
    chief = sign_in(a, CHIEF[0])
    gone, other = _incident(chief, marker), _incident(chief, kept)
    a.sync(share)
    b.sync(share)
    return a, b, marker, kept, gone, other


def test_disposal_leaves_the_share_and_a_later_pc_never_sees_the_content(rooted_pc, share):
    a, b, c = _setup(rooted_pc, share)
    marker, late, kept = (f"{w}-{uuid.uuid4().hex}" for w in ("GONE", "LATE", "KEPT"))
    chief = sign_in(b, CHIEF[0])
    gone = _incident(chief, marker)  # written on b: b's bundles hold it
    b.sync(share)
    a.sync(share)
    sign_in(a, CHIEF[0]).append(gone, "note", {"text": f"追記 {marker}", "at": "2025-06-10T12:00:00+09:00"})
    other = _incident(chief, kept)
    for pc in (a, b, c, a, b):
        pc.sync(share)
    sign_in(c, CHIEF[0]).append(gone, "note", {"text": f"追記 {late}", "at": "2025-06-11T09:00:00+09:00"})
    c.sync(share)  # c's note goes out with its content before the disposal reaches c
    assert share_holds(share, a.keys, marker) and share_holds(share, a.keys, late)
    old_b = _bundles(share, b)

    _dispose(a, b, gone)
    reports = {pc.name: pc.sync(share) for pc in (a, b, c)}
    assert all(r.problems == [] for r in reports.values())
    assert not share_holds(share, a.keys, marker) and not share_holds(share, a.keys, late)
    assert reports["a"].republished and reports["b"].republished and reports["c"].republished
    assert not {n for n in _bundles(share, b) if n in old_b and _holds_any(old_b[n], b, marker)}  # removed
    for pc in (a, b, c):
        pc.sync(share)  # a second round: nothing more to re-publish, nothing duplicated
    again = {pc.name: pc.sync(share) for pc in (a, b, c)}
    assert all(r.republished == [] and r.published == 0 and r.removed == [] for r in again.values())

    assert not share_holds(share, a.keys, marker)
    assert not share_holds(share, a.keys, late)
    assert share_holds(share, a.keys, kept)  # the scan sees what is there
    for pc in (a, b, c):
        assert verify(pc.store)["ok"], (pc.name, verify(pc.store)["problems"])
        assert not rawscan.holds(pc.store.path, pc.store._key, marker)

    d = rooted_pc("d")  # joins after the purge: reads only the re-published bundles
    report = d.sync(share)
    assert report.rejected == [] and not [r for r in report.refused if r["reason"] == "tombstone_unaccounted"]
    assert report.disposed == [gone]  # its tombstones arrived: taken in once the disposal was here
    assert not d.store.has_incident(gone) and d.store.has_incident(other)
    tombs = {e.id for e in d.store.entries(gone)}
    assert tombs == {e.id for e in a.store.entries(gone)} and len(tombs) == 8
    assert all(shred.is_tombstone(e.payload) for e in d.store.entries(gone))
    assert d.store.conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0
    assert d.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0
    assert sign_in(d, ROOT_ADMIN).disposals()[0]["incident"] == gone
    assert sign_in(d, CHIEF[0]).statistics()["by_status"]["closed"] == 2  # the count stays
    result = verify(d.store)
    assert result["ok"] and result["tombstones"] == 8, result["problems"]
    assert not rawscan.holds(d.store.path, d.store._key, marker) and rawscan.holds(d.store.path, d.store._key, kept)
    assert _ids(d, but=d) == _ids(a)  # every record of the others, none lost


def _ids(pc, but=None) -> set[str]:
    return {r[0] for r in pc.store.conn.execute("SELECT id FROM entries WHERE device_id != ?",
                                                 (but.store.device_id if but else "",))}


def _holds_any(data: bytes, pc, marker: str) -> bool:
    _h, content = bundle.open_bundle(data, pc.keys)
    return marker.encode() in content


def test_a_lying_share_loses_no_record(rooted_pc, share):
    a, b, marker, kept, gone, other = _two_pcs_two_incidents(rooted_pc, share)
    old = _bundles(share, a)
    _dispose(a, b, gone)
    a.sync(share)
    new = _bundles(share, a)
    assert set(new) != set(old) and not share_holds(share, a.keys, marker)
    folder = layout.log_dir(share, a.store.device_id)
    for name, data in old.items():  # the share serves the old files again and drops the new ones
        (folder / name).write_bytes(data)
    for name in set(new) - set(old):
        (folder / name).unlink()
    report = a.sync(share)
    assert report.published > 0 and report.problems == []
    assert not share_holds(share, a.keys, marker) and share_holds(share, a.keys, kept)
    e = rooted_pc("e")
    e.sync(share)
    b.sync(share)
    e.sync(share)
    a.sync(share)
    assert _ids(e, but=e) == _ids(a, but=e) and _ids(b, but=e) == _ids(a, but=e)
    for pc in (b, e):
        assert not pc.store.has_incident(gone) and pc.store.has_incident(other)
        assert verify(pc.store)["ok"], verify(pc.store)["problems"]
    assert {x.id for x in e.store.entries(gone)} == {x.id for x in a.store.entries(gone)}


def test_a_forged_tombstone_bundle_is_refused_and_destroys_nothing(rooted_pc, share):
    a, h = _setup(rooted_pc, share, ("a", "hostile"))
    add_member(a, CLERK)
    a.sync(share)
    h.sync(share)
    marker = f"KEEP-{uuid.uuid4().hex}"
    chief = sign_in(a, CHIEF[0])
    iid = _incident(chief, marker)
    [approval] = chief.approve_disposal([iid], TODAY)
    a.sync(share)
    h.sync(share)
    note = sign_in(h, CHIEF[0]).append(iid, "note", {"text": f"追記 {marker}", "at": "2025-06-12T09:00:00+09:00"})
    h.sync(share)
    a.sync(share)
    assert any(x.id == note.id for x in a.store.entries(iid))
    # not synced: a 職員's execution, then a note; the hostile PC forges a bundle with them as tombstones
    sign_in(h, CLERK[0])
    base = {"incident": iid, "class": "incident", "approver": CHIEF[0], "approval": approval["approval"],
            "sha256": "0" * 64, "at": "2029-04-01T09:00:00+09:00"}
    fake = h.store.append(streams.RETENTION, "disposal_executed", base, CLERK[0])
    late = sign_in(h, CHIEF[0]).append(iid, "note", {"text": "後の追記", "at": "2025-06-13T09:00:00+09:00"})
    chain = h.store.entries_since(h.store.device_id, note.seq - 1)
    forged = [x for x in chain if x.seq >= note.seq]
    forged = [x if x.id == fake.id else _as_tombstone(x, fake.id) for x in forged]
    name, data = build_entries_bundle(forged, h.keys)
    publish_file(FileOps(), layout.log_dir(share, h.store.device_id), name, data)
    report = a.sync(share)
    assert report.disposed == [] and a.store.has_incident(iid)
    reasons = sorted({r["reason"] for r in report.refused})
    assert reasons == ["not_permitted", "tombstone_unaccounted"], report.refused
    assert next(x for x in a.store.entries(iid) if x.id == note.id).payload["text"].endswith(marker)
    assert late.id not in {x.id for x in a.store.entries(iid)}  # kept aside, not taken in
    assert rawscan.holds(a.store.path, a.store._key, marker)
    assert sign_in(a, CHIEF[0]).incident(iid).closed
    assert verify(a.store)["ok"], verify(a.store)["problems"]
    assert a.sync(share).disposed == [] and a.store.has_incident(iid)


def _as_tombstone(e, execution_id: str):
    from dataclasses import replace
    return replace(e, payload=shred.tombstone(execution_id))


@pytest.mark.parametrize("step", STEPS)
def test_a_republish_cut_off_at_each_step_is_finished_next_time_and_duplicates_nothing(rooted_pc, share,
                                                                                        monkeypatch, step):
    a, b, marker, kept, gone, other = _two_pcs_two_incidents(rooted_pc, share)
    _dispose(a, b, gone)
    real = engine.republish_disposed
    monkeypatch.setattr(engine, "republish_disposed",
                        lambda store, root, keys, ops, report, now_ms=None: real(store, root, keys, FailAt(step),
                                                                                 report, now_ms))
    first = a.sync(share)
    assert all(p.get("step") == "republish" for p in first.problems)
    monkeypatch.setattr(engine, "republish_disposed", real)
    second = a.sync(share)
    assert second.problems == [] and second.pending == 0
    assert not share_holds(share, a.keys, marker) and share_holds(share, a.keys, kept)
    ranges = sorted((n.seq_from, n.seq_to) for n in map(layout.BundleName.parse, _bundles(share, a)))
    assert all(x[1] < y[0] for x, y in zip(ranges, ranges[1:])), ranges  # no range twice
    assert a.sync(share).republished == [] and a.sync(share).published == 0
    b.sync(share)
    e = rooted_pc("e")
    e.sync(share)
    for pc in (b, e):
        assert _ids(pc, but=e) == _ids(a, but=e), pc.name
        assert not pc.store.has_incident(gone) and pc.store.has_incident(other)
        assert verify(pc.store)["ok"], verify(pc.store)["problems"]


def test_tombstones_wait_aside_for_their_execution_then_join(rooted_pc, share, tmp_path):
    a, b = _setup(rooted_pc, share, ("a", "b"))
    marker = f"GONE-{uuid.uuid4().hex}"
    gone = _incident(sign_in(b, CHIEF[0]), marker)  # b's entries
    b.sync(share)
    a.sync(share)
    _dispose(a, b, gone)  # executed on a
    a.sync(share)
    assert b.sync(share).republished  # b's bundles now hold its tombstones
    assert not share_holds(share, a.keys, marker)
    d = rooted_pc("d")
    moved = tmp_path / "aside"
    layout.log_dir(share, a.store.device_id).rename(moved)  # a's folder (directory, execution) not there yet
    try:
        first = d.sync(share)
    finally:
        moved.rename(layout.log_dir(share, a.store.device_id))
    waiting = {r["entry"] for r in first.refused if r["reason"] == "tombstone_unaccounted"}
    assert waiting == {x.id for x in b.store.entries(gone)}  # kept aside: nothing accounts for them yet
    assert first.disposed == [] and d.store.entries(gone) == []
    assert verify(d.store)["ok"], verify(d.store)["problems"]
    second = d.sync(share)
    assert second.disposed == [gone]
    assert {x.id for x in d.store.entries(gone)} == {x.id for x in b.store.entries(gone)}
    assert d.store.conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0
    assert verify(d.store)["ok"], verify(d.store)["problems"]


def test_each_folder_is_cleaned_when_the_pc_next_syncs_with_it(rooted_pc, share, tmp_path):
    a, b = _setup(rooted_pc, share, ("a", "b"))
    stick = tmp_path / "stick"
    stick.mkdir()
    marker, kept = f"GONE-{uuid.uuid4().hex}", f"KEPT-{uuid.uuid4().hex}"
    chief = sign_in(a, CHIEF[0])
    gone, _other = _incident(chief, marker), _incident(chief, kept)
    a.sync(share)
    a.sync(stick)
    b.sync(share)
    assert share_holds(stick, a.keys, marker)
    _dispose(a, b, gone)
    a.sync(share)
    assert not share_holds(share, a.keys, marker) and share_holds(stick, a.keys, marker)
    assert a.sync(stick).republished
    assert not share_holds(stick, a.keys, marker) and share_holds(stick, a.keys, kept)
    assert a.sync(share).republished == [] and a.sync(stick).republished == []
