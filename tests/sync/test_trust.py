"""Trust across PCs (issue 13), with real stores and a real share: one directory per organisation rooted in
its key, refusals by role, signature and device id, forged authorship, revocation."""
from __future__ import annotations

import pytest

from app.model import signing, staff
from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.entry import Entry
from app.model.errors import PermissionDenied
from app.model.service import Service
from app.model.service_staff import secret_record
from app.model.store import entry_hash
from app.model.sync.engine import build_entries_bundle
from app.model.sync.fsops import FileOps, publish_file
from app.model.sync.layout import log_dir
from app.model.verify import verify
from tests.sync.trusted import (CHIEF, CLERK, INCIDENT, PASSWORD, ROOT_ADMIN, add_member, rooted_enrollment,  # noqa: F401
                                rooted_pc, sign_in)


def quarantined(pc) -> dict:
    return dict(pc.store.conn.execute("SELECT entry_id, reason FROM sync_quarantine").fetchall())


def test_a_joined_pc_signs_in_a_member_added_elsewhere_and_the_audit_trail_arrives(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    add_member(a, CLERK)
    iid = sign_in(a, CLERK[0]).create_incident(INCIDENT)
    a.sync(share)
    with pytest.raises(PermissionDenied):  # not on PC b yet
        Authenticator(b.store).sign_in(CLERK[0], PASSWORD)
    report = b.sync(share)
    assert report.refused == [] and report.held == 0
    clerk = Authenticator(b.store).sign_in(CLERK[0], PASSWORD)
    assert clerk.roles == frozenset({"staff"})
    assert Service(b.store, clerk).incident(iid).summary == INCIDENT["summary"]
    trail = {(e.device_id, e.payload.get("action")) for e in b.store.entries("audit-trail")}
    assert (a.store.device_id, "staff_changed") in trail and (a.store.device_id, "sign_in") in trail
    assert b.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0
    assert verify(a.store)["ok"] and verify(b.store)["ok"], (verify(a.store), verify(b.store))


def test_a_rogue_sysadmin_from_a_joined_pc_is_refused_everywhere_and_cannot_sign_in(rooted_pc, share):
    a, hostile, c = rooted_pc("a"), rooted_pc("hostile"), rooted_pc("c")
    add_member(hostile, CLERK)  # a real 職員 of the hostile PC
    for pc in (a, hostile, c):
        pc.sync(share)
    s = staff.STAFF_STREAM
    signing.forget_all()  # the admin signed in on this PC earlier; from here on only the store key is at hand
    # 1. written with the store key only, "by" the organisation's admin (no signature)
    forged = hostile.store.append_many([
        (s, "staff_added", {"staff_id": "rogue-1", "name": "偽 管理者", "roles": ["sysadmin", "section_chief", "hr"],
                            "department": {}}, ROOT_ADMIN, None),
        (s, "staff_password_set", secret_record("rogue-1", "known-password-1"), ROOT_ADMIN, None)])
    # 2. signed, but by a 職員 who is not a システム管理者
    sign_in(hostile, CLERK[0])
    by_clerk = hostile.store.append(s, "staff_added", {"staff_id": "rogue-2", "name": "偽 人事", "roles": ["hr"],
                                                       "department": {}}, CLERK[0])
    assert signing.signer_of(by_clerk)  # it does carry the 職員's own signature
    iid = sign_in(hostile, CLERK[0]).create_incident(INCIDENT)  # and a valid record from the same PC
    hostile.sync(share)
    for pc in (a, c):
        report = pc.sync(share)
        refused = {(r["entry"], r["reason"]) for r in report.refused}
        assert (forged[0].id, "unsigned") in refused and (forged[1].id, "unsigned") in refused
        assert (by_clerk.id, "not_permitted") in refused
        assert all(r["file"].startswith(f"devices/{hostile.store.device_id}/log/") for r in report.refused)
        assert pc.store.has_incident(iid)  # the rest of the bundle is taken in
        assert verify(pc.store)["ok"]
    for pc in (a, hostile, c):  # the names sign in nowhere, not even on the PC that wrote them
        for name, pw in (("偽 管理者", "known-password-1"), ("偽 人事", PASSWORD)):
            with pytest.raises(PermissionDenied):
                Authenticator(pc.store).sign_in(name, pw)
    assert not verify(hostile.store)["ok"]  # the hostile store shows what was forged in it
    assert {p["entry"] for p in verify(hostile.store)["problems"]} >= {forged[0].id, by_clerk.id}


def test_a_pc_cannot_publish_under_another_pcs_device_id(rooted_pc, share):
    victim, hostile, c = rooted_pc("victim"), rooted_pc("hostile"), rooted_pc("c")
    add_member(victim, CLERK)
    iid = sign_in(victim, CLERK[0]).create_incident(INCIDENT)
    victim.sync(share)
    hostile.sync(share)
    head = victim.store.entries_since(victim.store.device_id, 0)[-1]
    fake = Entry(id="01a00000-0000-7000-8000-000000000001", incident_id=iid, device_id=victim.store.device_id,
                 seq=head.seq + 1, hlc=head.hlc[:-1] + "f", author="PC:" + victim.store.device_id, kind="note",
                 payload={"text": "偽の追記"}, prev_hash=head.hash, recorded_at=head.recorded_at)
    fake = Entry(**{**fake.__dict__, "hash": entry_hash(fake)})
    name, data = build_entries_bundle([fake], hostile.keys)  # a valid bundle, signed by the hostile PC
    publish_file(FileOps(), log_dir(share, victim.store.device_id), name, data)
    report = c.sync(share)
    assert {"file": f"devices/{victim.store.device_id}/log/{name}", "reason": "device_not_signer"} in report.rejected
    assert fake.id not in {e.id for e in c.store.entries(iid)}
    real = sign_in(victim, CLERK[0]).append(iid, "note", {"text": "本物の追記"})
    taken = victim.store.entries_since(victim.store.device_id, fake.seq - 1)[0]  # the victim's own entry at that seq
    assert taken.seq == fake.seq and taken.id != fake.id
    v = victim.sync(share)
    assert v.quarantined == 0 and not any(a["kind"] == "device_id_changed" for a in v.alerts)
    assert verify(victim.store)["ok"], verify(victim.store)  # the victim stays green
    c.sync(share)
    assert real.id in {e.id for e in c.store.entries(iid)} and verify(c.store)["ok"]
    assert taken.id in {e.id for e in c.store.entries(taken.incident_id)}


def test_an_entry_by_a_chief_written_with_the_store_key_alone_fails_verify_and_is_refused(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    add_member(a, CHIEF)
    add_member(a, CLERK)
    iid = sign_in(a, CLERK[0]).create_incident(INCIDENT)
    a.sync(share)
    b.sync(share)
    signing.forget_all()  # nobody is signed in: only the store key (the keyring) is at hand
    chief = staff.directory(a.store).active_by_name(CHIEF[0])
    hand_made = Actor(name=chief.name, roles=chief.roles, department=chief.department, staff_id=chief.staff_id)
    via_service = Service(a.store, hand_made).append(iid, "note", {"text": "課長の名をかたる追記"})
    raw = a.store.append(iid, "note", {"text": "生のSQLで書いた追記"}, chief.name)
    problems = {(p["entry"], p["reason"]) for p in verify(a.store)["problems"] if p["check"] == "authorship"}
    assert {(via_service.id, "unsigned"), (raw.id, "unsigned")} <= problems
    # a signature copied from a real entry of the chief does not fit another entry either
    real = sign_in(a, CHIEF[0]).append(iid, "note", {"text": "本物の課長の追記"})
    signing.forget_all()
    copied = a.store.append(iid, "note", {"text": "署名を写した追記", "signature": real.payload["signature"]},
                            chief.name)
    assert (copied.id, "bad_signature") in {(p["entry"], p["reason"]) for p in verify(a.store)["problems"]}
    a.sync(share)
    report = b.sync(share)
    refused = {(r["entry"], r["reason"]) for r in report.refused}
    assert {(via_service.id, "unsigned"), (raw.id, "unsigned"), (copied.id, "bad_signature")} <= refused
    assert real.id in {e.id for e in b.store.entries(iid)} and verify(b.store)["ok"]


def test_the_author_must_hold_the_operations_role_at_the_entrys_time(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    add_member(a, CLERK)
    iid = sign_in(a, CLERK[0]).create_incident(INCIDENT)
    clerk = sign_in(a, CLERK[0])
    # a 職員 may not decide; written past the door (the door would refuse), signed by the 職員
    decision = a.store.append(iid, "response_stopped", {"at": "2025-04-01T10:20:00+09:00", "reason": "架空"},
                              clerk.actor.author)
    a.sync(share)
    report = b.sync(share)
    assert (decision.id, "not_permitted") in {(r["entry"], r["reason"]) for r in report.refused}
    assert decision.id not in {e.id for e in b.store.entries(iid)}
    assert b.store.has_incident(iid)


def test_revoked_device_and_person_later_entries_refused_earlier_stay_and_rotation_works(
        rooted_pc, share, tmp_path, rooted_enrollment):
    from app.model.sync import join, read_enrollment, rotate_org
    from tests.sync.conftest import PASSPHRASE
    a, lost, c = rooted_pc("a"), rooted_pc("lost"), rooted_pc("c")
    add_member(lost, CLERK)
    add_member(a, CHIEF)
    iid = sign_in(lost, CLERK[0]).create_incident(INCIDENT)
    early = sign_in(lost, CLERK[0]).append(iid, "note", {"text": "盗まれる前の追記"})
    lost.sync(share)
    a.sync(share)
    admin = sign_in(a, ROOT_ADMIN)
    up_to = admin.revoke_device(lost.store.device_id, "盗難")
    assert up_to == early.seq
    a.sync(share)
    late = sign_in(lost, CLERK[0]).append(iid, "note", {"text": "盗まれた後の追記"})
    lost.sync(share)
    report = c.sync(share)
    ids = {e.id for e in c.store.entries(iid)}
    assert early.id in ids and late.id not in ids
    assert (late.id, "device_revoked") in {(r["entry"], r["reason"]) for r in report.refused}
    # a person: deactivated by a システム管理者; entries dated after it are refused, earlier ones stay
    chief_early = sign_in(a, CHIEF[0]).append(iid, "note", {"text": "異動前の課長の追記"})
    chief = sign_in(a, CHIEF[0])
    admin.deactivate_staff(CHIEF[0], "異動")
    chief_late = a.store.append(iid, "note", {"text": "異動後の追記"}, chief.actor.author)  # key still in memory
    # rotation: a new epoch, both PCs take it; bundles of the new epoch carry everything on
    rotate_org(tmp_path / "rooted.enroll", tmp_path / "epoch2.enroll", PASSPHRASE)
    epoch2 = read_enrollment(tmp_path / "epoch2.enroll", PASSPHRASE)
    a.keys, c.keys = join(a.store, epoch2), join(c.store, epoch2)
    assert a.keys.current_epoch == 2
    a.sync(share)
    report = c.sync(share)
    ids = {e.id for e in c.store.entries(iid)}
    assert chief_early.id in ids and chief_late.id not in ids
    assert (chief_late.id, "not_permitted") in {(r["entry"], r["reason"]) for r in report.refused}
    assert verify(c.store)["ok"]


def test_a_refusal_is_cured_when_the_authors_directory_entry_arrives_later(rooted_pc, share, tmp_path):
    """PC b writes as a member added on PC a; PC c sees b's bundle before a's (a USB stick): refused at
    first, taken in at the sync that brings the directory entry. Nothing is lost."""
    from app.model.sync import relay
    a, b, c = rooted_pc("a"), rooted_pc("b"), rooted_pc("c")
    add_member(a, CLERK)
    a.sync(share)
    b.sync(share)
    iid = sign_in(b, CLERK[0]).create_incident(INCIDENT)
    b.sync(share)
    stick = tmp_path / "stick"
    stick.mkdir()
    relay(share, stick, only=lambda rel: rel.startswith(f"devices/{b.store.device_id}/") or "/" not in rel)
    first = c.sync(stick, publish_own=False)
    assert first.refused and {r["reason"] for r in first.refused} == {"unknown_author"}
    assert not c.store.has_incident(iid)
    second = c.sync(share)
    assert second.released >= 1 and c.store.has_incident(iid)
    assert quarantined(c) == {} and verify(c.store)["ok"]


def test_a_correction_needs_the_corrected_entrys_operation_on_every_pc(rooted_pc, share):
    a, b = rooted_pc("a"), rooted_pc("b")
    add_member(a, CHIEF)
    add_member(a, CLERK)
    iid = sign_in(a, CLERK[0]).create_incident(INCIDENT)
    chief = sign_in(a, CHIEF[0])
    decision = a.store.append(iid, "response_stopped", {"at": "2025-04-01T10:20:00+09:00", "reason": "架空"},
                              chief.actor.author)  # the 課長's own decision (signed)
    clerk = sign_in(a, CLERK[0])
    undone = a.store.append(iid, "correction", {"replacement": {"withdrawn": True}, "reason": "架空の取消"},
                            clerk.actor.author, decision.id)  # a 職員 may correct, but not a 課長's decision
    ok = clerk.append(iid, "note", {"text": "架空のメモ"})
    fixed = clerk.correct(iid, ok.id, {"text": "架空のメモ（訂正）"}, "誤字")  # their own note: allowed
    assert (undone.id, "not_permitted") in {(p["entry"], p["reason"]) for p in verify(a.store)["problems"]}
    a.sync(share)
    report = b.sync(share)
    assert {(r["entry"], r["reason"]) for r in report.refused} == {(undone.id, "not_permitted")}
    ids = {e.id for e in b.store.entries(iid)}
    assert decision.id in ids and fixed.id in ids and undone.id not in ids


def test_a_store_under_an_uncertified_device_id_does_not_publish_until_it_joins_again(rooted_pc, share,
                                                                                      rooted_enrollment):
    """A restored store gets a new device id (app/model/datadir.restore): its certificate names the old one."""
    from app.model.ids import uuid7
    from app.model.store import Store
    from app.model.sync import join
    a, b = rooted_pc("a"), rooted_pc("b")
    add_member(a, CLERK)
    a.sync(share)
    a.store.set_meta("device_id", uuid7())
    path, key = a.store.path, a.store._key
    a.store.close()
    a.store = Store.open(path, key)
    iid = sign_in(a, CLERK[0]).create_incident(INCIDENT)
    report = a.sync(share)
    assert report.published == 0 and {"step": "publish", "reason": "device_not_certified"}.items() <= \
        report.problems[0].items()
    a.keys = join(a.store, rooted_enrollment)  # re-certified for the new id
    assert a.sync(share).published > 0
    assert b.sync(share).refused == [] and b.store.has_incident(iid)
