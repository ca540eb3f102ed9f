"""Sync benchmark: 50 devices × 2,000 entries into a fresh replica, a run with nothing new, bytes per entry.

    python bench/bench_sync.py [--devices 50] [--entries 2000] [--quick]
--quick: 5 devices × 200 entries.

Targets (2-core machine): fresh replica ≤ 10 s, nothing new ≤ 0.3 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app.model.entry import Entry  # noqa: E402
from app.model.ids import HLCStamp, uuid7  # noqa: E402
from app.model.store import GENESIS, Store, entry_hash  # noqa: E402
from app.model.sync import create_org, join_org, read_enrollment, sync_folder  # noqa: E402
from app.model.sync.engine import build_entries_bundle  # noqa: E402
from app.model.sync.orgkeys import enroll_keys  # noqa: E402
from app.model.sync.fsops import FileOps, publish_file  # noqa: E402
from app.model.sync.layout import log_dir  # noqa: E402
from bench._quick import add_quick, parse  # noqa: E402

PER_INCIDENT = ("incident_created", "quote", "quote", "note", "closed")


class _MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.d = {}

    def get_password(self, s, u):
        return self.d.get((s, u))

    def set_password(self, s, u, p):
        self.d[(s, u)] = p

    def delete_password(self, s, u):
        self.d.pop((s, u), None)


def device_entries(n: int, base_ms: int) -> list[Entry]:
    device, prev, out, incident = uuid7(), GENESIS, [], None
    for seq in range(1, n + 1):
        kind = PER_INCIDENT[(seq - 1) % len(PER_INCIDENT)]
        if kind == "incident_created":
            incident = uuid7(base_ms + seq)
            payload = {"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "department": "区民課",
                       "summary": f"架空の事例 {seq}：証明書の交付を待つ間に大声を出した。", "party": {"name": "架空 太郎"}}
        elif kind == "quote":
            payload = {"at": "2025-04-01T10:01:00+09:00", "text": f"架空の発言 {seq} 早くしろと何度も繰り返した"}
        elif kind == "note":
            payload = {"text": "架空の補足：係長が同席した。"}
        else:
            payload = {"at": "2025-04-01T11:00:00+09:00", "outcome": "架空：説明して終了", "resolved": True, "seen": []}
        stamp = HLCStamp(base_ms + seq, 0)
        e = Entry(id=uuid7(stamp.wall_ms), incident_id=incident, device_id=device, seq=seq, hlc=stamp.encode(),
                  author="架空 職員", kind=kind, payload=payload, prev_hash=prev,
                  recorded_at="2025-04-01T10:00:00+09:00")
        e = Entry(**{**e.__dict__, "hash": entry_hash(e)})
        prev = e.hash
        out.append(e)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=50)
    ap.add_argument("--entries", type=int, default=2000)
    add_quick(ap)
    args = parse(ap, devices=5, entries=200)
    keyring.set_keyring(_MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        create_org(root / "org.enroll", "bench-passphrase")
        enrollment = read_enrollment(root / "org.enroll", "bench-passphrase")
        share = root / "share"
        share.mkdir()
        t0 = time.perf_counter()
        base = time.time_ns() // 1_000_000 - 10 ** 9
        for d in range(args.devices):
            entries = device_entries(args.entries, base + d)
            keys = enroll_keys(enrollment, device_id=entries[0].device_id)  # a device of its own (not kept)
            name, data = build_entries_bundle(entries, keys)
            publish_file(FileOps(), log_dir(share, entries[0].device_id), name, data)
        publish_s = time.perf_counter() - t0
        total = args.devices * args.entries
        share_bytes = sum(p.stat().st_size for p in share.rglob("*") if p.is_file())
        replica = Store.create(root / "replica" / "store.db", os.urandom(32))
        keys = join_org(replica, enrollment)
        t0, c0 = time.perf_counter(), time.process_time()
        r = sync_folder(replica, share, keys)
        fresh_s, fresh_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert r.imported == total and not r.rejected, (r.imported, r.rejected[:3])
        t0 = time.perf_counter()
        r2 = sync_folder(replica, share, keys)
        idle_s = time.perf_counter() - t0
        assert r2.imported == 0
        replica.close()
    rows = [
        ("build + publish bundles (all devices)", f"{publish_s:.2f} s", "—"),
        (f"fresh replica: {args.devices} × {args.entries:,} = {total:,} entries", f"{fresh_s:.2f} s",
         "≤ 10 s"),
        ("  of which CPU time", f"{fresh_cpu:.2f} s", ""),
        ("  entries per second", f"{total / fresh_s:,.0f}", ""),
        (f"sync with nothing new ({args.devices} devices)", f"{idle_s * 1000:.0f} ms", "≤ 300 ms"),
        ("bytes on the share per entry", f"{share_bytes / total:.0f} B", ""),
    ]
    w = max(len(a) for a, _, _ in rows)
    print(f"{'measure':<{w}}  {'result':>10}  target")
    for a, b, c in rows:
        print(f"{a:<{w}}  {b:>10}  {c}")


if __name__ == "__main__":
    main()
