"""`madoguchi prevention …` and `madoguchi training …` through the real CLI (one combined walk: subprocesses are slow)."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, init, run, run_json


def test_prevention_and_training_commands(cli_env):
    init(cli_env)
    pw = cli_env["MADOGUCHI_PASSWORD_FILE"]
    run_json(cli_env, "--user", ADMIN, "staff", "add", "--name", "芝 係長", "--role", "chief",
             "--department", "区民部/区民課/窓口係", "--password-file", pw)
    chief = {**cli_env, "MADOGUCHI_USER": "芝 係長"}
    item = {"what": "待ち時間の目安を掲示する", "owner": "区民課 窓口係長", "due": "2025-06-30"}
    refused = run(cli_env, "prevention", "add", "--json", "-", stdin=json.dumps(item), check=False)
    assert refused.returncode == 6  # a 職員 may not record one
    added = run_json(chief, "prevention", "add", "--json", "-", stdin=json.dumps(item, ensure_ascii=False))
    listed = run_json(chief, "prevention", "list", "--today", "2025-07-01")
    assert [(i["state"], i["overdue"]) for i in listed["items"]] == [("未着手", True)]
    run_json(chief, "prevention", "close", added["id"], "--note", "掲示した")
    listed = run_json(cli_env, "prevention", "list", "--today", "2025-07-01")
    assert [(i["state"], i["overdue"]) for i in listed["items"]] == [("完了", False)]
    assert listed["counts"]["完了"] == 1
    training = {"course": "係長級以下", "held_on": "2025-05-20", "attendees": ["港 一郎", "芝 係長"]}
    run_json(chief, "training", "add", "--json", "-", stdin=json.dumps(training, ensure_ascii=False))
    bad = run(chief, "training", "add", "--json", "-", check=False,
              stdin=json.dumps(dict(training, attendees=["架空 次郎"]), ensure_ascii=False))
    assert bad.returncode == 2 and "職員名簿にない氏名" in bad.stderr
    mine = run_json(cli_env, "training", "list", "--person", "港 一郎")
    assert [t["course"] for t in mine["trainings"]] == ["係長級以下"]
    all_ = run_json(cli_env, "training", "list")
    assert all_["by_fiscal_year"]["2025"]["trainings"] == 1 and all_["by_fiscal_year"]["2025"]["attendances"] == 2
