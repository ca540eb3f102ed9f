"""Disposal of a 相談 that reaches every PC (issue 17 §2): after sync no PC's database file (every page and its
WAL, decrypted with its store key) holds a byte of the 相談 or its 経過 — their ciphertext, as the store key
cannot open them —, a PC offline the whole time applies it when it comes back, a 経過 it wrote meanwhile
becomes a tombstone on every PC (found by its link tag), verify stays green; a hostile PC's forged approvals
and executions are refused and destroy nothing."""
from __future__ import annotations

from app.model import care, shred, signing, streams
from app.model.verify import verify
from tests.privacy import rawscan
from tests.sync.trusted import (CLERK, ROOT_ADMIN, add_member, rooted_enrollment,  # noqa: F401
                                rooted_pc, sign_in)

HR = ("台場 人事", ["hr"], "総務部/人事課/")
TODAY = "2026-04-01"


def consultation(text: str) -> dict:
    return {"what_happened": text, "is_harassment": "判断が微妙", "consents_to_section": False,
            "window": "人事課", "notice_shown": True, "at": "2020-10-05T09:30:00+09:00"}


def sealed(pc, entry_id: str) -> str:
    e = next(x for x in pc.store.entries(streams.CONSULTATIONS) if x.id == entry_id)
    return e.payload[care.SEALED]["ct"][:48]


def holds(pc, marker: str) -> bool:
    return rawscan.holds(pc.store.path, pc.store._key, marker)


def _clean(pc, markers, kept: str) -> None:
    assert holds(pc, kept), pc.name  # the scan sees what is there
    for m in markers:
        assert not holds(pc, m), (pc.name, m)
    report = verify(pc.store)
    assert report["ok"], (pc.name, report["problems"])


def test_consultation_disposal_reaches_every_pc_also_one_that_was_offline(rooted_pc, share):
    a, b, c = rooted_pc("a"), rooted_pc("b"), rooted_pc("c")
    add_member(a, CLERK)
    add_member(a, HR)
    for pc in (a, b, c):
        pc.sync(share)
    worker = sign_in(a, CLERK[0])
    gone = worker.record_consultation(consultation("架空の相談（廃棄する）"))
    kept = worker.record_consultation(consultation("架空の相談（残す）"))
    follow = sign_in(a, HR[0]).consultation_followup(gone.id, {"note": "面談（架空）", "at": "2020-11-01T10:00:00+09:00"})
    for pc in (a, b, c):
        pc.sync(share)
    markers = [sealed(a, gone.id), sealed(a, follow.id)]
    kept_marker = sealed(a, kept.id)
    assert all(holds(c, m) for m in markers)
    # c goes offline; 人事課 writes a 経過 of the 相談 there meanwhile
    late = sign_in(c, HR[0]).consultation_followup(gone.id, {"note": "追記（架空）", "at": "2020-12-01T10:00:00+09:00"})
    late_marker = sealed(c, late.id)

    [approval] = sign_in(b, HR[0]).approve_consultation_disposal([gone.id], TODAY)  # 人事課 on one PC …
    assert approval["entries"] == 2
    b.sync(share)
    a.sync(share)
    sign_in(a, ROOT_ADMIN).execute_consultation_disposal(gone.id, TODAY)  # … the システム管理者 on another
    a.sync(share)
    report = b.sync(share)
    assert report.disposed == [gone.id] and report.refused == []
    for pc in (a, b):
        _clean(pc, markers, kept_marker)
        assert [x["id"] for x in sign_in(pc, HR[0]).consultations()] == [kept.id]

    report = c.sync(share)  # back after the whole time: publishes its 経過, then applies the disposal
    assert report.disposed == [gone.id]
    _clean(c, markers + [late_marker], kept_marker)
    for pc in (a, b):  # the 経過 written offline arrives after the disposal: a tombstone at once
        report = pc.sync(share)
        assert report.disposed == [gone.id]
        _clean(pc, [late_marker], kept_marker)
        assert [x["id"] for x in sign_in(pc, HR[0]).consultations()] == [kept.id]
    ids = {gone.id, follow.id, late.id}
    for pc in (a, b, c):
        held = {e.id: e.payload for e in pc.store.entries(streams.CONSULTATIONS)}
        assert all(shred.is_tombstone(held[i]) for i in ids) and not shred.is_tombstone(held[kept.id])
        assert shred.PROOF in held[late.id]  # not named by the approval: it proves its link instead
    assert sign_in(c, ROOT_ADMIN).consultation_disposals()[0]["consultation"] == gone.id

    from tests.sync.test_purge_share import share_holds
    for pc in (a, b, c):  # each PC has replaced its own bundles: no file on the share holds the 相談
        pc.sync(share)
    assert share_holds(share, a.keys, kept_marker)
    assert not any(share_holds(share, a.keys, m) for m in markers + [late_marker])

    d = rooted_pc("d")  # a PC joining later reads only the re-published bundles and the disposal
    report = d.sync(share)
    assert not [r for r in report.refused if r["reason"] == "tombstone_unaccounted"]
    _clean(d, markers + [late_marker], kept_marker)
    held = {e.id: e.payload for e in d.store.entries(streams.CONSULTATIONS)}
    assert all(shred.is_tombstone(held[i]) for i in ids) and shred.PROOF in held[late.id]
    assert sign_in(d, HR[0]).consultations()[0]["id"] == kept.id


