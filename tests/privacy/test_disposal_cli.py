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


HR = "台場 人事"


def test_consultation_approve_and_dispose_through_the_cli(cli_env, tmp_path):
    """`retention approve|dispose --consultation`: 人事課 approves, the システム管理者 disposes; a 職員 or the 課長
    is refused (6), a 相談 not past its date is an input error (2), a disposed one is not found (7)."""
    init(cli_env)
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    hr = dict(cli_env, MADOGUCHI_USER=HR)
    for name, role, dept in ((HR, "hr", "総務部/人事課/"), (CHIEF, "section_chief", "区民部/区民課/")):
        run_json(admin, "staff", "add", "--name", name, "--role", role, "--department", dept,
                 "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    base = {"what_happened": "架空の相談（CLIで廃棄）", "is_harassment": "判断が微妙", "consents_to_section": False,
            "window": "人事課", "notice_shown": True, "at": "2020-10-05T09:30:00+09:00"}
    cid = run_json(cli_env, "consultation", "add", "--json", "-", stdin=json.dumps(base, ensure_ascii=False))["id"]
    run(hr, "consultation", "followup", cid, "--json", "-",
        stdin=json.dumps({"note": "面談（架空）", "at": "2020-11-01T10:00:00+09:00"}, ensure_ascii=False))

    for env in (cli_env, dict(cli_env, MADOGUCHI_USER=CHIEF), admin):
        assert run(env, "retention", "approve", "--consultation", cid, "--today", "2026-04-01",
                   check=False).returncode == 6
    early = run(hr, "retention", "approve", "--consultation", cid, "--today", "2026-03-31", check=False)
    assert early.returncode == 2 and "保存年限がまだ過ぎていません" in early.stderr
    [approved] = run_json(hr, "retention", "approve", "--consultation", cid, "--today", "2026-04-01")["approved"]
    assert approved["consultation"] == cid and approved["entries"] == 2 and approved["class"] == "consultation"
    assert run(hr, "retention", "dispose", "--consultation", cid, "--today", "2026-04-01", check=False).returncode == 6
    done = run_json(admin, "retention", "dispose", "--consultation", cid, "--today", "2026-04-01")["disposed"]
    assert done["approver"] == HR and done["consultation"] == cid and done["entries"] == 2
    assert run(admin, "retention", "dispose", "--consultation", cid, "--today", "2026-04-01",
               check=False).returncode == 7
    assert run_json(hr, "consultation", "list")["consultations"] == []
    assert run_json(admin, "verify")["ok"]
