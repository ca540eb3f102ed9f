"""Render time of each document, warm (same process, fonts loaded) and cold (fresh process),
against a bare one-page reportlab document with the same body font (IPAex明朝).

    python bench/bench_documents.py [--repeat N] [--cold-runs N] [--quick]
--quick: 3 warm repeats, 1 cold run of each.
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._quick import add_quick, parse  # noqa: E402

TARGET_WARM_MS = 150
TARGET_RATIO = 3.0  # issue 15: warm 法律相談依頼書 ≤ 3× a bare page with the same font


def bare_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from app.export.fonts import BODY_FONT, register_fonts
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(BODY_FONT, 10.5)
    c.drawString(72, 760, "法律相談依頼書　令和7年6月12日　総務課長あて")
    c.showPage()
    c.save()
    return buf.getvalue()


def make(kind: str):
    if kind == "bare":
        return bare_page
    from app.export import build_fields, render
    from tests.export import incident_data as D
    from tests.export.test_documents import EXTRA
    fields = build_fields(kind, D.entries(), D.SETTINGS, **EXTRA[kind])
    return lambda: render(kind, fields, False)


KINDS = ["bare", "legal-request", "legal-report", "eviction-order", "record"]


def warm(kind: str, repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of one render (CPU time is steadier on a shared machine)."""
    fn = make(kind)
    fn()  # load fonts, first subsets
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(times), statistics.median(cpu)


def cold(kind: str) -> float:
    code = ("import time,sys;t=time.perf_counter();sys.path.insert(0,%r);"
            "from bench.bench_documents import make;make(%r)();print((time.perf_counter()-t)*1000)") % (str(ROOT), kind)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--cold-runs", type=int, default=3)
    add_quick(ap)
    a = parse(ap, repeat=3, cold_runs=1)
    rows = []
    for kind in KINDS:
        w, cpu = warm(kind, a.repeat)
        c = statistics.median(cold(kind) for _ in range(a.cold_runs))
        rows.append((kind, w, cpu, c))
    bw, bcpu, bc = rows[0][1], rows[0][2], rows[0][3]
    print(f"{'document':<16}{'warm ms':>9}{'×bare':>7}{'cpu ms':>9}{'×bare':>7}{'cold ms':>9}{'×bare':>7}"
          f"  target warm≤{TARGET_WARM_MS}ms, cpu ≤{TARGET_RATIO}× bare")
    for kind, w, cpu, c in rows:
        ok = "" if kind == "bare" else ("ok" if w <= TARGET_WARM_MS and cpu / bcpu <= TARGET_RATIO else "MISS")
        print(f"{kind:<16}{w:>9.1f}{w / bw:>7.2f}{cpu:>9.1f}{cpu / bcpu:>7.2f}{c:>9.1f}{c / bc:>7.2f}  {ok}")


if __name__ == "__main__":
    main()
