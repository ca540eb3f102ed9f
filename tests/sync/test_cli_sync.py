"""`madoguchi org create|join` and `madoguchi sync --folder` as subprocesses (keyrings.alt backend)."""
from __future__ import annotations

import json

from tests.cli.helpers import init, run, run_json
from tests.conftest import SAMPLE


def test_cli_org_and_sync(tmp_path, cli_env):
    pw = tmp_path / "pw.txt"
    pw.write_text("架空のパスフレーズ123\n", encoding="utf-8")
    enroll = tmp_path / "org.enroll"
    org = run_json(cli_env, "org", "create", "--out", str(enroll), "--passphrase-file", str(pw))
    assert org["epoch"] == 1
    assert run(cli_env, "org", "create", "--out", str(enroll), "--passphrase-file", str(pw), check=False).returncode == 5
    share = tmp_path / "share"
    share.mkdir()
    envs = []
    for name in ("a", "b"):
        env = dict(cli_env, MADOGUCHI_DATA_DIR=str(tmp_path / f"data-{name}"))
        init(env)  # an admin and a 職員 on each PC (their directory and audit entries sync too)
        joined = run_json(env, "org", "join", str(enroll), "--passphrase-file", str(pw))
        assert joined["org_id"] == org["org_id"]
        envs.append(env)
    iid = run_json(envs[0], "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    first = run_json(envs[0], "sync", "--folder", str(share))
    assert first["published"] >= 2 and first["rejected"] == [] and first["pending"] == 0
    (share / "devices" / "00000000-0000-7000-8000-000000000000" / "log").mkdir(parents=True)
    (share / "devices" / "00000000-0000-7000-8000-000000000000" / "log" / "e1-1-1-0000000000000000.mdgb").write_bytes(b"x")
    second = run_json(envs[1], "sync", "--folder", str(share))
    assert second["imported"] >= 2
    assert second["rejected"] == [{"file": "devices/00000000-0000-7000-8000-000000000000/log/"
                                            "e1-1-1-0000000000000000.mdgb", "reason": "truncated"}]
    shown = run_json(envs[1], "incident", "show", iid)
    assert shown["incident"]["party"]["name"] == SAMPLE["party"]["name"]
    gone = run(envs[1], "sync", "--folder", str(tmp_path / "no-such-share"), check=False)
    assert gone.returncode == 9 and "同期フォルダ" in gone.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("違うパスフレーズです", encoding="utf-8")
    assert run(envs[1], "org", "join", str(enroll), "--passphrase-file", str(wrong), check=False).returncode == 3
