"""`madoguchi measure …` and `madoguchi legal …` through the real CLI (subprocesses; few and combined: slow)."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, CLERK, init, run, run_json
from tests.conftest import SAMPLE


def test_measure_and_legal_commands(cli_env, tmp_path):
    init(cli_env)
    pw = cli_env["MADOGUCHI_PASSWORD_FILE"]
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    for name, role in (("麻布 課長", "section_chief"), ("芝 花子", "staff")):
        run_json(admin, "staff", "add", "--name", name, "--role", role, "--department", "区民部/区民課/窓口係"
                 if role == "staff" else "区民部/区民課/", "--password-file", pw)
    chief, other = dict(cli_env, MADOGUCHI_USER="麻布 課長"), dict(cli_env, MADOGUCHI_USER="芝 花子")
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    measure = {"staff": CLERK, "measure": "複数対応", "detail": "窓口は二人で対応する", "followup": "2025-04-10"}
    proc = run(cli_env, "measure", "add", iid, "--json", "-", stdin=json.dumps(measure), check=False)
    assert proc.returncode == 6  # a 職員 does not record a 配慮措置
    mid = run_json(chief, "measure", "add", iid, "--json", "-", stdin=json.dumps(measure, ensure_ascii=False))["id"]
    assert run(chief, "measure", "add", iid, "--json", "-", stdin=json.dumps(dict(measure, measure="転勤")),
               check=False).returncode == 2
    [mine] = run_json(cli_env, "measure", "list", iid)["measures"]      # the worker concerned reads it
    assert mine["entry_id"] == mid and mine["detail"] == "窓口は二人で対応する"
    assert run_json(other, "measure", "list", iid)["measures"] == []    # a 職員 not concerned does not
    assert run_json(chief, "measure", "due", "--today", "2025-04-09")["due"] == []
    [due] = run_json(chief, "measure", "due", "--today", "2025-04-12")["due"]
    assert (due["entry_id"], due["days_overdue"]) == (mid, 2)
    assert run(cli_env, "measure", "due", "--today", "2025-04-12", check=False).returncode == 6
    run_json(chief, "measure", "followup", iid, mid, "--json", "-", stdin=json.dumps({"done": True}))
    assert run_json(chief, "measure", "due", "--today", "2025-04-12")["due"] == []
    # 法律相談: nothing open; a stage before any 依頼書 is refused with the reason
    assert run_json(chief, "legal", "list", "--today", "2025-04-12")["open"] == []
    proc = run(chief, "legal", "status", iid, "調整済み", "--date", "2025-04-12", "--lawyer", "赤坂 三郎",
               "--contact", "文書係 白金", check=False)
    assert proc.returncode == 2 and "依頼書が発行されていない" in proc.stderr
    assert run(cli_env, "legal", "list", check=False).returncode == 6
    assert run_json(chief, "legal", "show", iid)["legal"] is None
