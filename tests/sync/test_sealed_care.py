"""Sealed care records across PCs: readable by the person concerned, a 課長 of the same 課 and 人事課, on any
PC they sign in to; with the store key alone (the keyring of the PC's account) no care text is anywhere."""
from __future__ import annotations

import uuid

from app.model import care, signing, staff
from app.model.actor import Actor
from app.model.service import RESTRICTED, Service
from app.model.verify import verify
from tests.sync.trusted import (CHIEF, CLERK, INCIDENT, ROOT_ADMIN, add_member, rooted_enrollment,  # noqa: F401
                                rooted_pc, sign_in)

HR = ("台場 人事", ["hr", "staff"], "総務部/人事課/")  # staff: to open the incident at all
OTHER_CHIEF = ("白金 課長", ["section_chief"], "区民部/保険年金課/")
OTHER_CLERK = ("高輪 職員", ["staff"], "区民部/区民課/窓口係")


def every_value(store):
    """Every value of every table of the opened database (the store key is all one needs for this)."""
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        try:
            rows = store.conn.execute(f'SELECT * FROM "{t}"').fetchall()
        except Exception as exc:  # a contentless FTS5 index (search_short): its shadow tables are read instead
            assert "does not support scanning" in str(exc), exc
            continue
        for row in rows:
            yield from row


def contains(store, marker: str) -> bool:
    needles = [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    for v in every_value(store):
        if isinstance(v, str) and (marker in v or any(n in v.encode("utf-8", "surrogatepass") for n in needles)):
            return True
        if isinstance(v, (bytes, bytearray)) and any(n in v for n in needles):
            return True
    return False


def test_care_is_sealed_to_its_readers_and_the_store_key_shows_only_that_it_exists(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    for m in (CHIEF, CLERK, HR, OTHER_CHIEF, OTHER_CLERK):
        add_member(a, m)
    marker = f"架空の保健室メモ{uuid.uuid4().hex[:8]}"
    chief = sign_in(a, CHIEF[0])
    iid = chief.create_incident(INCIDENT)
    ref = care.refer(chief, iid, CLERK[0], "2025-04-10", marker)
    done = care.mark_done(chief, iid, ref.id, "2025-04-09T10:00:00+09:00", marker + "済み")
    fix = chief.correct(iid, ref.id, {"staff": CLERK[0], "due": "2025-04-11", "note": marker + "訂正"}, "日付の訂正")
    a.sync(share)
    report = b.sync(share)
    assert report.refused == [] and report.quarantined == 0
    for pc in (a, b):
        seen = {}
        for who in (CLERK, CHIEF, HR, OTHER_CHIEF, OTHER_CLERK):
            svc = sign_in(pc, who[0])
            entries = {e.id: e for e in svc.entries(iid)}
            seen[who[0]] = entries[ref.id].payload
            if who in (CLERK, CHIEF, HR):
                assert entries[done.id].payload["note"] == marker + "済み"
                assert entries[fix.id].payload["replacement"]["note"] == marker + "訂正"
        assert seen[CLERK[0]]["note"] == seen[CHIEF[0]]["note"] == seen[HR[0]]["note"] == marker
        assert seen[OTHER_CHIEF[0]] == RESTRICTED and seen[OTHER_CLERK[0]] == RESTRICTED
        signing.forget_all()  # from here: the store key only (anyone on the PC's Windows account)
        stored = {e.id: e for e in pc.store.entries(iid)}
        assert {ref.id, done.id, fix.id} <= set(stored)  # they exist …
        assert all(care.is_sealed(stored[i].payload) for i in (ref.id, done.id, fix.id))
        assert not contains(pc.store, marker)  # … but say nothing (no table, no index, UTF-8 or UTF-16)
        assert contains(pc.store, INCIDENT["summary"])  # the search does find what is stored in clear
        hr = staff.directory(pc.store).active_by_name(HR[0])
        hand_made = Service(pc.store, Actor(name=hr.name, roles=hr.roles, department=hr.department,
                                            staff_id=hr.staff_id))
        assert {e.id: e for e in hand_made.entries(iid)}[ref.id].payload == RESTRICTED
        assert verify(pc.store)["ok"], verify(pc.store)


def test_a_tampered_envelope_is_refused_by_other_pcs(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    for m in (CHIEF, CLERK):
        add_member(a, m)
    chief = sign_in(a, CHIEF[0])
    iid = chief.create_incident(INCIDENT)
    bad = a.store.append(iid, "care_referral", {"sealed": {"v": 1, "to": {}}}, CHIEF[0])  # signed, but no readers
    a.sync(share)
    b.sync(share)
    assert b.store.has_incident(iid) and bad.id not in {e.id for e in b.store.entries(iid)}
    assert dict(b.store.conn.execute("SELECT entry_id, reason FROM sync_quarantine").fetchall()) == {
        bad.id: "invalid_payload"}


def test_a_new_reader_is_added_by_a_reader_re_wrapping_never_by_decrypting_elsewhere(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    for m in (CHIEF, CLERK, OTHER_CHIEF):
        add_member(a, m)
    marker = f"架空の面談メモ{uuid.uuid4().hex[:8]}"
    chief = sign_in(a, CHIEF[0])
    iid = chief.create_incident(INCIDENT)
    ref = care.refer(chief, iid, CLERK[0], "2025-04-10", marker)
    new_chief = ("品川 新課長", ["section_chief"], "区民部/区民課/")  # arrives in the 課 afterwards
    add_member(a, new_chief)
    a.sync(share)
    b.sync(share)
    assert {e.id: e for e in sign_in(b, new_chief[0]).entries(iid)}[ref.id].payload == RESTRICTED
    assert care.add_readers(sign_in(b, OTHER_CHIEF[0]), iid) == 0  # no right, no key: nothing to re-wrap
    assert care.add_readers(sign_in(b, CHIEF[0]), iid) == 1        # a reader re-wraps on PC b
    assert care.add_readers(sign_in(b, CHIEF[0]), iid) == 0        # once
    b.sync(share)
    report = a.sync(share)
    assert report.refused == [] and report.quarantined == 0
    for pc in (a, b):
        assert {e.id: e for e in sign_in(pc, new_chief[0]).entries(iid)}[ref.id].payload["note"] == marker
        assert {e.id: e for e in sign_in(pc, OTHER_CHIEF[0]).entries(iid)}[ref.id].payload == RESTRICTED
        signing.forget_all()
        assert not contains(pc.store, marker) and verify(pc.store)["ok"]


def test_a_password_reset_makes_a_new_key_and_a_reader_re_wraps_to_it(rooted_pc, share):
    a = rooted_pc("a")
    for m in (CHIEF, CLERK):
        add_member(a, m)
    chief = sign_in(a, CHIEF[0])
    iid = chief.create_incident(INCIDENT)
    ref = care.refer(chief, iid, CLERK[0], "2025-04-10", "架空の相談メモ")
    sign_in(a, ROOT_ADMIN).set_password(CLERK[0], "a-new-password-2")  # the admin cannot open the old key
    clerk = sign_in(a, CLERK[0], "a-new-password-2")
    assert {e.id: e for e in clerk.entries(iid)}[ref.id].payload == RESTRICTED  # old wrap: for the old key
    assert care.add_readers(sign_in(a, CHIEF[0]), iid) == 1
    clerk = sign_in(a, CLERK[0], "a-new-password-2")
    assert {e.id: e for e in clerk.entries(iid)}[ref.id].payload["note"] == "架空の相談メモ"
    assert care.add_readers(sign_in(a, CHIEF[0]), iid) == 0
