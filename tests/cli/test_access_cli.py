"""Staff and roles through the real CLI in subprocesses (production argon2id parameters)."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, CLERK, init, run, run_json
from tests.conftest import SAMPLE


def test_roles_are_enforced_and_audited_through_the_cli(cli_env, tmp_path):
    assert run(cli_env, "incident", "list", check=False).returncode == 4  # no store yet
    init(cli_env)
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    judgement = json.dumps({"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"],
                            "rationale": "架空", "at": "2025-04-01T11:00:00+09:00"})
    proc = run(cli_env, "entry", "add", iid, "--kind", "judgement", "--json", "-", stdin=judgement, check=False)
    assert proc.returncode == 6 and "権限" in proc.stderr and "Not permitted" in proc.stderr
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    assert run(admin, "incident", "show", iid, check=False).returncode == 6  # the admin does not read incidents
    run_json(admin, "staff", "add", "--name", "麻布 課長", "--role", "section_chief", "--role", "staff",
             "--department", "区民部/区民課/", "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    chief = dict(cli_env, MADOGUCHI_USER="麻布 課長")
    without = run(chief, "entry", "add", iid, "--kind", "judgement", "--json", "-", stdin=judgement, check=False)
    assert without.returncode == 2 and "合理的配慮の確認" in without.stderr  # the check comes first, at every door
    check = tmp_path / "check.json"
    check.write_text(json.dumps({"needs_accommodation": False, "harm_to_life_or_health": True,
                                 "harm_reason": "架空：通院の手続が止まる"}, ensure_ascii=False), encoding="utf-8")
    written = run_json(chief, "entry", "add", iid, "--kind", "judgement", "--json", "-", "--check", str(check),
                       stdin=judgement)
    shown = {e["id"]: e for e in run_json(chief, "incident", "show", iid)["entries"]}
    assert shown[written["check_id"]]["kind"] == "accommodation_check"
    assert shown[written["check_id"]]["payload"]["about"] == "judgement"
    assert shown[written["id"]]["kind"] == "judgement"
    bad = tmp_path / "bad.txt"
    bad.write_text("not-the-password")
    proc = run(cli_env, "--password-file", str(bad), "incident", "list", check=False)
    assert proc.returncode == 6
    actions = [a["action"] for a in run_json(chief, "audit", "list")["audit"]]
    assert {"sign_in", "sign_in_failed", "permission_denied"} <= set(actions)
    assert run(cli_env, "audit", "list", check=False).returncode == 6  # a 職員 cannot read the audit
    staff = {s["name"]: s["roles"] for s in run_json(admin, "staff", "list")["staff"]}
    assert staff == {ADMIN: ["sysadmin"], CLERK: ["staff"], "麻布 課長": ["section_chief", "staff"]}
    assert run_json(cli_env, "verify")["ok"]
