"""Disposal on one PC (issue 17 §2): each class reaches its date under a fake clock; list → approve → execute
by two people; afterwards no byte of the incident is in any page of the database file (decrypted with the
store key) nor in the evidence folder, the closed count stays and verify is green."""
from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

from app.export import issue
from app.model import evidence, shred, streams
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.service import Service
from app.model.verify import verify
from tests.duties.ban_helpers import approve_all, ban_items
from tests.people import judge, PEOPLE, judgement
from tests.privacy import rawscan

CLOSED_AT = "2025-06-10T11:00:00+09:00"  # 2025年度: a 3-year class may go from 2029-04-01
SETTINGS = {"document_number_prefix": "港総総", "building_rules_articles": "第5条"}


def _closed(svc, sample, marker="", result="非該当", before=()):
    data = dict(sample, summary=f"架空の事例 {marker}")
    iid = svc.create_incident(data)
    judge(svc, iid, judgement(result))
    for kind, payload in before:
        svc.append(iid, kind, payload)
    if marker:
        svc.append(iid, "quote", {"at": "2025-06-10T10:01:00+09:00", "text": f"発言 {marker}"})
    svc.append(iid, "closed", {"outcome": "終了", "resolved": True, "at": CLOSED_AT})
    return iid


def test_each_class_reaches_its_date_and_is_disposed_of_only_from_it(store, people, sample):
    chief, admin = Service(store, people["section_chief"]), Service(store, people["sysadmin"])
    cases = {
        "2029-04-01": _closed(chief, sample),
        "2031-04-01": _closed(chief, sample, result="該当"),
        "2032-04-01": _closed(chief, sample, before=ban_items("2025-06-10", "2026-12-31")),  # approved below
        # a care record (5 years) keeps the whole incident until its own date
        "2031-04-01 care": _closed(chief, sample, before=[("care_referral", {
            "staff": PEOPLE["staff"][0], "due": "2025-06-17", "note": "保健室へ"})]),
    }
    approve_all(store, Service(store, people["director"]), cases["2032-04-01"])
    for label, iid in cases.items():
        day = label.split()[0]
        before = f"{int(day[:4]) - 1}-03-31"
        assert iid not in {d["incident_id"] for d in chief.retention_due(before) if d["class"] != "care"} or "care" in label
        with pytest.raises(InputError) as info:
            chief.approve_disposal([iid], before)
        assert "保存年限がまだ過ぎていません" in info.value.ja and day in info.value.ja
        [approval] = chief.approve_disposal([iid], day)
        done = admin.execute_disposal(iid, day)
        assert done["approver"] == PEOPLE["section_chief"][0] and done["disposal"]
        assert not store.has_incident(iid)
    classes = sorted(t["class"] for t in admin.disposals())
    assert classes == ["incident", "incident", "incident_ban", "incident_harassment"]
    ban = next(t for t in admin.disposals() if t["class"] == "incident_ban")
    assert ban["closed"] == "2025-06-10" and ban["ended"] == "2026-12-31"


