"""Enrollment, key epochs (revoking a stolen PC's future access) and attachment blobs."""
from __future__ import annotations

import hashlib

import pytest

from app.model.errors import KeyUnavailableError, StoreExistsError
from app.model.sync import create_org, fetch_blob, publish_blob, read_enrollment, rotate_org
from app.model.sync.blobs import blob_name
from app.model.sync.layout import blob_path
from tests.sync.conftest import INCIDENT, PASSPHRASE


def test_enrollment_file_needs_its_passphrase_and_is_never_overwritten(tmp_path, memory_keyring):
    path = tmp_path / "org.enroll"
    create_org(path, PASSPHRASE)
    with pytest.raises(KeyUnavailableError):
        read_enrollment(path, "まちがいのパスフレーズ")
    with pytest.raises(StoreExistsError):
        create_org(path, PASSPHRASE)
    assert PASSPHRASE.encode() not in path.read_bytes()


def test_new_epoch_locks_out_a_stolen_pc(make_pc, share, tmp_path):
    a, stolen, c = make_pc("a"), make_pc("stolen"), make_pc("c")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    assert stolen.sync(share).imported == 2
    rotate_org(tmp_path / "org.enroll", tmp_path / "org-2.enroll", PASSPHRASE)
    epoch2 = read_enrollment(tmp_path / "org-2.enroll", PASSPHRASE)
    from app.model.sync import join_org
    a.keys = join_org(a.store, epoch2)
    c.keys = join_org(c.store, epoch2)
    assert a.keys.current_epoch == 2 and sorted(a.keys.epochs) == [1, 2]
    a.svc.append(iid, "note", {"text": "架空：盗難後の記録"})
    a.sync(share)
    r = stolen.sync(share)
    assert r.imported == 0 and r.needs_key and r.rejected[0]["reason"] == "needs_key_epoch"
    assert c.sync(share).imported == 3  # old (epoch 1) and new (epoch 2) bundles


def test_blobs_round_trip_pending_and_deduplicated(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    data = b"\x89PNG fictional screenshot " * 1000
    digest = publish_blob(share, a.keys, data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert fetch_blob(share, b.keys, digest) == data
    assert publish_blob(share, b.keys, data) == digest  # already there: not written again
    assert len([p for p in (share / "blobs").rglob("*.blob")]) == 1
    missing = hashlib.sha256(b"not yet copied").hexdigest()
    assert fetch_blob(share, b.keys, missing) is None  # pending, not an error
    path = blob_path(share, blob_name(a.keys, digest))
    whole = path.read_bytes()
    path.chmod(0o644)
    path.write_bytes(whole[: len(whole) // 2])  # still being copied
    assert fetch_blob(share, b.keys, digest) is None
    assert digest not in path.name  # the name is a keyed hash, not the content hash
