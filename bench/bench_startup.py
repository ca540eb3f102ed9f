"""Start-up to the first painted window: frozen bundle, from source, and a bare PySide6 window.

Needs a display (run under xvfb-run). The frozen bundle is taken from dist/madoguchi if built
(installer/build_linux.sh). Prints a table of medians over N runs.
    xvfb-run -s "-screen 0 1366x768x24" python bench/bench_startup.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def once(cmd: list[str], env: dict) -> float:
    t0 = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("FIRST_PAINT")), None)
    if line is None:
        raise RuntimeError(f"no paint from {cmd[0]}: {out[-300:]}")
    return float(line.split()[1]) - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    env = dict(os.environ, MADOGUCHI_PAINT_PROBE="1", MADOGUCHI_DATA_DIR=str(tmp / "data"),
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring", XDG_DATA_HOME=str(tmp / "xdg"))
    subprocess.run([sys.executable, "-m", "app", "init"], env=env, capture_output=True, check=True, cwd=ROOT)
    variants = {"bare PySide6 window": [sys.executable, "-c", BARE],
                "from source": [sys.executable, "-m", "app", "gui"]}
    frozen = ROOT / "dist" / "madoguchi" / "madoguchi"
    if frozen.exists():
        variants["frozen (PyInstaller)"] = [str(frozen), "--passphrase-file", str(tmp / "pass.txt"), "gui"]
        fenv = {k: v for k, v in env.items() if k != "PYTHON_KEYRING_BACKEND"}  # keyrings.alt is not bundled
        fenv["MADOGUCHI_DATA_DIR"] = str(tmp / "fdata")
        (tmp / "pass.txt").write_text("startup-bench-passphrase\n")
        subprocess.run([str(ROOT / "dist" / "madoguchi" / "madoguchi-cli"), "--passphrase-file", str(tmp / "pass.txt"),
                        "init"], env=fenv, capture_output=True, check=True)
    print("| variant | median (s) | min (s) |\n|---|---:|---:|")
    for name, cmd in variants.items():
        e = fenv if name.startswith("frozen") else env
        times = [once(cmd, e) for _ in range(args.runs)]
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} |")


if __name__ == "__main__":
    main()
