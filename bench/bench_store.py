"""Store benchmark: 100k incidents / 1M entries on SQLCipher vs the same schema on plain sqlite3.

Prints a table: each measure on plain sqlite3 (the baseline, same code and schema), on SQLCipher, their
ratio, and the goal of issue 18 where it sets one. Searches go through ``Store.page`` (count + first page,
as the list shows them). The durable insert is also measured as a bare INSERT + COMMIT into a one-column
table of the same file (the floor). Not a test: figures go into the closing note.
    python bench/bench_store.py [--incidents 100000] [--entries-per-incident 10] [--quick]
--quick: 2,000 incidents.
"""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlcipher3  # noqa: E402

from app.model import db as dbmod  # noqa: E402
from app.model.store import Store  # noqa: E402
from bench._quick import add_quick, parse  # noqa: E402

WORDS = ["土下座しろ", "馬鹿野郎", "上司を出せ", "SNSに投稿するぞ", "いつまで待たせるんだ", "区長に会わせろ", "賠償しろ",
         "お前をクビにできるんだぞ", "納得できるまで帰らない", "ふざけるな"]
FILL = "窓口で大声を出し、職員に対して繰り返し同じ要求をした。"


def plain_connect(path: Path, key: bytes):
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    dbmod._tune(conn)
    return conn


def make_store(path: Path, plain: bool) -> Store:
    key = os.urandom(32)
    if not plain:
        return Store.create(path, key)
    # The same schema and code on plain sqlite3: swap the module for this store only.
    orig_connect = sqlcipher3.connect
    orig_key = dbmod._apply_key
    sqlcipher3.connect = lambda database, **kw: sqlite3.connect(database, **kw)  # type: ignore[assignment]
    dbmod._apply_key = lambda conn, key: None  # type: ignore[assignment]
    try:
        return Store.create(path, key)
    finally:
        sqlcipher3.connect = orig_connect
        dbmod._apply_key = orig_key


def fill(store: Store, incidents: int, per: int, rng: random.Random) -> float:
    t0 = time.perf_counter()
    batch = []
    for i in range(incidents):
        iid = f"0190{i:08d}-0000-7000-8000-000000000000"
        day = 1 + i % 28
        batch.append((iid, "incident_created", {
            "occurred_at": f"2025-{1 + i % 12:02d}-{day:02d}T10:00:00+09:00", "channel": "対面",
            "summary": FILL + f"（事例{i}）", "party": {"name": f"架空 太郎{i}"}}, "港 一郎", None))
        for n in range(per - 1):
            batch.append((iid, "quote", {"at": "2025-04-01T10:01:00+09:00",
                                         "text": f"{rng.choice(WORDS)}、{FILL}{n}"}, "港 一郎", None))
        if len(batch) >= 5000:
            store.append_many(batch)
            batch = []
    if batch:
        store.append_many(batch)
    return time.perf_counter() - t0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


GOALS = {  # issue 18 (ms), for SQLCipher at 100k incidents
    "open store (ms)": 1.0,
    "search ≥3 chars p95 (ms)": 30.0,
    "search 2 chars p95 (ms)": 30.0,
    "search 1 char p95 (ms)": 30.0,
    "durable insert p95 (ms)": 2.0,
}


