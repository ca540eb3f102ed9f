"""`madoguchi ban …` end to end (one store, few subprocesses): check, decide, refuse the decider's own
approval, approve as the 部長, list and check under --today, issue the notice; exit codes as elsewhere."""
from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import ADMIN, PASSWORD, init, run, run_json
from tests.duties.ban_helpers import BAN, CHECK


def test_ban_commands(cli_env, tmp_path, sample):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"document_number_prefix": "港区民"}, ensure_ascii=False), encoding="utf-8")
    cli_env.update({"MADOGUCHI_CONFIG": str(config), "MADOGUCHI_MACHINE_CONFIG": str(tmp_path / "none.json"),
                    "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")})
    init(cli_env)
    pw = Path(cli_env["MADOGUCHI_PASSWORD_FILE"])
    admin = ["--user", ADMIN, "--password-file", str(pw)]
    for name, role, dept in (("麻布 課長", "section_chief", "区民部/区民課/"), ("赤坂 部長", "director", "区民部//")):
        run_json(cli_env, *admin, "staff", "add", "--name", name, "--role", role, "--department", dept,
                 "--password-file", str(pw))
    chief = ["--user", "麻布 課長", "--password-file", str(pw)]
    director = ["--user", "赤坂 部長", "--password-file", str(pw)]
    (tmp_path / "incident.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    iid = run_json(cli_env, "incident", "add", "--json", str(tmp_path / "incident.json"))["id"]
    ban_file = tmp_path / "ban.json"
    ban_file.write_text(json.dumps(BAN, ensure_ascii=False), encoding="utf-8")
    refused = run(cli_env, *chief, "ban", "add", iid, "--json", str(ban_file), check=False)
    assert refused.returncode == 2 and "合理的配慮の確認" in refused.stderr  # no check recorded yet
    assert run(cli_env, "ban", "add", iid, "--json", str(ban_file), check=False).returncode == 6  # a 職員
    run_json(cli_env, *chief, "ban", "accommodation", iid, "--json", "-", stdin=json.dumps(CHECK, ensure_ascii=False))
    did = run_json(cli_env, *chief, "ban", "add", iid, "--json", str(ban_file))["id"]
    assert run(cli_env, *chief, "ban", "approve", iid, did, check=False).returncode == 6  # a 課長 cannot approve
    assert run_json(cli_env, *director, "ban", "approve", iid, did, "--comment", "妥当")["decision"] == "承認"
    listed = run_json(cli_env, "ban", "list", "--today", "2025-07-10")
    assert [(b["decision_id"], b["state"], b["party_name"]) for b in listed["bans"]] == [(did, "失効", "髙橋 﨑子")]
    found = run_json(cli_env, "ban", "check", "髙橋 﨑子", "--today", "2025-05-01")
    assert found["banned"] and found["bans"][0]["end_date"] == "2025-10-09"
    assert not run_json(cli_env, "ban", "check", "髙橋 崎子", "--today", "2025-05-01")["banned"]
    out = tmp_path / "notice.pdf"
    got = run_json(cli_env, *chief, "ban", "notice", iid, did, "--out", str(out))
    assert out.read_bytes()[:5] == b"%PDF-" and got["size"] == out.stat().st_size and got["number"].endswith("第1号")
    assert run(cli_env, *chief, "ban", "notice", iid, did, "--out", str(out), check=False).returncode == 5
