"""本人開示・訂正の請求 through the CLI: request, list with the clock, extend, decide, a 訂正請求 and its
decision, and the package PDF (a 職員 refused)."""
from __future__ import annotations

import json

from tests.cli.helpers import ADMIN, init, run, run_json
from tests.conftest import SAMPLE

NAME = SAMPLE["party"]["name"]


def test_the_disclosure_register_through_the_cli(cli_env, tmp_path):
    init(cli_env)
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    req = json.dumps({"requester": NAME, "received_on": "2025-04-01"}, ensure_ascii=False)
    assert run(cli_env, "disclosure", "request", "--json", "-", stdin=req, check=False).returncode == 6
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    run_json(admin, "staff", "add", "--name", "麻布 課長", "--role", "section_chief", "--department", "区民部/区民課/",
             "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    chief = dict(cli_env, MADOGUCHI_USER="麻布 課長")
    rid = run_json(chief, "disclosure", "request", "--json", "-", stdin=req)["id"]
    listed = run_json(chief, "disclosure", "list", "--today", "2025-04-11")["requests"]
    assert [(r["id"], r["requester"], r["state"], r["days_left"]) for r in listed] == [(rid, NAME, "受付", 20)]
    ext = json.dumps({"due": "2025-05-20", "reason": "対象の記録が多いため"}, ensure_ascii=False)
    run_json(chief, "disclosure", "extend", rid, "--json", "-", stdin=ext)
    bad = run(chief, "disclosure", "decide", rid, "--json", "-", stdin='{"decision": "不開示"}', check=False)
    assert bad.returncode == 2 and "理由" in bad.stderr
    run_json(chief, "disclosure", "decide", rid, "--json", "-",
             stdin=json.dumps({"decision": "全部開示", "decided_on": "2025-05-15"}, ensure_ascii=False))
    quote = next(e["id"] for e in run_json(chief, "incident", "show", iid)["entries"] if e["kind"] == "quote")
    cid = run_json(chief, "disclosure", "correct", "--json", "-", stdin=json.dumps(
        {"requester": NAME, "incident": iid, "entry": quote, "requested": "大きな声で説明を求めた",
         "received_on": "2025-05-16"}, ensure_ascii=False))["id"]
    run_json(chief, "disclosure", "correction-decide", cid, "--json", "-",
             stdin=json.dumps({"decision": "訂正する", "reason": "録音で確認した"}, ensure_ascii=False))
    states = {r["id"]: r["state"] for r in run_json(chief, "disclosure", "list", "--today", "2025-07-01")["requests"]}
    assert states == {rid: "決定済み", cid: "決定済み"}
    shown = run_json(chief, "incident", "show", iid)["entries"]
    corr = [e for e in shown if e["kind"] == "correction"]
    assert len(corr) == 1 and NAME in corr[0]["payload"]["reason"]
    out = tmp_path / "開示資料.pdf"
    done = run_json(chief, "disclosure", "package", NAME, "--out", str(out), "--request", rid, "--today", "2025-05-15")
    assert out.read_bytes().startswith(b"%PDF") and done["size"] == out.stat().st_size
    assert "第" in done["number"] and done["sha256"] and not done["draft"]  # issued: numbered and kept
    clerk_out = tmp_path / "職員.pdf"
    refused = run(cli_env, "disclosure", "package", NAME, "--out", str(clerk_out), "--request", rid, check=False)
    assert refused.returncode == 6 and not clerk_out.exists()  # a 職員 may not issue it
    assert run(chief, "disclosure", "package", NAME, "--out", str(out), check=False).returncode == 5  # never overwritten
    assert len(run_json(chief, "disclosure", "collect", "--name", NAME)["incidents"]) == 1  # collect still works
