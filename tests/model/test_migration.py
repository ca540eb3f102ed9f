"""Upgrading a store written by the first schema (tests/fixtures/schema1.db)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from app.model import migrations
from app.model.store import Store
from app.model.verify import verify

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema1.db"
KEY = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")


def test_schema1_fixture_upgrades(tmp_path):
    db = tmp_path / "store.db"
    shutil.copy(FIXTURE, db)
    original = hashlib.sha256(db.read_bytes()).hexdigest()
    store = Store.open(db, KEY)
    assert migrations.current_version(store.conn) == migrations.LATEST
    iid = "01900000-0000-7000-8000-000000000001"
    assert [r["id"] for r in store.list_incidents("土下座")] == [iid]  # search built from the old entries
    assert store.incident(iid).party == {"name": "𠮷田 太郎"}
    e = store.append(iid, "stop_request", {"at": "2025-04-01T10:05:00+09:00"}, "港 一郎")
    assert e.seq == 3 and e.prev_hash == store.entries(iid)[1].hash
    assert verify(store)["ok"]
    backups = list(tmp_path.glob("store.db.schema1.*.bak"))
    assert len(backups) == 1
    assert hashlib.sha256(backups[0].read_bytes()).hexdigest() == original
    store.close()
    # the fixture itself is untouched and still at schema 1
    assert hashlib.sha256(FIXTURE.read_bytes()).hexdigest() == original