def test_list_approve_execute_destroys_every_byte_and_keeps_the_count(store, people, sample, tmp_path):
    chief, admin = Service(store, people["section_chief"]), Service(store, people["sysadmin"])
    clerk = Service(store, people["staff"])
    gone_marker, kept_marker = f"DISPOSE-{uuid.uuid4().hex}", f"KEEP-{uuid.uuid4().hex}"
    gone = _closed(chief, sample, gone_marker)
    kept = _closed(chief, sample, kept_marker)
    files = {}
    for iid, marker in ((gone, gone_marker), (kept, kept_marker)):
        f = tmp_path / f"{marker}.txt"
        f.write_text(f"添付 {marker} " * 50, encoding="utf-8")
        files[iid] = evidence.attach(clerk, iid, f).payload["sha256"]
    issue.issue_for(chief, gone, "record", settings=SETTINGS)
    assert store.conn.execute("SELECT count(*) FROM issued_documents WHERE incident_id = ?", (gone,)).fetchone()[0]
    closed_before = chief.statistics()["by_status"]["closed"]
    assert chief.list_incidents(gone_marker)  # found by search before

    due = [d["incident_id"] for d in chief.retention_due("2029-04-01")]
    assert gone in due and kept in due
    with pytest.raises(PermissionDenied):
        clerk.approve_disposal([gone], "2029-04-01")
    with pytest.raises(InputError):  # nothing approved yet
        admin.execute_disposal(gone, "2029-04-01")
    chief.approve_disposal([gone], "2029-04-01")
    with pytest.raises(PermissionDenied):
        chief.execute_disposal(gone, "2029-04-01")  # not a システム管理者 (and the approver)
    done = admin.execute_disposal(gone, "2029-04-01")
    assert done["attachments"] == 1 and done["documents"] == 1 and done["entries"] >= 4

    # the incident is gone from every view; the tombstone stays
    assert [r["id"] for r in chief.list_incidents()] == [kept]
    assert chief.list_incidents(gone_marker) == [] and chief.list_incidents(kept_marker)
    with pytest.raises(NotFoundError):
        chief.incident(gone)
    with pytest.raises(NotFoundError):
        admin.execute_disposal(gone, "2029-04-01")
    assert gone not in {d["incident_id"] for d in chief.retention_due("2040-01-01")}
    stats = chief.statistics()
    assert stats["by_status"]["closed"] == closed_before and stats["disposed"] == 1
    [tomb] = admin.disposals()
    assert tomb["incident"] == gone and tomb["class"] == "incident" and len(tomb["sha256"]) == 64
    assert all(shred.is_tombstone(e.payload) for e in store.entries(gone))
    assert {e.kind for e in store.entries(streams.RETENTION)} == {"disposal_approved", "disposal_executed"}

    # no byte of it left: every page of the file decrypted with the store key, and the evidence folder
    assert rawscan.holds(store.path, store._key, kept_marker)  # the scan reads what is there
    assert not rawscan.holds(store.path, store._key, gone_marker)
    folder = evidence.for_store(store)
    assert not folder.blob_path(files[gone]).exists() and folder.blob_path(files[kept]).exists()
    for blob in folder.folder.iterdir():
        plain = evidence.EvidenceReader(blob, folder._master).read_all().decode("utf-8")
        assert gone_marker not in plain
    report = verify(store)
    assert report["ok"], report["problems"]
    assert report["tombstones"] == done["entries"]


def test_a_tombstone_only_counts_for_its_own_valid_disposal(store, people, sample):
    """verify accepts a tombstone explicitly: a payload blanked without a disposal is still a problem."""
    chief = Service(store, people["section_chief"])
    iid = _closed(chief, sample)
    other = _closed(chief, sample)
    chief.approve_disposal([iid], "2029-04-01")
    disposal_id = Service(store, people["sysadmin"]).execute_disposal(iid, "2029-04-01")["disposal"]
    assert verify(store)["ok"]
    # a blanked entry of another incident, pretending to be a tombstone of this disposal (raw SQL)
    store.conn.execute("DROP TRIGGER entries_no_update")
    store.conn.execute("UPDATE entries SET payload = ? WHERE incident_id = ? AND kind = 'quote'",
                       (f'{{"disposed":"{disposal_id}"}}', other))
    problems = verify(store)["problems"]
    assert [p["check"] for p in problems] and all(p["check"] == "entry_hash" for p in problems)


def test_only_disposal_lifts_the_append_only_triggers():
    root = Path(__file__).resolve().parents[2]

    def grep(pattern):
        out = subprocess.run(["grep", "-rlE", pattern, "app"], cwd=root, capture_output=True, text=True)
        assert out.returncode in (0, 1), out.stderr
        return sorted(out.stdout.split())
    assert grep(r"DROP TRIGGER") == ["app/model/shred.py"]  # the one place that lifts append-only
    assert grep(r"shred\.destroy(_entries)?\(") == ["app/model/disposal.py"]  # used by disposal only
    assert grep(r"disposal\.destroy(_consultation)?\(") == ["app/model/service_disposal.py"]  # the システム管理者's execution
