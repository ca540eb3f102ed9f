"""Issue 13 item 6: named pipes, sockets and links on the share are skipped and reported, never opened;
sync finishes (a pipe used to hang it for good)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.model.sync import layout, relay
from tests.sync.conftest import INCIDENT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX share (ext4 stick)")
ROOT = Path(__file__).resolve().parents[2]


def test_fifo_and_socket_in_a_device_folder_are_skipped_and_reported(make_pc, share, tmp_path):
    a, b = make_pc("a"), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    a.sync(share)
    log = layout.log_dir(share, a.store.device_id)
    fifo = log / "e1-9-9-0123456789abcdef.mdgb"  # a bundle's name, so only its type gives it away
    os.mkfifo(fifo)
    sock_path = log / "e1-10-10-fedcba9876543210.mdgb"
    import tempfile
    short = tempfile.mkdtemp(prefix="s")  # AF_UNIX paths are short; a socket file can be moved after bind
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(os.path.join(short, "s"))
        os.rename(os.path.join(short, "s"), sock_path)
        (log / "e1-11-11-aaaaaaaaaaaaaaaa.mdgb").symlink_to("/dev/zero")
        report = b.sync(share)
        assert b.store.has_incident(iid) and report.imported == 2
        kinds = {s["file"].rsplit("/", 1)[-1]: s["type"] for s in report.skipped}
        assert kinds == {fifo.name: "fifo", sock_path.name: "socket", "e1-11-11-aaaaaaaaaaaaaaaa.mdgb": "link"}
        assert report.rejected == [] and report.problems == []
        from app.ui.sync_status import describe_problems  # what the status bar says
        shown = describe_problems(report.to_dict())
        assert any("名前付きパイプ" in line and fifo.name in line for line in shown)
        usb = tmp_path / "usb"
        assert relay(share, usb) and not (layout.log_dir(usb, a.store.device_id) / fifo.name).exists()
    finally:
        sock.close()
        os.rmdir(short)


def test_sync_with_a_fifo_finishes_in_a_separate_process(make_pc, share, tmp_path):
    """The real hang: run sync in a child with a deadline; before the fix it blocked in open() forever."""
    a, b = make_pc("a"), make_pc("b")
    a.svc.create_incident(INCIDENT)
    a.sync(share)
    os.mkfifo(layout.log_dir(share, a.store.device_id) / "e1-5-5-0123456789abcdef.mdgb")
    os.mkfifo(share / "devices" / "FORMAT.tmp")  # a pipe outside the device folders too
    secret = tmp_path / "keys.json"
    secret.write_text(b.keys.to_secret())
    from app.model import keys as store_keys
    key = store_keys.load_key(b.data_dir).hex()
    b.store.close()
    code = textwrap.dedent(f"""
        import json, sys
        from app.model.store import Store
        from app.model.sync import sync_folder
        from app.model.sync.orgkeys import DeviceKeys
        store = Store.open({str(b.data_dir / 'store.db')!r}, bytes.fromhex({key!r}))
        keys = DeviceKeys.from_secret(open({str(secret)!r}).read())
        r = sync_folder(store, {str(share)!r}, keys)
        print(json.dumps({{"imported": r.imported, "skipped": r.skipped}}))
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    from app.model import datadir
    b.store = datadir.open_store(b.data_dir)
    assert proc.returncode == 0, proc.stderr
    import json
    out = json.loads(proc.stdout)
    assert out["imported"] == 2 and [s["type"] for s in out["skipped"]] == ["fifo"]


def test_a_fifo_as_format_file_is_refused_not_hung(make_pc, tmp_path):
    a = make_pc("a")
    share = tmp_path / "odd-share"
    share.mkdir()
    os.mkfifo(share / "FORMAT")
    from app.model.sync import ForeignShare
    with pytest.raises(ForeignShare):
        a.sync(share)
