"""Disposal that reaches every PC (issue 17 §2): after sync no PC holds a byte of the disposed incident (every
page of its database file decrypted with its store key), a PC offline the whole time applies it when it comes
back, entries of the incident written offline are not resurrected, verify stays green and the closed count
stays; a hostile PC's forged disposals are refused and destroy nothing."""
from __future__ import annotations

import uuid

from tests.people import judge
from app.model import shred, signing, streams
from app.model.verify import verify
from tests.privacy import rawscan
from tests.sync.trusted import (CHIEF, INCIDENT, ROOT_ADMIN, add_member, rooted_enrollment,  # noqa: F401
                                rooted_pc, sign_in)

CLOSED = {"outcome": "終了", "resolved": True, "at": "2025-06-10T11:00:00+09:00"}
JUDGED = {"result": "非該当", "rationale": "架空の理由", "at": "2025-06-10T10:30:00+09:00"}
TODAY = "2029-04-01"


def _incident(svc, marker: str) -> str:
    iid = svc.create_incident(dict(INCIDENT, summary=f"架空の事例 {marker}"))
    svc.append(iid, "quote", {"at": "2025-06-10T10:01:00+09:00", "text": f"発言 {marker}"})
    judge(svc, iid, JUDGED)
    svc.append(iid, "closed", CLOSED)
    return iid


def _clean(pc, marker: str, kept: str) -> None:
    store = pc.store
    assert rawscan.holds(store.path, store._key, kept), pc.name  # the scan sees what is there
    assert not rawscan.holds(store.path, store._key, marker), pc.name
    report = verify(store)
    assert report["ok"], (pc.name, report["problems"])


def test_disposal_reaches_every_pc_also_one_that_was_offline(rooted_pc, share):
    a, b, c = rooted_pc("a"), rooted_pc("b"), rooted_pc("c")
    add_member(a, CHIEF)
    for pc in (a, b, c):
        pc.sync(share)
    marker, late, kept = (f"{w}-{uuid.uuid4().hex}" for w in ("GONE", "LATE", "KEPT"))
    chief = sign_in(a, CHIEF[0])
    gone = _incident(chief, marker)
    other = _incident(chief, kept)
    for pc in (a, b, c):
        pc.sync(share)
    assert c.store.has_incident(gone) and rawscan.holds(c.store.path, c.store._key, marker)
    # c goes offline; a note of the incident is written there meanwhile
    sign_in(c, CHIEF[0]).append(gone, "note", {"text": f"追記 {late}", "at": "2025-06-11T09:00:00+09:00"})

    sign_in(b, CHIEF[0]).approve_disposal([gone], TODAY)  # the 課長 on one PC …
    b.sync(share)
    a.sync(share)
    sign_in(a, ROOT_ADMIN).execute_disposal(gone, TODAY)  # … the システム管理者 on another
    a.sync(share)
    report = b.sync(share)
    assert report.disposed == [gone] and report.refused == []
    for pc in (a, b):
        assert not pc.store.has_incident(gone) and pc.store.has_incident(other)
        _clean(pc, marker, kept)
        assert sign_in(pc, CHIEF[0]).statistics()["by_status"]["closed"] == 2  # the count stays

    report = c.sync(share)  # back after the whole time: publishes its note, then applies the disposal
    assert report.disposed == [gone]
    _clean(c, marker, kept)
    _clean(c, late, kept)
    for pc in (a, b):  # the note written offline arrives after the disposal: a tombstone, never the incident again
        pc.sync(share)
        assert not pc.store.has_incident(gone)
        _clean(pc, late, kept)
        assert pc.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0
    tombs = [{e.id for e in pc.store.entries(gone)} for pc in (a, b, c)]
    assert tombs[0] == tombs[1] == tombs[2] and len(tombs[0]) == 7  # 6 from a (the 判断 with its check), the note from c
    assert all(shred.is_tombstone(e.payload) for pc in (a, b, c) for e in pc.store.entries(gone))
    assert sign_in(c, ROOT_ADMIN).disposals()[0]["incident"] == gone

    d = rooted_pc("d")  # a PC joining later reads the old bundles (with content) and the disposal
    report = d.sync(share)
    assert not d.store.has_incident(gone) and d.store.has_incident(other)
    _clean(d, marker, kept)


def test_forged_disposals_are_refused_and_destroy_nothing(rooted_pc, share):
    a, h = rooted_pc("a"), rooted_pc("hostile")
    add_member(a, CHIEF)
    add_member(a, ("港 一郎", ["staff"], "区民部/区民課/窓口係"))
    a.sync(share)
    h.sync(share)
    marker = f"KEEP-{uuid.uuid4().hex}"
    chief = sign_in(a, CHIEF[0])
    iid = _incident(chief, marker)
    [approval] = chief.approve_disposal([iid], TODAY)
    a.sync(share)
    h.sync(share)
    base = {"incident": iid, "class": "incident", "approver": CHIEF[0], "approval": approval["approval"],
            "sha256": "0" * 64, "at": "2029-04-01T09:00:00+09:00"}
    sign_in(h, "港 一郎")  # a 職員, signed in: signs, but may not dispose
    h.store.append(streams.RETENTION, "disposal_executed", base, "港 一郎")
    sign_in(h, ROOT_ADMIN)  # the システム管理者 without an approval of this incident
    h.store.append(streams.RETENTION, "disposal_executed", dict(base, approval="0" * 36), ROOT_ADMIN)
    signing.forget(h.store.store_id, ROOT_ADMIN)  # unsigned, in the システム管理者's name
    h.store.append(streams.RETENTION, "disposal_executed", base, ROOT_ADMIN)
    h.sync(share)
    report = a.sync(share)
    assert sorted(r["reason"] for r in report.refused) == ["disposal_unapproved", "not_permitted", "unsigned"]
    assert report.disposed == [] and a.store.has_incident(iid)
    assert rawscan.holds(a.store.path, a.store._key, marker)
    assert sign_in(a, CHIEF[0]).incident(iid).closed
    assert verify(a.store)["ok"]
