"""Disposal of 相談 on one PC (issue 17 §2): 人事課 approves a 相談 past its date (the Service takes the entries
from the opened register), another person (the システム管理者) executes; afterwards no byte of the 相談 or its 経過
(their ciphertext: the store key cannot open them, so the test looks for the sealed bytes themselves) is in
any page of the database file or its WAL, a kept 相談 still is, and verify is green."""
from __future__ import annotations


import pytest

from app.model import care, shred, streams
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.service import Service
from app.model.verify import verify
from tests.privacy import rawscan

OLD = "2020-10-05T09:30:00+09:00"  # 2020年度: kept 5 years, may be disposed of from 2026-04-01
LATER = "2021-05-10T10:00:00+09:00"  # a 経過 in 2021年度 keeps its 相談 until 2027-04-01


def consultation(text: str, at: str = OLD) -> dict:
    return {"what_happened": text, "is_harassment": "判断が微妙", "consents_to_section": False,
            "window": "人事課", "notice_shown": True, "at": at}


def sealed_bytes(e) -> str:
    """A piece of the ciphertext of a sealed record, as it is stored (what must not survive its disposal)."""
    return e.payload[care.SEALED]["ct"][:48]


def _three(store, people):
    worker, hr = Service(store, people["staff"]), Service(store, people["hr"])
    gone = worker.record_consultation(consultation("架空の相談（廃棄する）"))
    follow = hr.consultation_followup(gone.id, {"note": "面談した（架空）", "at": "2020-11-01T10:00:00+09:00"})
    kept = worker.record_consultation(consultation("架空の相談（残す）"))
    late = worker.record_consultation(consultation("架空の相談（経過が新しい）"))
    hr.consultation_followup(late.id, {"note": "続けて面談（架空）", "at": LATER})
    return worker, hr, gone, follow, kept, late


def test_hr_approves_only_when_due_another_person_executes_and_no_byte_is_left(store, people):
    worker, hr, gone, follow, kept, late = _three(store, people)
    admin, chief = Service(store, people["sysadmin"]), Service(store, people["section_chief"])
    stored = {e.id: e for e in store.entries(streams.CONSULTATIONS)}
    markers = [sealed_bytes(stored[gone.id]), sealed_bytes(stored[follow.id])]
    kept_marker = sealed_bytes(stored[kept.id])
    for m in markers + [kept_marker]:
        assert rawscan.holds(store.path, store._key, m)  # the scan sees what is there

    with pytest.raises(InputError) as info:
        hr.approve_consultation_disposal([gone.id], "2026-03-31")
    assert "保存年限がまだ過ぎていません" in info.value.ja and "2026-04-01" in info.value.ja
    with pytest.raises(InputError):  # its 経過 of 2021 keeps it a year longer
        hr.approve_consultation_disposal([late.id], "2026-04-01")
    for who in ("staff", "section_chief", "sysadmin"):  # only 人事課 approves
        with pytest.raises(PermissionDenied):
            Service(store, people[who]).approve_consultation_disposal([gone.id], "2026-04-01")
    with pytest.raises(InputError):  # nothing approved yet
        admin.execute_consultation_disposal(gone.id, "2026-04-01")
    [approval] = hr.approve_consultation_disposal([gone.id], "2026-04-01")
    assert approval["consultation"] == gone.id and approval["entries"] == 2 and approval["last_record"] == "2020-11-01"
    [entry] = [e for e in store.entries(streams.RETENTION) if e.kind == "consultation_disposal_approved"]
    assert sorted(entry.payload["entries"]) == sorted([gone.id, follow.id])  # computed, not typed
    assert [r["approved_by"] for r in admin.retention_queue("2026-04-01")] == [people["hr"].name]
    with pytest.raises(PermissionDenied):
        chief.execute_consultation_disposal(gone.id, "2026-04-01")  # not a システム管理者
    with pytest.raises(PermissionDenied):
        hr.execute_consultation_disposal(gone.id, "2026-04-01")
    with pytest.raises(InputError):
        admin.execute_consultation_disposal(gone.id, "2026-03-31")

    done = admin.execute_consultation_disposal(gone.id, "2026-04-01")
    assert done["entries"] == 2 and done["approver"] == people["hr"].name and len(done["sha256"]) == 64
    assert all(shred.is_tombstone(e.payload) for e in store.entries(streams.CONSULTATIONS)
               if e.id in (gone.id, follow.id))
    assert {c["id"] for c in hr.consultations()} == {kept.id, late.id}
    assert {c["id"] for c in worker.consultations()} == {kept.id, late.id}
    with pytest.raises(NotFoundError):
        hr.consultation(gone.id)
    with pytest.raises(PermissionDenied):  # no 経過 can be added to a disposed 相談
        hr.consultation_followup(gone.id, {"note": "x", "at": LATER})
    with pytest.raises(NotFoundError):
        admin.execute_consultation_disposal(gone.id, "2026-04-01")
    with pytest.raises(NotFoundError):
        hr.approve_consultation_disposal([gone.id], "2026-04-01")
    assert gone.id not in {d["record_id"] for d in hr.retention_due("2040-01-01")}
    [tomb] = admin.consultation_disposals()
    assert tomb["consultation"] == gone.id and tomb["entries"] == 2

    assert rawscan.holds(store.path, store._key, kept_marker)
    for m in markers:
        assert not rawscan.holds(store.path, store._key, m)
    report = verify(store)
    assert report["ok"], report["problems"]
    assert report["tombstones"] == 2


