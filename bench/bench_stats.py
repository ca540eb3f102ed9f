"""Statistics benchmark: totals, the committee report and the CSV export over 100k incidents.

Prints a table. Not a test. The committee report's xlsx is also written with openpyxl (the previous writer)
as the baseline of the same run; issue 18's goal is the whole report at 100k in ≤ 3 s.
    python bench/bench_stats.py [--incidents 100000] [--quick]
--quick: 2,000 incidents.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.export import committee_report as cr, csv_export  # noqa: E402
from app.model import stats  # noqa: E402
from app.model.store import Store  # noqa: E402
from app.model.validation import BEHAVIOURS, CHANNELS  # noqa: E402
from app.model.ids import uuid7  # noqa: E402
from bench._quick import add_quick, parse  # noqa: E402

DEPTS = ["区民課", "保険年金課", "生活福祉課", "芝地区総合支所 区民課", "麻布地区総合支所 協働推進課"]


def fill(store: Store, n: int, rng: random.Random) -> tuple[float, int]:
    t0 = time.perf_counter()
    batch, entries = [], 0
    for i in range(n):
        iid = uuid7()
        y = 2016 + i * 10 // n  # ten 年度-ish years, about n/10 incidents a year
        at = f"{y}-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+09:00"
        batch.append((iid, "incident_created", {
            "occurred_at": at, "channel": rng.choice(CHANNELS), "department": rng.choice(DEPTS),
            "behaviours": [rng.choice(BEHAVIOURS)], "summary": f"窓口で大声を出した（架空の事例{i}）。",
            "demands": "すぐにやれ", "party": {"name": f"𠮷田 太郎{i % 5000}"}, "staff": ["港 一郎"]}, "bench", None))
        batch.append((iid, "judgement", {"result": rng.choice(("該当", "非該当", "経過観察")), "at": at}, "bench", None))
        batch.append((iid, "stop_request", {"at": at}, "bench", None))
        if i % 3:
            batch.append((iid, "closed", {"at": at.replace("T10", "T16"), "resolved": i % 3 == 1}, "bench", None))
        if len(batch) >= 20000:
            store.append_many(batch)
            entries += len(batch)
            batch = []
    store.append_many(batch)
    entries += len(batch)
    return time.perf_counter() - t0, entries


def openpyxl_baseline(report) -> bytes:
    """The report's case sheet as the previous writer made it (openpyxl write-only cells, two wrapped)."""
    import io
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("事案別")
    wrap = Alignment(wrap_text=True, vertical="top")
    for c in report.cases:
        cells = [WriteOnlyCell(ws, value=v) for v in (c.number, c.id, c.occurred_at, c.department, c.channel, c.party,
                                                       "、".join(c.behaviours), c.judgement, c.occurrence, c.handling,
                                                       c.steps, c.resolution, c.closed_at, c.days)]
        for cell in cells[8:10]:
            cell.alignment = wrap
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    add_quick(ap)
    args = parse(ap, incidents=2000)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as d:
        store = Store.create(Path(d) / "store.db", os.urandom(32))
        fill_s, entries = fill(store, args.incidents, rng)
        rows = []
        t, facts = timed(lambda: stats.collect(store))
        rows.append(("collect facts, all incidents", len(facts), t))
        t, _ = timed(lambda: stats.totals(facts))
        rows.append(("totals, all incidents", len(facts), t))
        fy = 2020
        lo, hi = stats.fiscal_year_range(fy)
        t, year = timed(lambda: stats.collect(store, lo, hi))
        rows.append((f"collect facts, one 年度 ({fy})", len(year), t))
        t, rep = timed(lambda: cr.build_committee_report(stats.collect(store, lo, hi), lo, hi, "2021-04-10",
                                                              reporter="人事課", duties=None))
        rows.append(("committee report model, one 年度 (collect+de-identify)", len(rep.cases), t))
        t, xlsx = timed(lambda: cr.render_xlsx(rep))
        rows.append((f"committee report .xlsx, one 年度 ({len(xlsx) // 1024:,} KiB)", len(rep.cases), t))
        t, everything = timed(lambda: cr.build_committee_report(facts, "2016-01-01", "2026-12-31", "2027-04-10",
                                                                 reporter="人事課", duties=None))
        rows.append(("committee report model, all incidents (de-identify)", len(everything.cases), t))
        t, xlsx_all = timed(lambda: cr.render_xlsx(everything))
        rows.append((f"committee report .xlsx, all ({len(xlsx_all) // 1024:,} KiB)", len(everything.cases), t))
        t_base, _ = timed(lambda: openpyxl_baseline(everything))
        rows.append(("  baseline: the same cells, openpyxl write-only (previous writer)", len(everything.cases), t_base))
        month = [f for f in year if f.month == "2020-06"]
        t, pdf = timed(lambda: cr.render_pdf(cr.build_committee_report(month, "2020-06-01", "2020-06-30", "2020-07-10",
                                                                                 reporter="人事課", duties=None)))
        rows.append((f"committee report .pdf, one month ({len(pdf) // 1024:,} KiB)", len(month), t))
        t, pdf_y = timed(lambda: cr.render_pdf(rep))
        rows.append((f"committee report .pdf, one 年度 ({len(pdf_y) // 1024:,} KiB)", len(rep.cases), t))
        for enc in csv_export.ENCODINGS:
            out = Path(d) / f"out-{enc}.csv"
            t, _ = timed(lambda: csv_export.write_csv(facts, out, enc))
            rows.append((f"CSV export {enc} ({out.stat().st_size // 1024:,} KiB)", len(facts), t))
        store.close()
    print(f"store: {args.incidents:,} incidents, {entries:,} entries, filled in {fill_s:.1f} s (append_many, 20k/batch)")
    print(f"{'operation':62} {'rows':>8} {'seconds':>8} {'rows/s':>10}")
    for name, n, t in rows:
        print(f"{name:62} {n:>8,} {t:>8.2f} {n / t if t else 0:>10,.0f}")


if __name__ == "__main__":
    main()
