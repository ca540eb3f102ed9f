"""Run every bench in --quick mode, one after another, each in its own process with a timeout; print their tables.

Exits 1 if a bench crashed (non-zero exit) or timed out, never because of the figures it printed: the point
is that a bench cannot rot unnoticed (CI runs this after the tests, .ci/run).
    python bench/run_quick.py [--timeout 180] [NAME …]      e.g. NAME = store or bench_store.py
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def benches(names: list[str]) -> list[Path]:
    found = sorted(BENCH.glob("bench_*.py"))
    if not names:
        return found
    wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
    picked = [p for p in found if p.stem.removeprefix("bench_") in wanted]
    missing = wanted - {p.stem.removeprefix("bench_") for p in picked}
    if missing:
        raise SystemExit(f"no such bench: {', '.join(sorted(missing))}")
    return picked


def run(path: Path, timeout: float, env: dict) -> tuple[str, float, str, str]:
    """(status, seconds, stdout, stderr) of one bench. The bench runs in its own process group, so on a timeout
    the processes it started (the start-up bench starts the app) are ended with it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(path), "--quick"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = "ok" if proc.returncode == 0 else f"crashed (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        status = f"timed out after {timeout:.0f} s"
    return status, time.perf_counter() - t0, out, err


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds per bench (quick mode aims at < 60 s)")
    ap.add_argument("names", nargs="*", help="only these benches (default: all bench/bench_*.py)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    summary = []
    for path in benches(args.names):
        print(f"\n=== {path.name} --quick", flush=True)
        status, secs, out, err = run(path, args.timeout, env)
        sys.stdout.write(out if out.endswith("\n") or not out else out + "\n")
        if status != "ok":
            print(f"--- {path.name}: {status}; end of its stderr:")
            print("\n".join(err.rstrip().splitlines()[-40:]))
        print(f"=== {path.name}: {status}, {secs:.1f} s", flush=True)
        summary.append((path.name, status, secs))
    width = max(len(n) for n, _, _ in summary)
    print(f"\n{'bench (--quick)':<{width}}  {'seconds':>7}  result")
    for name, status, secs in summary:
        print(f"{name:<{width}}  {secs:>7.1f}  {status}")
    failed = [n for n, s, _ in summary if s != "ok"]
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
        return 1
    print(f"\nall {len(summary)} benches ran (figures are printed, not judged)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
