"""Saved searches live in the store, per member of staff, and never in a plaintext file (issue 17 §5)."""
from __future__ import annotations

import json

import pytest

from app.model.actor import Actor
from app.model.errors import InputError, PermissionDenied
from app.model.listing import IncidentFilter
from app.model.service import Service

NAME = "髙橋 﨑子"  # a party name typed as a search: personal data


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(folder))
    return folder


def test_a_saved_search_is_kept_in_the_store_and_only_for_its_owner(store, people, config_dir):
    clerk, chief = Service(store, people["staff"]), Service(store, people["chief"])
    clerk.save_search("常連", IncidentFilter(text=NAME, channel="電話"))
    assert clerk.saved_searches()["常連"].text == NAME  # kept exactly: no normalisation of 﨑
    assert chief.saved_searches() == {}
    assert not config_dir.exists() or not any(config_dir.rglob("*"))
    # the store's file is encrypted: the name is nowhere in it in the clear
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in store.data_dir.iterdir() if p.is_file())
    for enc in ("utf-8", "utf-16-le", "utf-16-be"):
        assert NAME.encode(enc) not in raw
    clerk.delete_search("常連")
    assert clerk.saved_searches() == {}


def test_names_are_checked_and_the_pc_itself_has_no_searches(store, people):
    clerk = Service(store, people["staff"])
    with pytest.raises(InputError):
        clerk.save_search("  ", IncidentFilter())
    with pytest.raises(InputError):
        clerk.save_search("x" * 101, IncidentFilter())
    device = Service(store, Actor.device(store.meta("device_id") or "pc"))
    with pytest.raises(PermissionDenied):
        device.saved_searches()


def test_the_old_plaintext_file_moves_into_the_store_and_is_removed(store, people, config_dir):
    clerk_name = people["staff"].name
    config_dir.mkdir()
    old = config_dir / "saved_searches.json"
    other = {"電話": IncidentFilter(channel="電話").to_dict()}
    old.write_text(json.dumps({"format": 1, "users": {
        clerk_name: {"常連": IncidentFilter(text=NAME).to_dict()}, "別の 職員": other}}, ensure_ascii=False),
        encoding="utf-8")
    clerk = Service(store, people["staff"])
    assert clerk.saved_searches()["常連"].text == NAME
    left = json.loads(old.read_text(encoding="utf-8"))
    assert left["users"] == {"別の 職員": other} and NAME not in old.read_text(encoding="utf-8")
    assert clerk.saved_searches()["常連"].text == NAME  # still there once the file no longer has it
    # the last member's part gone: the file goes too
    old.write_text(json.dumps({"users": {clerk_name: {"b": IncidentFilter().to_dict()}}}), encoding="utf-8")
    assert set(clerk.saved_searches()) == {"常連", "b"}
    assert not old.exists()
