"""Start-up to the first painted window: frozen bundle, from source, and a bare PySide6 window.

The store is made first with `init --admin-user` (the first システム管理者 and a password file), so the app
opens straight to its locked main window (sign-in) instead of asking for a first administrator in a modal
dialog, which nobody would answer here. Runs under a display (xvfb-run) or QT_QPA_PLATFORM=offscreen. The
frozen bundle is taken from dist/madoguchi if built (installer/build_linux.sh). Prints a table of medians
over N runs.
    xvfb-run -s "-screen 0 1366x768x24" python bench/bench_startup.py [--runs 5] [--incidents 0,20000] [--quick]
--incidents: store sizes to start with (each filled through the model API, two entries an incident); the
from-source start is measured at each, to show that opening does not grow with the store.
--quick: 3 runs of each, an empty store and one of 2,000 incidents.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._quick import add_quick, parse  # noqa: E402

ADMIN, PASSWORD = "ベンチ 管理者", "startup-bench-admin-7"  # fictional, throw-away store
BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class P(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Paint:
            print(f"FIRST_PAINT {time.time():.6f}", flush=True); o.removeEventFilter(self); QTimer.singleShot(0, app.quit)
        return False
app = QApplication(sys.argv); w = QMainWindow(); p = P(); w.installEventFilter(p); w.resize(1280, 720); w.show(); app.exec()
"""

# Adds N fictional incidents (two entries each) to the store of MADOGUCHI_DATA_DIR, through the model API.
FILL = """
import os, sys
from pathlib import Path
from app.model import datadir
store = datadir.open_store(Path(os.environ["MADOGUCHI_DATA_DIR"]))
n = int(sys.argv[1]); base = store.count_incidents(); batch = []
for i in range(base, base + n):
    iid = f"0190{i:08d}-0000-7000-8000-000000000000"
    batch.append((iid, "incident_created", {"occurred_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+09:00",
                  "channel": "対面", "summary": f"窓口で大声を出した（架空の事例{i}）"}, "港 一郎", None))
    batch.append((iid, "quote", {"at": "2025-04-01T10:01:00+09:00", "text": "いつまで待たせるんだ"}, "港 一郎", None))
    if len(batch) >= 10000:
        store.append_many(batch); batch = []
if batch:
    store.append_many(batch)
store.close()
"""


def once(cmd: list[str], env: dict, timeout: float) -> float:
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("FIRST_PAINT")), None)
    if line is None:
        raise RuntimeError(f"no paint from {cmd[0]} (exit {r.returncode}): {r.stdout[-300:]} {r.stderr[-500:]}")
    return float(line.split()[1]) - t0


def init(cmd: list[str], env: dict, timeout: float) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
    if r.returncode:
        raise RuntimeError(f"{' '.join(cmd[-5:])} failed ({r.returncode}): {r.stderr[-500:]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--incidents", default="0,20000", help="comma-separated store sizes")
    add_quick(ap)
    args = parse(ap, runs=3, incidents="0,2000")
    timeout = 60 if args.quick else 120
    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-bench-startup-"))
    (tmp / "tmp").mkdir()
    (tmp / "admin.txt").write_text(PASSWORD + "\n")
    # TMPDIR: the single-instance socket lives there, so an app someone else runs is not brought to the front.
    env = dict(os.environ, MADOGUCHI_PAINT_PROBE="1", MADOGUCHI_DATA_DIR=str(tmp / "data"), TMPDIR=str(tmp / "tmp"),
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring", XDG_DATA_HOME=str(tmp / "xdg"),
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    admin = ["--admin-user", ADMIN, "--admin-password-file", str(tmp / "admin.txt")]
    try:
        run(args, tmp, env, admin, timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path, env: dict, admin: list[str], timeout: float) -> None:
    init([sys.executable, "-m", "app", "init", *admin], env, timeout)
    variants = {"bare PySide6 window": [sys.executable, "-c", BARE],
                "from source": [sys.executable, "-m", "app", "gui"]}
    frozen = ROOT / "dist" / "madoguchi" / "madoguchi"
    if frozen.exists():
        variants["frozen (PyInstaller)"] = [str(frozen), "--passphrase-file", str(tmp / "pass.txt"), "gui"]
        fenv = {k: v for k, v in env.items() if k != "PYTHON_KEYRING_BACKEND"}  # keyrings.alt is not bundled
        fenv["MADOGUCHI_DATA_DIR"] = str(tmp / "fdata")
        (tmp / "pass.txt").write_text("startup-bench-passphrase\n")
        init([str(ROOT / "dist" / "madoguchi" / "madoguchi-cli"), "--passphrase-file", str(tmp / "pass.txt"),
              "init", *admin], fenv, timeout)
    results = {}
    for name, cmd in variants.items():
        e = fenv if name.startswith("frozen") else env
        results[name] = [once(cmd, e, timeout) for _ in range(args.runs)]
    filled = 0
    for size in sorted(int(n) for n in args.incidents.split(",") if n.strip()):
        if size == 0:
            continue
        subprocess.run([sys.executable, "-c", FILL, str(size - filled)], env=env, cwd=ROOT, check=True,
                       timeout=3600)
        filled = size
        results[f"from source, {size:,} incidents"] = [once(variants["from source"], env, timeout)
                                                       for _ in range(args.runs)]
    bare = statistics.median(results["bare PySide6 window"])
    print("| variant | median (s) | min (s) | × bare | goal |\n|---|---:|---:|---:|---:|")
    for name, times in results.items():
        goal = "≤ 1.5×" if name.startswith("from source") else ""
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | "
              f"{statistics.median(times) / bare:.1f} | {goal} |")


if __name__ == "__main__":
    main()
