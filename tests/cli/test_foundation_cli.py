"""The foundation's 'done when' items, through the real CLI in subprocesses."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3  # only to prove the file is NOT readable as plain SQLite
from pathlib import Path

import pytest

from tests.cli.helpers import init, run, run_json
from tests.conftest import SAMPLE

MARKER = "土下座しろと言った鬱陶しい合言葉ＺＱ７"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add(env, quote: str = MARKER) -> str:
    data = dict(SAMPLE, quotes=[{"at": "2025-04-01T10:01:00+09:00", "text": quote}])
    return run_json(env, "incident", "add", "--json", "-", stdin=json.dumps(data, ensure_ascii=False))["id"]


def test_quote_is_nowhere_in_plaintext(cli_env, tmp_path):
    init(cli_env)
    _add(cli_env)
    from app.model import datadir
    import keyring
    from keyrings.alt.file import PlaintextKeyring
    os.environ["XDG_DATA_HOME"] = cli_env["XDG_DATA_HOME"]  # read the same keyring file as the CLI did
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        holder = datadir.open_store(tmp_path / "data")  # a reader keeps the WAL on disk while we look
        holder.append(holder.list_incidents()[0]["id"], "quote", {"text": MARKER + "（二回目）"}, "港 一郎")
        files = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert "store.db-wal" in names, names
        needles = [MARKER.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
        for path in files:
            blob = path.read_bytes()
            for needle in needles:
                assert needle not in blob, f"plaintext found in {path.name}"
        holder.close()
    finally:
        keyring.set_keyring(previous)
        os.environ.pop("XDG_DATA_HOME", None)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "data" / "store.db").execute("select * from sqlite_master").fetchall()


class CliKeyring:
    """keyrings.alt's file backend, pointed at the same file the CLI subprocesses use."""

    def __init__(self, env, monkeypatch):
        from keyrings.alt.file import PlaintextKeyring
        monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
        self.backend = PlaintextKeyring()

    def set(self, store_id: str, value: str) -> None:
        self.backend.set_password("madoguchi", f"store-key:{store_id}", value)

    def delete(self, store_id: str) -> None:
        self.backend.delete_password("madoguchi", f"store-key:{store_id}")


def test_missing_or_altered_key_then_recover_and_restore(cli_env, tmp_path, monkeypatch):
    init_out = init(cli_env)
    recovery_key, store_id = init_out["recovery_key"], init_out["store_id"]
    incident_id = _add(cli_env)
    db = tmp_path / "data" / "store.db"
    before_show = run_json(cli_env, "incident", "show", incident_id)
    run_json(cli_env, "backup", "--out", str(tmp_path / "backup.mdg"))
    kr = CliKeyring(cli_env, monkeypatch)
    digest = _sha(db)

    # altered: a different 256-bit key in the keyring
    kr.set(store_id, os.urandom(32).hex())
    proc = run(cli_env, "incident", "list", check=False)
    assert proc.returncode == 3
    assert "鍵" in proc.stderr and "key" in proc.stderr
    assert _sha(db) == digest

    # deleted
    kr.delete(store_id)
    proc = run(cli_env, "incident", "list", check=False)
    assert proc.returncode == 3
    assert "復旧キー" in proc.stderr and "recover" in proc.stderr
    assert _sha(db) == digest
    assert not list((tmp_path / "data").glob("*.creating-*"))

    # init must refuse to create a new store over the existing one
    proc = run(cli_env, "init", check=False)
    assert proc.returncode != 0
    assert _sha(db) == digest

    # a wrong recovery key is refused; the right one restores access
    (tmp_path / "wrong.txt").write_text(recovery_key[:-3] + "AAA")
    assert run(cli_env, "recover", "--recovery-key-file", str(tmp_path / "wrong.txt"), check=False).returncode != 0
    (tmp_path / "rk.txt").write_text(recovery_key + "\n")
    assert run_json(cli_env, "recover", "--recovery-key-file", str(tmp_path / "rk.txt"))["recovered"]
    assert run_json(cli_env, "incident", "show", incident_id)["entries"] == before_show["entries"]

    # restore the backup into a second data folder (another PC: empty keyring too)
    env2 = dict(cli_env, MADOGUCHI_DATA_DIR=str(tmp_path / "data2"), XDG_DATA_HOME=str(tmp_path / "xdg2"))
    run_json(env2, "restore", str(tmp_path / "backup.mdg"), "--recovery-key-file", str(tmp_path / "rk.txt"))
    restored = run_json(env2, "incident", "show", incident_id)
    assert restored["incident"] == before_show["incident"]
    assert restored["entries"] == before_show["entries"]
    assert run_json(env2, "verify")["ok"]
    # restoring again over it is refused
    proc = run(env2, "restore", str(tmp_path / "backup.mdg"), "--recovery-key-file", str(tmp_path / "rk.txt"),
               check=False)
    assert proc.returncode != 0


def test_json_errors_and_exit_codes(cli_env):
    init(cli_env)
    proc = run(cli_env, "incident", "add", "--json", "-", stdin='{"channel": 5}', check=False)
    assert proc.returncode == 2
    err = json.loads(proc.stderr.splitlines()[0])
    assert err["error"] == "invalid_input"
    proc = run(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(dict(SAMPLE, colour="red")), check=False)
    assert proc.returncode == 2 and json.loads(proc.stderr.splitlines()[0])["field"] == "colour"
    assert run_json(cli_env, "incident", "list")["total"] == 0
    proc = run(cli_env, "entry", "add", "no-such-id", "--kind", "note", "--json", "-", stdin='{"text": "x"}',
               check=False)
    assert proc.returncode == 7