def _timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def measure(store: Store, rng: random.Random, incidents: int, reopen) -> tuple[dict, Store]:
    out = {}
    store.close()
    opens = []
    for _ in range(5):
        t = time.perf_counter()
        store = reopen()
        opens.append(time.perf_counter() - t)
        if len(opens) < 5:
            store.close()
    out["open store (ms)"] = pct(opens, 50)
    t = time.perf_counter()
    store.page(limit=200)
    out["first page cold (ms)"] = (time.perf_counter() - t) * 1000
    out["first page + count warm p50 (ms)"] = pct(_timed(lambda: store.page(limit=200), 30), 50)
    for label, queries in (("search ≥3 chars", WORDS + ["事例123", "太郎4567", "クビに"]),
                           ("search 2 chars", ["土下", "馬鹿", "賠償"]),
                           ("search 1 char", ["座", "馬", "賠"])):
        times = _timed(lambda: store.page(rng.choice(queries), limit=200), 40)
        out[f"{label} p50 (ms)"] = pct(times, 50)
        out[f"{label} p95 (ms)"] = pct(times, 95)
    out["incidents matching 土下座しろ"] = store.count_incidents("土下座しろ") * 1e-3  # printed ×1000 below
    times = []
    live = f"0190{rng.randrange(incidents):08d}-0000-7000-8000-000000000000"  # the incident being worked on
    for n in range(100):
        iid = live if n % 2 else f"0190{rng.randrange(incidents):08d}-0000-7000-8000-000000000000"
        t = time.perf_counter()
        store.append(iid, "quote", {"text": f"追加の発言{n}"}, "港 一郎")
        times.append(time.perf_counter() - t)
    out["durable insert p50 (ms)"] = pct(times, 50)
    out["durable insert p95 (ms)"] = pct(times, 95)
    out["WAL pages per append (live incident)"] = wal_pages(store, lambda n: store.append(
        live, "quote", {"text": f"追加の発言{n}"}, "港 一郎"))
    store.conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (x TEXT)")

    def bare(_n=0):
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("INSERT INTO bench_floor VALUES ('追加の発言')")
        store.conn.execute("COMMIT")
    times = _timed(bare, 100)
    out["floor: bare INSERT+COMMIT p95 (ms)"] = pct(times, 95)
    out["floor: WAL pages per bare INSERT"] = wal_pages(store, bare)
    return out, store


def wal_pages(store: Store, write, n: int = 50) -> float:
    """WAL frames written per call of ``write`` (automatic checkpoints off meanwhile)."""
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        for i in range(n):
            write(i)
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
        size = Path(str(store.path) + "-wal").stat().st_size
    finally:
        conn.execute("PRAGMA wal_autocheckpoint = 1000")
    return (size - 32) / (page + 24) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--entries-per-incident", type=int, default=10)
    add_quick(ap)
    args = parse(ap, incidents=2000)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, plain in (("sqlite3", True), ("SQLCipher", False)):
            rng = random.Random(1)
            path = Path(tmp) / f"{name}.db"
            store = make_store(path, plain)
            key = store._key
            secs = fill(store, args.incidents, args.entries_per_incident, rng)
            total = args.incidents * args.entries_per_incident
            r = {"bulk fill (entries/s)": total / secs}
            m, store = measure(store, rng, args.incidents, lambda: reopen(path, key, plain))
            r.update(m)
            results[name] = r
            store.close()
    print(f"\n{args.incidents:,} incidents, {args.incidents * args.entries_per_incident:,} entries\n")
    print("| measure | sqlite3 (baseline) | SQLCipher (now) | ratio | goal (issue 18) |\n|---|---:|---:|---:|---:|")
    for k in results["sqlite3"]:
        a, b = results["sqlite3"][k], results["SQLCipher"][k]
        ratio = (a / b) if "entries/s" in k else (b / a if a else float("nan"))
        if k.startswith("incidents matching"):
            print(f"| {k} | {a * 1000:,.0f} | {b * 1000:,.0f} | | |")
            continue
        goal = GOALS.get(k)
        print(f"| {k} | {a:,.2f} | {b:,.2f} | {ratio:.2f} | {f'≤ {goal:g}' if goal else ''} |")
    floor = results["SQLCipher"]["floor: bare INSERT+COMMIT p95 (ms)"]
    print(f"\ndurable insert p95 / its floor (bare INSERT+COMMIT, SQLCipher): "
          f"{results['SQLCipher']['durable insert p95 (ms)'] / floor:.1f}×")


def reopen(path: Path, key: bytes, plain: bool) -> Store:
    if not plain:
        return Store.open(path, key)
    orig_connect, orig_key = sqlcipher3.connect, dbmod._apply_key
    sqlcipher3.connect = lambda database, **kw: sqlite3.connect(database, **kw)  # type: ignore[assignment]
    dbmod._apply_key = lambda conn, key: None  # type: ignore[assignment]
    try:
        return Store.open(path, key)
    finally:
        sqlcipher3.connect, dbmod._apply_key = orig_connect, orig_key


if __name__ == "__main__":
    main()
