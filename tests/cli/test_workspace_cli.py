"""attach / evidence get / incident show over a real store, through the CLI."""
from __future__ import annotations

import hashlib
import json

from tests.cli.helpers import init, run, run_json
from tests.conftest import SAMPLE


def test_attach_show_and_get(cli_env, tmp_path):
    init(cli_env)
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE))["id"]
    f = tmp_path / "録音.wav"
    f.write_bytes(b"RIFF" + bytes(range(256)) * 300)
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    out = run_json(cli_env, "attach", iid, str(f), "--kind", "audio")
    assert out["sha256"] == sha
    shown = run_json(cli_env, "incident", "show", iid)
    assert shown["evidence"] == [{"sha256": sha, "kind": "audio", "filename": "録音.wav", "size": f.stat().st_size}]
    target = tmp_path / "copy.wav"
    run_json(cli_env, "evidence", "get", iid, sha, "--out", str(target))
    assert target.read_bytes() == f.read_bytes()
    again = run(cli_env, "evidence", "get", iid, sha, "--out", str(target), check=False)
    assert again.returncode == 5
    bad = run(cli_env, "attach", iid, str(tmp_path / "missing.png"), check=False)
    assert bad.returncode == 2
