"""`madoguchi retention approve|dispose` (issue 17 §2): the 課長 approves, the システム管理者 disposes; a 職員
is refused (exit 6), a record not past its date is an input error (2), a disposed one is not found (7)."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, init, run, run_json
from tests.conftest import SAMPLE
from tests.people import NO_CHECK, judgement

CHIEF = "麻布 課長"


def test_approve_and_dispose_through_the_cli(cli_env, tmp_path):
    init(cli_env)
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    chief = dict(cli_env, MADOGUCHI_USER=CHIEF)
    run_json(admin, "staff", "add", "--name", CHIEF, "--role", "section_chief", "--department", "区民部/区民課/",
             "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    iid = run_json(chief, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    check = tmp_path / "check.json"
    check.write_text(json.dumps(NO_CHECK), encoding="utf-8")
    run(chief, "entry", "add", iid, "--kind", "judgement", "--json", "-", "--check", str(check),
        stdin=json.dumps(judgement("非該当"), ensure_ascii=False))
    run(chief, "entry", "add", iid, "--kind", "closed", "--json", "-",
        stdin=json.dumps({"outcome": "終了", "resolved": True, "at": "2025-06-10T11:00:00+09:00"}, ensure_ascii=False))

    assert run(cli_env, "retention", "approve", iid, "--today", "2029-04-01", check=False).returncode == 6  # 職員
    early = run(chief, "retention", "approve", iid, "--today", "2029-03-31", check=False)
    assert early.returncode == 2 and "保存年限がまだ過ぎていません" in early.stderr
    [approved] = run_json(chief, "retention", "approve", iid, "--today", "2029-04-01")["approved"]
    assert approved["incidents"] == [iid] and approved["class"] == "incident"
    assert run(chief, "retention", "dispose", iid, "--today", "2029-04-01", check=False).returncode == 6
    done = run_json(admin, "retention", "dispose", iid, "--today", "2029-04-01")["disposed"]
    assert done["approver"] == CHIEF and done["disposal"] and done["incident"] == iid
    assert run(admin, "retention", "dispose", iid, "--today", "2029-04-01", check=False).returncode == 7
    assert run_json(admin, "verify")["ok"]
