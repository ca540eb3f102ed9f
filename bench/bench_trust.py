"""Trust benchmark: what signed authorship and the rooted directory cost, against an organisation without a
root (no signature checks) in the same run.

    python bench/bench_trust.py [--incidents 400] [--quick]
--quick: 40 incidents (4 entries each).

Measured: a fresh PC taking in one PC's entries (sync), `verify` on it, and a password sign-in (argon2id with
the production parameters: the key record's unwrap, against the PIN hash check of the same cost).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring  # noqa: E402

from app.model import datadir, passwords, signing  # noqa: E402
from app.model.actor import Actor  # noqa: E402
from app.model.auth import Authenticator  # noqa: E402
from app.model.service import Service  # noqa: E402
from app.model.sync import create_org, join, read_enrollment, sync_folder  # noqa: E402
from app.model.verify import verify  # noqa: E402
from bench._quick import add_quick, parse  # noqa: E402
from bench.bench_sync import _MemoryKeyring  # noqa: E402

ADMIN, CLERK, PASSWORD, PASSPHRASE = "架空 管理者", "架空 職員", "bench-password-1", "bench-passphrase"
INCIDENT = {"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "department": "区民部/区民課/窓口係",
            "summary": "架空の事例：窓口で大声を出した。", "party": {"name": "架空 太郎"},
            "quotes": [{"at": "2025-04-01T10:01:00+09:00", "text": "架空の発言"}]}


def scenario(root: Path, rooted: bool, incidents: int) -> dict:
    root.mkdir(parents=True)
    enroll = root / "org.enroll"
    create_org(enroll, PASSPHRASE, {"name": ADMIN, "password": PASSWORD} if rooted else None)
    enrollment = read_enrollment(enroll, PASSPHRASE)
    writer = datadir.init_store(root / "writer").store
    keys = join(writer, enrollment)
    if not rooted:
        Service(writer, Actor.bootstrap()).add_staff(ADMIN, ["sysadmin"], PASSWORD)
    Service(writer, Authenticator(writer).sign_in(ADMIN, PASSWORD)).add_staff(
        CLERK, ["staff"], PASSWORD, "区民部/区民課/窓口係")
    clerk = Service(writer, Authenticator(writer).sign_in(CLERK, PASSWORD))
    for _ in range(incidents):
        iid = clerk.create_incident(INCIDENT)
        clerk.append(iid, "note", {"text": "架空の補足"})
        clerk.append(iid, "stop_request", {"at": "2025-04-01T10:02:00+09:00", "phrase": "お控えください"})
    share = root / "share"
    share.mkdir()
    sync_folder(writer, share, keys)
    replica = datadir.init_store(root / "replica").store
    rkeys = join(replica, enrollment)
    t0 = time.perf_counter()
    report = sync_folder(replica, share, rkeys)
    ingest = time.perf_counter() - t0
    assert not report.refused and not report.rejected, (report.refused[:3], report.rejected[:3])
    t0 = time.perf_counter()
    v = verify(replica)
    verify_s = time.perf_counter() - t0
    assert v["ok"], v["problems"][:3]
    t0 = time.perf_counter()
    Authenticator(replica).sign_in(CLERK, PASSWORD) if rooted else Authenticator(writer).sign_in(CLERK, PASSWORD)
    sign_in_s = time.perf_counter() - t0
    out = {"entries": report.imported, "ingest": ingest, "verify": verify_s, "sign_in": sign_in_s}
    writer.close()
    replica.close()
    signing.forget_all()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=400)
    add_quick(ap)
    args = parse(ap, incidents=40)
    keyring.set_keyring(_MemoryKeyring())
    print(f"argon2id: t={passwords.HASHER.time_cost}, m={passwords.HASHER.memory_cost} KiB, "
          f"p={passwords.HASHER.parallelism}")
    with tempfile.TemporaryDirectory() as tmp:
        base = scenario(Path(tmp) / "plain", False, args.incidents)
        trust = scenario(Path(tmp) / "rooted", True, args.incidents)
    rows = [
        (f"fresh PC takes in {trust['entries']:,} entries (sync)", base["ingest"], trust["ingest"], "s"),
        ("verify on that PC", base["verify"], trust["verify"], "s"),
        ("password sign-in (argon2id)", base["sign_in"], trust["sign_in"], "s"),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'no root':>9}  {'rooted':>9}  ratio")
    for name, a, b, unit in rows:
        print(f"{name:<{w}}  {a:>8.2f}{unit}  {b:>8.2f}{unit}  {b / a if a else float('nan'):.2f}×")


if __name__ == "__main__":
    main()
