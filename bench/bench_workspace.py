"""Workspace benchmark: GUI memory (RSS) and first paint with 100k incidents, scroll and filter latency,
and a 1 GB attachment with memory staying flat. Prints a table. Fictional data; temp files deleted.

    QT_QPA_PLATFORM=offscreen python bench/bench_workspace.py [--incidents 100000] [--attach-mib 1024] [--quick]
--quick: 3,000 incidents, a 16 MiB attachment.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench._quick import add_quick, parse  # noqa: E402
from bench._staff import signed_in  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def fill(store, n: int) -> float:
    t0 = time.perf_counter()
    channels = ["対面", "電話", "訪問", "メール", "SNS"]
    deps = ["区民課", "保険年金課", "生活福祉課", "芝地区総合支所 区民課", "麻布地区総合支所 協働推進課"]
    behaviours = ["暴言、侮辱及び誹謗中傷", "長時間の拘束", "土下座の要求", "暴力行為", "威嚇及び脅迫"]
    batch = []
    for i in range(n):
        iid = f"0190{i:08d}-0000-7000-8000-000000000000"
        batch.append((iid, "incident_created", {
            "occurred_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{9 + i % 8:02d}:00:00+09:00",
            "channel": channels[i % 5], "department": deps[i % 5], "behaviours": [behaviours[i % 5]],
            "summary": f"窓口で大声を出し、繰り返し同じ要求をした（架空の事例{i}）", "party": {"name": f"架空 太郎{i % 5000}"},
            "manual_edition": "minato-r7-04"}, "港 一郎", None))
        batch.append((iid, "quote", {"at": "2025-04-01T10:01:00+09:00", "text": "土下座しろ" if i % 7 == 0 else "上司を出せ"},
                      "港 一郎", None))
        if len(batch) >= 4000:
            store.append_many(batch)
            batch = []
    if batch:
        store.append_many(batch)
    return time.perf_counter() - t0


def wait(app, cond, timeout=60.0) -> float:
    t0 = time.perf_counter()
    while not cond():
        app.processEvents()
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--attach-mib", type=int, default=1024)
    add_quick(ap)
    args = parse(ap, incidents=3000, attach_mib=16)
    from app.model import evidence
    from app.model.listing import IncidentFilter
    from app.model.service import Service
    from app.model.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-bench-ws-"))
    rows = []
    try:
        key = os.urandom(32)
        store = Store.create(tmp / "store.db", key)
        secs = fill(store, args.incidents)
        rows.append(("fill (store, not GUI)", f"{args.incidents:,} incidents", f"{secs:.1f} s"))
        store.close()
        base = rss_mib()
        from app.ui.main import make_app
        from app.ui.main_window import MainWindow
        from app.ui.store_thread import StoreThread
        app = make_app()
        store = Store.open(tmp / "store.db", key)
        clerk = signed_in(store)  # 港 一郎, 職員 (the first admin made in bootstrap mode)
        thread = StoreThread(Service(store, clerk, channel="gui"))
        t0 = time.perf_counter()
        w = MainWindow(thread)
        w.resize(1366, 768)
        w.show()
        wait(app, lambda: w.model.rowCount() > 0)
        app.processEvents()
        w.grab()
        first_paint = (time.perf_counter() - t0) * 1000
        rows.append(("first paint (list shown)", f"{w.model.total:,} rows, {w.model.rows_fetched} fetched",
                     f"{first_paint:.0f} ms"))
        lat = []
        for _ in range(min(10, (w.model.total - w.model.rowCount() + 199) // 200)):  # pages left (200 a page)
            n = w.model.rowCount()
            t = time.perf_counter()
            w.table.scrollToBottom()
            wait(app, lambda: w.model.rowCount() > n)
            app.processEvents()
            lat.append((time.perf_counter() - t) * 1000)
        rows.append((f"scroll to next page ×{len(lat)} (p50 / max)", f"{w.model.rowCount():,} rows loaded",
                     f"{statistics.median(lat):.0f} / {max(lat):.0f} ms" if lat else "—"))
        for label, f in (("filter 手段=電話", IncidentFilter(channel="電話")),
                         ("filter 迷惑行為 + 所属", IncidentFilter(behaviour="長時間の拘束", department="保険年金課")),
                         ("search 土下座 + 期間", IncidentFilter(text="土下座", period_from="2025-03-01", period_to="2025-06-30")),
                         ("sort by 所属 (header)", None)):
            t = time.perf_counter()
            gen = w.model._generation
            if f is None:
                w.model.sort(2)
            else:
                w.search.blockSignals(True)
                w.search.setText(f.text)
                w.search.blockSignals(False)
                w.model.search = f.text
                w.model.set_filter(f)
            wait(app, lambda: w.model._generation > gen and not w.model._loading)
            rows.append((label, f"{w.model.total:,} matches", f"{(time.perf_counter() - t) * 1000:.0f} ms"))
        app.processEvents()
        gui_rss = rss_mib()
        rows.append(("GUI RSS after all of the above", f"interpreter before Qt {base:.0f} MiB",
                     f"{gui_rss:.0f} MiB (limit 250)"))
        # 1 GB attachment, generated here and deleted after
        big = tmp / "video.bin"
        chunk = os.urandom(1 << 20)
        with open(big, "wb") as fh:
            for _ in range(args.attach_mib):
                fh.write(chunk)
        svc = Service(store, clerk)
        iid = store.list_incidents(limit=1)[0]["id"]
        peak = [rss_mib()]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak.append(rss_mib())
                time.sleep(0.05)

        before = rss_mib()
        sampler = threading.Thread(target=sample)
        sampler.start()
        t = time.perf_counter()
        e = evidence.attach(svc, iid, big, "video")
        secs = time.perf_counter() - t
        out = tmp / "video.out"
        t2 = time.perf_counter()
        evidence.get(svc, iid, e.payload["sha256"], out)
        secs2 = time.perf_counter() - t2
        done.set()
        sampler.join()
        rows.append((f"attach {args.attach_mib} MiB (encrypt + SHA-256)", f"{args.attach_mib / secs:.0f} MiB/s",
                     f"{secs:.1f} s"))
        rows.append(("evidence get (decrypt + verify)", f"{args.attach_mib / secs2:.0f} MiB/s", f"{secs2:.1f} s"))
        rows.append(("RSS during attach/get", f"before {before:.0f} MiB", f"peak {max(peak):.0f} MiB "
                     f"(+{max(peak) - before:.0f})"))
        big.unlink()
        out.unlink()
        w.close()
        thread.stop()
        store.close()
        _, maxrss = 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(("process max RSS (incl. fill phase)", "", f"{maxrss:.0f} MiB"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"{'measure':<{width[0]}}  {'context':<{width[1]}}  result")
    for r in rows:
        print(f"{r[0]:<{width[0]}}  {r[1]:<{width[1]}}  {r[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
