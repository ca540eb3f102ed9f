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


ADMIN, CLERK, PASSWORD = "管理 太郎", "港 一郎", "correct-horse-7"


def init(env, department: str = "区民部/区民課/窓口係") -> dict:
    """`init --admin-user`, then a 職員 added by the admin; the env then signs in as that 職員."""
    from pathlib import Path
    pw = Path(env["MADOGUCHI_DATA_DIR"]).parent / "password.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    created = run_json(env, "init", "--admin-user", ADMIN, "--admin-password-file", str(pw))
    run_json(env, "--user", ADMIN, "--password-file", str(pw), "staff", "add", "--name", CLERK, "--role", "staff",
             "--department", department, "--password-file", str(pw))
    env.update({"MADOGUCHI_USER": CLERK, "MADOGUCHI_PASSWORD_FILE": str(pw)})
    return created
