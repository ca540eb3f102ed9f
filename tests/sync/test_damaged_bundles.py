"""2. Damaged files are rejected with nothing applied and bounded memory; accepted once whole.
3. A replayed or renamed old bundle changes 0 rows.  10. A newer format → needs upgrade, not ingested.
11. Nothing readable on the share."""
from __future__ import annotations

import shutil
import struct
import tracemalloc

import pytest

from app.model.sync import bundle, layout, relay
from tests.sync.conftest import INCIDENT


def _setup(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.svc.append(iid, "note", {"text": "架空の追記。" * 200})
    a.sync(share)
    [path] = [p for p in share.rglob("*.mdgb")]
    inbox = tmp_path / "inbox"
    (inbox / path.parent.relative_to(share)).mkdir(parents=True)
    return a, b, iid, path, inbox / path.relative_to(share)


def _rows(pc) -> int:
    return pc.store.conn.execute("SELECT count(*) FROM entries").fetchone()[0]


def _ingested(pc) -> int:
    return pc.store.conn.execute("SELECT count(*) FROM sync_ingested").fetchone()[0]


def test_damaged_files_rejected_then_whole_file_accepted(make_pc, share, tmp_path):
    a, b, iid, good_path, target = _setup(make_pc, share, tmp_path)
    good = good_path.read_bytes()
    n = len(good)
    variants = {f"truncated@{k}": good[:k] for k in sorted({1, 5, 9, 10, 11, 50, n // 3, n // 2, n - 65, n - 64,
                                                           n - 1})}
    variants["zero_length"] = b""
    variants["garbage_appended"] = good + b"\x00garbage"
    for pos in (0, 4, 7, 12, 40, n // 2, n - 70, n - 1):
        flipped = bytearray(good)
        flipped[pos] ^= 0x01
        variants[f"bitflip@{pos}"] = bytes(flipped)
    variants["absurd_header_length"] = good[:6] + struct.pack(">I", 0xFFFFFFFF) + good[10:]
    variants["header_length_past_end"] = good[:6] + struct.pack(">I", 60000) + good[10:]
    before = _rows(b)
    for label, data in variants.items():
        target.write_bytes(data)
        report = b.sync(target.parents[3], publish_own=False)
        assert len(report.rejected) == 1, label
        assert report.imported == 0 and _rows(b) == before and _ingested(b) == 0, label
    target.write_bytes(good)  # the whole file has arrived
    report = b.sync(target.parents[3], publish_own=False)
    assert report.rejected == [] and report.imported == 3
    assert b.store.incident(iid).summary == INCIDENT["summary"]


def test_memory_stays_bounded_for_huge_or_absurd_files(make_pc, share, tmp_path):
    a, b, iid, good_path, target = _setup(make_pc, share, tmp_path)
    good = good_path.read_bytes()
    target.write_bytes(good[:6] + struct.pack(">I", 0xFFFFFFFF) + good[10:])
    huge = target.with_name("e1-1-2-00000000000000ff.mdgb")
    with open(huge, "wb") as f:
        f.truncate(bundle.MAX_FILE * 4)  # sparse: 4 × the limit
    tracemalloc.start()
    report = b.sync(target.parents[3], publish_own=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sorted(r["reason"] for r in report.rejected) == ["header_too_large", "too_large"]
    assert peak < 4 * 1024 * 1024


def test_replayed_or_renamed_bundle_changes_nothing(make_pc, share, tmp_path):
    a, b, iid, good_path, target = _setup(make_pc, share, tmp_path)
    assert b.sync(share).imported == 3
    changes = b.store.conn.total_changes
    rows = _rows(b)
    # replay: the same file again, through a USB stick
    usb = tmp_path / "usb"
    relay(share, usb)
    report = b.sync(usb, publish_own=False)
    assert report.imported == 0 and report.rejected == []
    # renamed copies: other seq numbers, other hash, another device's folder
    renamed = good_path.with_name("e1-5-6-" + good_path.name.split("-")[3])
    shutil.copy(good_path, renamed)
    other = share / "devices" / "00000000-0000-7000-8000-000000000001" / "log"
    other.mkdir(parents=True)
    shutil.copy(good_path, other / good_path.name)
    shutil.copy(good_path, good_path.with_name("e1-1-2-0000000000000000.mdgb"))
    report = b.sync(share)
    assert report.imported == 0
    assert sorted(r["reason"] for r in report.rejected) == ["header_mismatch", "header_mismatch", "name_mismatch"]
    assert _rows(b) == rows
    assert b.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0
    assert b.store.conn.total_changes - changes <= 3  # only meta (share id / last run), never entries


def test_newer_format_needs_upgrade_and_is_not_ingested(make_pc, share, tmp_path):
    a, b, iid, good_path, target = _setup(make_pc, share, tmp_path)
    good = good_path.read_bytes()
    target.write_bytes(good[:4] + struct.pack(">H", 2) + good[6:])
    report = b.sync(target.parents[3], publish_own=False)
    assert report.needs_upgrade == [layout.relative(target.parents[3], target)]
    assert report.rejected[0]["reason"] == "needs_upgrade"
    assert _ingested(b) == 0 and _rows(b) == 0
    again = b.sync(target.parents[3], publish_own=False)  # still offered on the next run, never forgotten
    assert again.needs_upgrade == report.needs_upgrade


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "shift_jis", "euc_jp"])
def test_nothing_readable_on_the_share(make_pc, share, encoding):
    from app.model.sync import publish_blob
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    b.sync(share)
    b.svc.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": "架空の第二発言を記録した"})
    b.sync(share)
    publish_blob(share, a.keys, "架空の発言の録音データ".encode())
    secrets = [INCIDENT["quotes"][0]["text"], "架空の第二発言", INCIDENT["party"]["name"], "架空の事例", "区民課",
               "録音データ"]
    files = [p for p in share.rglob("*") if p.is_file()]
    assert len(files) >= 4
    for p in files:
        assert p.name.isascii() and len(p.name) <= 80
        data = p.read_bytes()
        for s in secrets:
            assert s.encode(encoding) not in data, (p.name, s)
