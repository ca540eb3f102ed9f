"""Sync through a shared folder or USB stick: signed, encrypted, append-only bundles (no Qt).

Public API:
    sync_folder(store, folder, keys) -> SyncReport      publish, then ingest (app/model/sync/engine.py)
    needs_review(store, incident_id) -> bool            要確認 (concurrent single-valued fields)
    publish_blob(folder, keys, path_or_bytes) -> sha256 / fetch_blob(folder, keys, sha256) -> bytes | None
    relay(src, dst) -> [copied]                         store-and-forward between folders
    create_org / rotate_org / read_enrollment / join_org(store, …) / load_device_keys(store) / require_device_keys(store)
                                                        device keys sealed in the data folder (orgkeys.py)
    join(store, enrollment) -> DeviceKeys               join_org for this store's device id + the org's root
"""
from __future__ import annotations

from app.model.store import Store
from app.model.sync.blobs import fetch_blob, publish_blob
from app.model.sync.engine import ForeignShare, ShareUnavailable, SyncReport, sync_folder
from app.model.sync.orgkeys import (DeviceKeys, create_org, join_org, load_device_keys, read_enrollment,
                                    require_device_keys, rotate_org)
from app.model.sync.relay import relay


def join(store: Store, enrollment: dict) -> DeviceKeys:
    """Enroll this PC for its store: the device key certified for the store's device id, and the
    organisation's root (the first システム管理者) kept in the store so its directory is the organisation's."""
    from app.model import trust
    keys = join_org(store, enrollment)
    trust.adopt_root(store, enrollment)
    return keys


def needs_review(store: Store, incident_id: str) -> bool:
    """True while the incident has concurrent values of a single-valued field (要確認)."""
    return store.incident(incident_id).needs_review


__all__ = ["sync_folder", "SyncReport", "ShareUnavailable", "ForeignShare", "needs_review", "publish_blob",
           "fetch_blob", "relay", "join", "DeviceKeys", "create_org", "rotate_org", "read_enrollment", "join_org",
           "load_device_keys", "require_device_keys"]
