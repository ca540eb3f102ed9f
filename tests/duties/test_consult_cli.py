"""`madoguchi consultation …`: add, list, notice, open through the CLI, with their exit codes."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, run, run_json, init

CHIEF = "麻布 課長"


def test_consultation_add_list_open_and_their_exit_codes(cli_env, tmp_path):
    init(cli_env)
    pw = cli_env["MADOGUCHI_PASSWORD_FILE"]
    run_json(cli_env, "--user", ADMIN, "staff", "add", "--name", CHIEF, "--role", "section_chief",
             "--department", "区民部/区民課/", "--password-file", pw)
    run_json(cli_env, "--user", ADMIN, "staff", "add", "--name", "台場 人事", "--role", "hr",
             "--department", "総務部/人事課/", "--password-file", pw)
    notice = run(cli_env, "consultation", "notice").stdout
    assert "不利益な取扱い" in notice and "第33条" in notice
    base = {"what_happened": "長時間の電話で繰り返し怒鳴られた（架空）", "is_harassment": "判断が微妙",
            "window": "人事課", "notice_shown": True, "at": "2026-10-05T09:30:00+09:00"}
    private = run_json(cli_env, "consultation", "add", "--json", "-", stdin=json.dumps(base, ensure_ascii=False))["id"]
    agreed = run_json(cli_env, "consultation", "add", "--json", "-",
                      stdin=json.dumps(dict(base, consents_to_section=True), ensure_ascii=False))["id"]
    refused = run(cli_env, "consultation", "add", "--json", "-", check=False,
                  stdin=json.dumps(dict(base, notice_shown=False), ensure_ascii=False))
    assert refused.returncode == 2 and "不利益" in refused.stderr
    mine = run_json(cli_env, "consultation", "list")["consultations"]
    assert {c["id"] for c in mine} == {private, agreed}
    chief = ("--user", CHIEF)
    assert [c["id"] for c in run_json(cli_env, *chief, "consultation", "list")["consultations"]] == [agreed]
    assert run(cli_env, *chief, "consultation", "open", private, check=False).returncode == 7  # not shown to him
    assert run(cli_env, "consultation", "open", agreed, check=False).returncode == 6  # a 職員 opens no incident
    opened = run_json(cli_env, *chief, "consultation", "open", agreed)
    assert opened["consultation"] == agreed and opened["incident"]
    looked = run_json(cli_env, "consultation", "looked", agreed)["looked"]
    assert CHIEF in {r["author"] for r in looked}
