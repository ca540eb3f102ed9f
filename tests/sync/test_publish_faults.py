"""1. The share vanishes, or the process is killed, at each publish step: after a retry the bundle takes
effect exactly once, and no final name ever holds a partial file."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.model import keys as store_keys
from app.model.sync import bundle, layout
from app.model.sync.fsops import FileOps, publish_file, retry
from tests.sync.conftest import INCIDENT
from tests.sync.faults import STEPS, FailAt

ROOT = Path(__file__).resolve().parents[2]


def final_files(share: Path) -> list[Path]:
    return [p for p in share.rglob("*") if p.is_file() and layout.BundleName.parse(p.name)]


def assert_no_partial_final(share: Path, keys) -> None:
    for p in final_files(share):
        bundle.open_bundle(p.read_bytes(), keys)  # raises on a partial file


def assert_exactly_once(a, b, share, iid) -> None:
    report = b.sync(share)
    assert report.rejected == []
    rows = b.store.conn.execute("SELECT count(*), count(DISTINCT id) FROM entries WHERE incident_id = ?",
                                (iid,)).fetchone()
    assert rows == (2, 2)
    assert b.store.incident(iid).quotes[0]["text"] == INCIDENT["quotes"][0]["text"]


@pytest.mark.parametrize("step", STEPS)
def test_share_vanishes_at_each_step(make_pc, share, step):
    a, b = make_pc("a"), make_pc("b")
    a.sync(share)  # the share's FORMAT file exists; what fails below is publishing a bundle
    iid = a.svc.create_incident(INCIDENT)
    first = a.sync(share, ops=FailAt(step))
    assert_no_partial_final(share, a.keys)
    if step in ("unlink", "fsync_dir"):
        assert first.problems == [] or first.problems[0]["step"] == "publish"
    else:
        assert first.problems and first.problems[0]["step"] == "publish"
        assert first.pending == 2  # not recorded as published
    second = a.sync(share)
    assert second.pending == 0 and second.problems == []
    assert_no_partial_final(share, a.keys)
    assert not [p for p in share.rglob(".tmp-*")]  # own leftovers cleared
    assert_exactly_once(a, b, share, iid)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("step", STEPS + ("record",))
def test_killed_at_each_step(make_pc, share, step, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    a.sync(share)
    iid = a.svc.create_incident(INCIDENT)
    key = store_keys.load_key(a.data_dir)
    secret = tmp_path / "device.secret"
    secret.write_text(a.keys.to_secret())
    a.store.close()
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("kill_publisher.py")),
                           str(a.data_dir / "store.db"), key.hex(), str(secret), str(share), step],
                          cwd=ROOT, capture_output=True, timeout=60)
    secret.unlink()
    assert proc.returncode == -9, proc.stderr.decode()
    from app.model import datadir
    a.store = datadir.open_store(a.data_dir)
    assert_no_partial_final(share, a.keys)
    again = a.sync(share)
    assert again.pending == 0 and again.problems == []
    assert_no_partial_final(share, a.keys)
    assert_exactly_once(a, b, share, iid)


def test_sharing_violation_is_retried(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    ops = FailAt("link", PermissionError(errno.EACCES, "in use by antivirus"), times=3)
    report = a.sync(share, ops=ops)
    assert report.problems == [] and report.pending == 0 and ops.left == 0
    assert_exactly_once(a, b, share, iid)


def test_retry_gives_up_on_non_transient_errors():
    calls = []

    def vanish():
        calls.append(1)
        raise OSError(errno.ENOENT, "gone")

    with pytest.raises(OSError):
        retry(vanish, sleep=lambda s: None)
    assert len(calls) == 1


def test_existing_name_is_never_replaced(tmp_path):
    publish_file(FileOps(), tmp_path, "e1-1-1-0123456789abcdef.mdgb", b"first")
    publish_file(FileOps(), tmp_path, "e1-1-1-0123456789abcdef.mdgb", b"first")  # same bytes: fine
    with pytest.raises(Exception):
        publish_file(FileOps(), tmp_path, "e1-1-1-0123456789abcdef.mdgb", b"other")
    assert (tmp_path / "e1-1-1-0123456789abcdef.mdgb").read_bytes() == b"first"
