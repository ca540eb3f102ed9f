"""Killing the app mid-wizard (SIGKILL) and starting it again resumes at the same step with the values."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.model.service import Service
from app.model.store import Store

SCRIPT = Path(__file__).with_name("wizard_resume_script.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_mid_wizard_resumes_at_the_same_step(tmp_path):
    key = os.urandom(32)
    db = tmp_path / "store.db"
    store = Store.create(db, key)
    from tests.people import add_people
    iid = Service(store, add_people(store)["staff"]).create_incident({
        "occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "summary": "窓口で大声を出した（架空）"})
    store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = [sys.executable, str(SCRIPT), str(db), key.hex(), iid]
    proc = subprocess.Popen(args + ["enter"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=ROOT, env=env)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    out = subprocess.run(args + ["show"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert shown["step"] == "confirm_facts"
    assert shown["values"]["who"] == "架空の来庁者"
    assert shown["values"]["what"] == "交付の遅れへの苦情"
    assert shown["values"]["when"] == ""
    reopened = Store.open(db, key)
    assert [p.payload["step"] for p in reopened.entries(iid) if p.kind == "step_done"] == ["identify_demand"]
    reopened.close()
