"""``madoguchi export`` in subprocesses: issue, reprint, drafts, refusals, never overwriting."""
from __future__ import annotations

import hashlib
import io
import json

import pdfplumber
import pytest

from tests.cli.helpers import ADMIN, init, run, run_json
from tests.conftest import SAMPLE


def _text(path) -> str:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


@pytest.fixture
def env(cli_env, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"document_number_prefix": "港総総", "department": "芝地区総合支所 区民課",
                                  "building_rules_articles": "第○条（試験用の値）"}, ensure_ascii=False),
                      encoding="utf-8")
    cli_env.update({"MADOGUCHI_CONFIG": str(config), "MADOGUCHI_MACHINE_CONFIG": str(tmp_path / "none.json"),
                    "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")})
    init(cli_env)  # an admin and the 職員 港 一郎
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    for name, role in (("芝 一郎", "section_chief"), ("高輪 次郎", "facility_manager")):
        run_json(admin, "staff", "add", "--name", name, "--role", role, "--department", "区民部/区民課/",
                 "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    return dict(cli_env, MADOGUCHI_USER="芝 一郎")  # the 課長 issues


def as_user(env, name):
    return dict(env, MADOGUCHI_USER=name)


@pytest.fixture
def incident(env):
    return run_json(env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]


def test_issue_and_reprint_round_trip(env, incident, tmp_path):
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps({"requester_name": "芝 一郎", "contact_name": "港 花子", "extension": "1234",
                                  "questions": ["退去命令の発出は適法か"], "planned_response": "出入禁止を検討",
                                  "attendees": ["芝 一郎"],
                                  "preferred_dates": ["2025-06-16T10:00:00+09:00"]}, ensure_ascii=False),
                      encoding="utf-8")
    out = tmp_path / "request.pdf"
    got = run_json(env, "export", "pdf", "legal-request", incident, "--out", str(out), "--fields", str(fields))
    assert got["number"].endswith("港総総第1号") and got["draft"] is False
    assert got["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    text = _text(out)
    assert got["number"] in text and "退去命令の発出は適法か" in text and "内線 1234" in text
    shown = run_json(env, "incident", "show", incident)
    [entry] = [e for e in shown["entries"] if e["kind"] == "document_issued"]
    assert entry["payload"]["number"] == got["number"] and entry["payload"]["sha256"] == got["sha256"]
    assert entry["author"] == "芝 一郎"
    for ref in (got["number"], got["sha256"]):
        again = tmp_path / f"again-{ref[:6]}.pdf"
        run_json(env, "export", "reprint", incident, ref, "--out", str(again))
        assert again.read_bytes() == out.read_bytes()
    listed = run_json(env, "export", "list", incident)["issued"]
    assert [d["number"] for d in listed] == [got["number"]]
    second = run_json(env, "export", "pdf", "record", incident, "--out", str(tmp_path / "record.pdf"))
    assert second["number"].endswith("港総総第2号")


def test_out_never_overwrites(env, incident, tmp_path):
    out = tmp_path / "exists.pdf"
    out.write_bytes(b"keep me")
    proc = run(env, "export", "pdf", "record", incident, "--out", str(out), check=False)
    assert proc.returncode == 5 and "上書きしません" in proc.stderr
    assert out.read_bytes() == b"keep me"
    # nothing was issued for the refused export
    shown = run_json(env, "incident", "show", incident)
    assert not [e for e in shown["entries"] if e["kind"] == "document_issued"]
    first = run_json(env, "export", "pdf", "record", incident, "--out", str(tmp_path / "r.pdf"))
    proc = run(env, "export", "reprint", incident, first["number"], "--out", str(out), check=False)
    assert proc.returncode == 5 and out.read_bytes() == b"keep me"


def test_draft_is_not_recorded(env, incident, tmp_path):
    out = tmp_path / "draft.pdf"
    got = run_json(env, "export", "pdf", "eviction-order", incident, "--out", str(out), "--draft")
    assert got["draft"] is True and "number" not in got
    assert "下書き" in _text(out)
    shown = run_json(env, "incident", "show", incident)
    assert not [e for e in shown["entries"] if e["kind"] == "document_issued"]


def test_refusals_in_japanese(env, incident, tmp_path):
    proc = run(as_user(env, "港 一郎"), "export", "pdf", "legal-request", incident, "--out", str(tmp_path / "a.pdf"),
               check=False)
    assert proc.returncode == 6 and "課長" in proc.stderr
    assert not (tmp_path / "a.pdf").exists()
    proc = run(env, "export", "pdf", "eviction-order", incident, "--out", str(tmp_path / "b.pdf"), check=False)
    assert proc.returncode == 6 and "庁舎管理者" in proc.stderr
    (tmp_path / "config.json").write_text(json.dumps({"document_number_prefix": "港総総"}), encoding="utf-8")
    proc = run(as_user(env, "高輪 次郎"), "export", "pdf", "eviction-order", incident, "--out",
               str(tmp_path / "c.pdf"), check=False)
    assert proc.returncode == 2 and "根拠規定" in proc.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"no_such": 1}), encoding="utf-8")
    proc = run(env, "export", "pdf", "record", incident, "--out", str(tmp_path / "d.pdf"), "--fields", str(bad),
               check=False)
    assert proc.returncode == 2 and "no_such" in proc.stderr
    proc = run(env, "export", "reprint", incident, "7港総総第99号", "--out", str(tmp_path / "e.pdf"), check=False)
    assert proc.returncode == 7


def test_check_tells_whether_this_store_issued_a_pdf(env, incident, tmp_path):
    out = tmp_path / "record.pdf"
    got = run_json(env, "export", "pdf", "record", incident, "--out", str(out))
    checked = run_json(env, "export", "check", str(out))
    assert checked["issued"] is True and checked["number"] == got["number"] and checked["sha256"] == got["sha256"]
    assert checked["title"] == "対応記録票" and checked["incident_id"] == incident
    assert checked["pdfa_problems"] == []
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(out.read_bytes() + b"\n% one byte more\n")
    proc = run(env, "export", "check", str(changed), check=False)
    assert proc.returncode != 0 and "この保管庫で発行した文書ではありません" in proc.stderr


def test_issuing_with_a_required_field_empty_is_refused_and_counts_nothing(env, incident, tmp_path):
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps({"requester_name": "芝 一郎", "contact_name": "港 花子", "extension": "1234",
                                  "questions": ["退去命令の発出は適法か"], "attendees": ["芝 一郎"]},
                                 ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "request.pdf"
    proc = run(env, "export", "pdf", "legal-request", incident, "--out", str(out), "--fields", str(fields),
               check=False)
    assert proc.returncode != 0 and "「検討している対処内容」が入力されていない" in proc.stderr
    assert not out.exists()
    draft = run_json(env, "export", "pdf", "legal-request", incident, "--out", str(out), "--fields", str(fields),
                     "--draft")
    assert any("検討している対処内容" in w for w in draft["warnings"])


def test_a_variant_form_without_a_glyph_is_warned_by_name(env, incident, tmp_path):
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps({"requester_name": "渡邊\U000E0104 健", "contact_name": "港 花子"},
                                 ensure_ascii=False), encoding="utf-8")
    proc = run(env, "export", "pdf", "legal-request", incident, "--out", str(tmp_path / "d.pdf"),
               "--fields", str(fields), "--draft")
    warnings = json.loads(proc.stdout)["warnings"]
    assert any("邊\U000E0104" in w and "U+908A U+E0104" in w for w in warnings)
    assert "注意: 異体字「邊\U000E0104（U+908A U+E0104）」" in proc.stderr