def test_forged_consultation_disposals_are_refused_and_destroy_nothing(rooted_pc, share):
    a, h = rooted_pc("a"), rooted_pc("hostile")
    add_member(a, CLERK)
    add_member(a, HR)
    a.sync(share)
    h.sync(share)
    c = sign_in(a, CLERK[0]).record_consultation(consultation("架空の相談（残す）"))
    marker = sealed(a, c.id)
    [approval] = sign_in(a, HR[0]).approve_consultation_disposal([c.id], TODAY)
    a.sync(share)
    h.sync(share)
    real = next(e for e in h.store.entries(streams.RETENTION) if e.id == approval["approval"])
    base = {"consultation": c.id, "entries": [c.id], "class": "consultation", "last_record": "2020-10-05",
            "approver": HR[0], "approval": real.id, "sha256": "0" * 64, "at": "2026-04-01T09:00:00+09:00"}
    sign_in(h, CLERK[0])  # a 職員, signed in: signs, but may neither approve nor dispose
    forged = h.store.append(streams.RETENTION, "consultation_disposal_approved",
                            {k: real.payload[k] for k in ("consultation", "entries", "class", "last_record", "link",
                                                          "at")}, CLERK[0])
    h.store.append(streams.RETENTION, "consultation_disposal_executed", base, CLERK[0])
    sign_in(h, ROOT_ADMIN)  # the システム管理者: without an approval, and with the 職員's approval
    h.store.append(streams.RETENTION, "consultation_disposal_executed", dict(base, approval="0" * 36), ROOT_ADMIN)
    h.store.append(streams.RETENTION, "consultation_disposal_executed",
                   dict(base, approval=forged.id, approver=CLERK[0]), ROOT_ADMIN)
    signing.forget(h.store.store_id, ROOT_ADMIN)  # unsigned, in the システム管理者's name
    h.store.append(streams.RETENTION, "consultation_disposal_executed", base, ROOT_ADMIN)
    h.sync(share)
    report = a.sync(share)
    assert sorted(r["reason"] for r in report.refused) == [
        "disposal_unapproved", "disposal_unapproved", "not_permitted", "not_permitted", "unsigned"]
    assert report.disposed == [] and holds(a, marker)
    assert [x["id"] for x in sign_in(a, HR[0]).consultations()] == [c.id]
    assert verify(a.store)["ok"]
