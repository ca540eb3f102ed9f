from __future__ import annotations

import json
import subprocess
import sys


def run(env, *args, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def run_json(env, *args, stdin: str | None = None):
    return json.loads(run(env, *args, stdin=stdin).stdout)
