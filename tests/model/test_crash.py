"""A writer killed with SIGKILL at 50 random moments never loses a committed entry or breaks verify."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.model.store import Store
from app.model.verify import verify

WRITER = Path(__file__).with_name("crash_writer.py")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_at_random_moments(tmp_path):
    key = os.urandom(32)
    db = tmp_path / "store.db"
    store = Store.create(db, key)
    incident = "01900000-0000-7000-8000-0000000000aa"
    store.append(incident, "incident_created", {"summary": "強制終了の試験"}, "港 一郎")
    store.close()
    rng = random.Random(20251130)
    reported: set[str] = set()
    root = Path(__file__).resolve().parents[2]
    # the writer must import this checkout's app, not whichever one the venv has installed
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    for _ in range(50):
        proc = subprocess.Popen([sys.executable, str(WRITER), str(db), key.hex(), incident],
                                stdout=subprocess.PIPE, text=True, cwd=root, env=env)
        time.sleep(rng.uniform(0.25, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        reported.update(line for line in out.splitlines() if len(line) == 36)
        reopened = Store.open(db, key)
        report = verify(reopened)
        assert report["ok"], report["problems"]
        have = {e.id for e in reopened.entries(incident)}
        missing = reported - have
        assert not missing, f"{len(missing)} committed entries lost"
        reopened.close()
    assert len(reported) > 100
