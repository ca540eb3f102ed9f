"""4. The share swapped for an empty or an older copy: nothing is deleted locally, missing bundles are
published again."""
from __future__ import annotations

import shutil

from tests.sync.conftest import INCIDENT, state_hash


def _count(pc) -> int:
    return pc.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def test_empty_share_gets_everything_again(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    a.svc.create_incident(INCIDENT)
    a.sync(share)
    b.svc.create_incident(INCIDENT)
    b.sync(share)
    a.sync(share)
    before = (_count(a), _count(b), state_hash(a.store))
    shutil.rmtree(share)
    share.mkdir()  # the share came back empty (unmounted, or a new server)
    ra = a.sync(share)
    rb = b.sync(share)
    assert (_count(a), _count(b), state_hash(a.store)) == before  # nothing deleted locally
    assert ra.published == 2 and rb.published == 2 and ra.imported == 0 and rb.imported == 0
    assert any(x["kind"] == "share_changed" for x in ra.alerts)
    c = make_pc("c")
    assert c.sync(share).imported == 4  # a newcomer gets everything from the refilled share
    assert state_hash(c.store) == state_hash(a.store)


def test_older_copy_of_share(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    old = tmp_path / "old-share"
    shutil.copytree(share, old)
    a.svc.append(iid, "note", {"text": "架空の追記"})
    a.sync(share)
    b.sync(share)
    before_b = state_hash(b.store)
    shutil.rmtree(share)
    shutil.copytree(old, share)  # restored from last week's backup of the server
    assert b.sync(share).imported == 0 and state_hash(b.store) == before_b
    r = a.sync(share)
    assert r.published == 1  # only the missing range
    c = make_pc("c")
    c.sync(share)
    assert state_hash(c.store) == state_hash(a.store) == state_hash(b.store)


def test_own_bundle_damaged_on_share_is_published_again(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    a.svc.create_incident(INCIDENT)
    a.sync(share)
    [path] = list(share.rglob("*.mdgb"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a copy of the share that was cut short
    r = a.sync(share)
    assert r.published == 2 and path.read_bytes() == data[: len(data) // 2]  # never rewritten
    rb = b.sync(share)
    assert rb.imported == 2 and [x["reason"] for x in rb.rejected] == ["truncated"]