def test_a_correction_of_the_consultation_goes_with_it_and_a_forged_tombstone_is_a_problem(store, people):
    worker, hr = Service(store, people["staff"]), Service(store, people["hr"])
    c = worker.record_consultation(consultation("架空の相談（訂正する）"))
    fix = worker.append_register(streams.CONSULTATIONS, "correction", {
        "replacement": consultation("架空の相談（訂正した）"), "reason": "言い間違い"}, supersedes=c.id)
    other = worker.record_consultation(consultation("架空の相談（別）"))
    # the correction is recorded now: the 相談's last record is today's, it waits another 5 years
    day = hr.consultation_retention()[0]["disposal_on"]
    assert day > "2031-04-01"
    [approval] = hr.approve_consultation_disposal([c.id], day)
    assert approval["entries"] == 2
    disposal_id = Service(store, people["sysadmin"]).execute_consultation_disposal(c.id, day)["disposal"]
    assert all(shred.is_tombstone(e.payload) for e in store.entries(streams.CONSULTATIONS) if e.id in (c.id, fix.id))
    assert verify(store)["ok"]
    # another 相談 blanked by raw SQL, pretending to be a tombstone of this disposal
    store.conn.execute("DROP TRIGGER entries_no_update")
    store.conn.execute("UPDATE entries SET payload = ? WHERE id = ?", (f'{{"disposed":"{disposal_id}"}}', other.id))
    problems = verify(store)["problems"]
    assert [p["check"] for p in problems] and all(p["check"] == "entry_hash" for p in problems)


def test_a_followup_recorded_after_the_approval_stops_the_execution_until_hr_approves_again(store, people):
    worker, hr = Service(store, people["staff"]), Service(store, people["hr"])
    admin = Service(store, people["sysadmin"])
    c = worker.record_consultation(consultation("架空の相談（承認の後に経過）"))
    hr.approve_consultation_disposal([c.id], "2026-04-01")
    late = hr.consultation_followup(c.id, {"note": "承認の後の面談（架空）", "at": "2020-12-01T10:00:00+09:00"})
    with pytest.raises(InputError) as info:
        admin.execute_consultation_disposal(c.id, "2026-04-01")
    assert "もう一度承認" in info.value.ja
    assert not any(shred.is_tombstone(e.payload) for e in store.entries(streams.CONSULTATIONS))
    [again] = hr.approve_consultation_disposal([c.id], "2026-04-01")
    assert again["entries"] == 2
    assert admin.execute_consultation_disposal(c.id, "2026-04-01")["entries"] == 2
    assert {e.id for e in store.entries(streams.CONSULTATIONS) if shred.is_tombstone(e.payload)} == {c.id, late.id}
    assert verify(store)["ok"]
