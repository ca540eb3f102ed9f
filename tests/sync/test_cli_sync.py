"""`madoguchi org create|join` and `madoguchi sync --folder` as subprocesses (keyrings.alt backend)."""
from __future__ import annotations

import json

from tests.cli.helpers import PASSWORD, run, run_json
from tests.conftest import SAMPLE

ADMIN, CLERK = "組織 管理者", "港 一郎"


def test_cli_org_and_sync(tmp_path, cli_env):
    pw = tmp_path / "pw.txt"
    pw.write_text("架空のパスフレーズ123\n", encoding="utf-8")
    admin_pw = tmp_path / "admin.txt"
    admin_pw.write_text(PASSWORD + "\n", encoding="utf-8")
    enroll = tmp_path / "org.enroll"
    create = ("org", "create", "--out", str(enroll), "--passphrase-file", str(pw), "--admin-name", ADMIN,
              "--admin-password-file", str(admin_pw), "--admin-department", "総務部/情報政策課/")
    org = run_json(cli_env, *create)
    assert org["epoch"] == 1 and org["rooted"]
    assert run(cli_env, *create, check=False).returncode == 5
    share = tmp_path / "share"
    share.mkdir()
    envs = []
    for name in ("a", "b"):
        env = dict(cli_env, MADOGUCHI_DATA_DIR=str(tmp_path / f"data-{name}"))
        run_json(env, "init")
        joined = run_json(env, "org", "join", str(enroll), "--passphrase-file", str(pw))
        assert joined["org_id"] == org["org_id"] and joined["rooted"]
        envs.append(env)
    # the organisation's first システム管理者 signs in on PC a and adds a 職員 there
    as_admin = ("--user", ADMIN, "--password-file", str(admin_pw))
    run_json(envs[0], *as_admin, "staff", "add", "--name", CLERK, "--role", "staff",
             "--department", "区民部/区民課/窓口係", "--password-file", str(admin_pw))
    clerk = ("--user", CLERK, "--password-file", str(admin_pw))
    iid = run_json(envs[0], *clerk, "incident", "add", "--json", "-",
                   stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    first = run_json(envs[0], "sync", "--folder", str(share))
    assert first["published"] >= 2 and first["rejected"] == [] and first["pending"] == 0
    (share / "devices" / "00000000-0000-7000-8000-000000000000" / "log").mkdir(parents=True)
    (share / "devices" / "00000000-0000-7000-8000-000000000000" / "log" / "e1-1-1-0000000000000000.mdgb").write_bytes(b"x")
    second = run_json(envs[1], "sync", "--folder", str(share))
    assert second["imported"] >= 2 and second["refused"] == [], second and second["held"] == 0
    assert second["rejected"] == [{"file": "devices/00000000-0000-7000-8000-000000000000/log/"
                                            "e1-1-1-0000000000000000.mdgb", "reason": "truncated"}]
    # PC b never saw this 職員 added: the directory arrived with the first sync, so they sign in there
    shown = run_json(envs[1], *clerk, "incident", "show", iid)
    assert shown["incident"]["party"]["name"] == SAMPLE["party"]["name"]
    audit = run_json(envs[1], *as_admin, "audit", "list")["audit"]
    assert any(a.get("action") == "staff_changed" for a in audit)  # the audit trail of PC a arrived too
    assert run_json(envs[1], "verify")["ok"]
    # a システム管理者 revokes PC a from PC b: signed, synced, refused afterwards (tests/sync/test_trust.py)
    revoked = run_json(envs[1], *as_admin, "staff", "revoke-device", "--device", first["device_id"], "--reason", "盗難")
    assert revoked["revoked_after_seq"] >= first["published"]
    bad = run(envs[1], *as_admin, "staff", "revoke-device", "--device", "not-a-device", check=False)
    assert bad.returncode == 2 and "端末ID" in bad.stderr
    gone = run(envs[1], "sync", "--folder", str(tmp_path / "no-such-share"), check=False)
    assert gone.returncode == 9 and "同期フォルダ" in gone.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("違うパスフレーズです", encoding="utf-8")
    assert run(envs[1], "org", "join", str(enroll), "--passphrase-file", str(wrong), check=False).returncode == 3
