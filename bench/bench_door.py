"""What the one door costs: checking an append (prepare_many, writes nothing) against a bare durable
store.append in the same run, for a plain fact (a quote) and for a decision (a judgement: rules, scope and
the flow engine, after the 合理的配慮の確認 it needs in the same batch). ``--quick``: fewer entries and repetitions (the same code paths)."""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from app.model import datadir, demo  # noqa: E402
from app.model.auth import Authenticator  # noqa: E402
from app.model.service import Service  # noqa: E402

T = "2025-04-01T10:02:00+09:00"
JUDGEMENT = {"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"], "rationale": "架空"}
CHECK = {"needs_accommodation": False, "harm_to_life_or_health": False, "about": "judgement"}  # comes first


def timed(f, n: int) -> tuple[float, float]:
    xs = []
    for i in range(n):
        a = time.perf_counter()
        f(i)
        xs.append((time.perf_counter() - a) * 1000)
    xs.sort()
    return statistics.median(xs), xs[max(0, int(len(xs) * .95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--entries", type=int, default=None)
    args = ap.parse_args()
    entries = args.entries or (100 if args.quick else 1000)
    n = 20 if args.quick else 100
    with tempfile.TemporaryDirectory() as tmp:
        store = datadir.init_store(pathlib.Path(tmp) / "s").store
        clerk = Service(store, demo.add_demo_staff(store, "demo-pass"))
        chief = clerk.with_actor(Authenticator(store).sign_in("デモ 課長", "demo-pass"))
        iid = clerk.create_incident({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面",
                                     "department": "区民部/区民課"})
        store.append_many([(iid, "quote", {"at": T, "text": f"架空 {i}"}, clerk.actor.author, None)
                           for i in range(entries)])
        quote = lambda i: {"at": T, "text": f"計測 {i}"}  # noqa: E731
        rows = [
            ("store.append, bare (baseline)", timed(lambda i: store.append(iid, "quote", quote(i),
                                                                           clerk.actor.author), n)),
            ("door check, quote", timed(lambda i: clerk.prepare_many(iid, [("quote", quote(i), None)]), n)),
            ("door check, accommodation_check + judgement",
             timed(lambda i: chief.prepare_many(iid, [("accommodation_check", CHECK, None),
                                                      ("judgement", JUDGEMENT, None)]), n)),
        ]
        print(f"incident with {len(store.entries(iid)):,} entries, SQLCipher, synchronous=FULL, {n} runs each")
        print(f"{'operation':44} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (p50, p95) in rows:
            print(f"{name:44} {p50:8.2f} {p95:8.2f}")
        store.close()


if __name__ == "__main__":
    main()
