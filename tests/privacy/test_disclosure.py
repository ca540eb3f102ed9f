"""本人開示 (issue 17 §3): everything held about a named person, facts apart from staff opinions, care
records left out, the exact name only, scoped and audited, through the Service and the CLI."""
from __future__ import annotations

import copy
import json

import pytest

from app.model import disclosure
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.duties.ban_helpers import old_ban_status
from tests.people import judge, PEOPLE, judgement, person

NAME = "髙橋 﨑子"
CARE_NOTE = "保健室で面談：眠れないと話した"
RATIONALE = "架空：三回の退去要求に応じず業務が止まった"


def _incident(svc, sample, name=NAME, day="2025-04-01", quote="税金泥棒と怒鳴った"):
    data = copy.deepcopy(sample)
    data.update(occurred_at=f"{day}T10:00:00+09:00", party={"name": name},
                quotes=[{"at": f"{day}T10:01:00+09:00", "text": quote}])
    return svc.create_incident(data)


def test_the_package_has_each_incident_facts_apart_from_opinions_and_no_care(store, people, sample):
    chief = Service(store, people["section_chief"])
    a = _incident(chief, sample, day="2025-04-01")
    b = _incident(chief, sample, day="2025-05-10", quote="土下座しろと言った")
    c = _incident(chief, sample, day="2025-06-20")
    near = _incident(chief, sample, name="高橋 崎子", quote="別人の発言")
    judge(chief, a, judgement(rationale=RATIONALE))
    chief.append(a, "note", {"text": "所見：威圧的", "at": "2025-04-01T10:20:00+09:00"})
    chief.append(a, "care_referral", {"staff": PEOPLE["staff"][0], "due": "2025-04-08", "note": CARE_NOTE})
    chief.append(b, "leave_request", {"at": "2025-05-10T10:05:00+09:00"})
    old_ban_status(chief, c, {"since": "2025-06-21", "until": "2026-06-20", "reason": "架空の理由"})  # old data
    pkg = chief.disclosure_collect(NAME)
    assert [i["incident_id"] for i in pkg["incidents"]] == [a, b, c]  # oldest first, the near name not
    assert near not in repr(pkg["incidents"]) and "別人の発言" not in repr(pkg)
    assert pkg["near_names"] == ["高橋 崎子"]  # for the 課 to check, never merged
    first = pkg["incidents"][0]
    facts, opinions = " ".join(f["text"] for f in first["facts"]), " ".join(o["text"] for o in first["opinions"])
    assert "税金泥棒と怒鳴った" in facts and RATIONALE not in facts and "威圧的" not in facts
    assert RATIONALE in opinions and "威圧的" in opinions
    assert CARE_NOTE not in repr(pkg)  # staff care is not the requester's data
    assert [f["at"] for f in first["facts"]] == sorted(f["at"] for f in first["facts"])
    assert any(f["label"] == "退去要求" for f in pkg["incidents"][1]["facts"])
    ban = [s for s in pkg["statuses"] if s["status"] == "出入禁止"]
    assert ban and ban[0]["until"] == "2026-06-20"
    ban_facts = " ".join(f["text"] for f in pkg["incidents"][2]["facts"])
    assert "出入禁止" in ban_facts and "架空の理由" not in ban_facts  # the reason is the 課's judgement
    looked = chief.who_looked(a)
    assert ("export", "disclosure") in {(r["action"], r["detail"]) for r in looked}


def test_every_kind_of_the_registry_is_classified():
    assert disclosure.unclassified() == []


def test_who_may_collect_and_what_they_see(store, people, sample):
    chief = Service(store, people["section_chief"])
    _incident(chief, sample)
    for role in ("staff", "chief", "hr", "sysadmin"):
        with pytest.raises(PermissionDenied):
            Service(store, people[role]).disclosure_collect(NAME)
    with pytest.raises(InputError):
        chief.disclosure_collect("  ")
    elsewhere = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    other = elsewhere.disclosure_collect(NAME)
    assert other["incidents"] == [] and other["outside_scope"] == 1
    assert len(Service(store, people["general_affairs_director"]).disclosure_collect(NAME)["incidents"]) == 1


def test_disclosure_through_the_cli(cli_env):
    from tests.cli.helpers import ADMIN, init, run, run_json
    from tests.conftest import SAMPLE
    init(cli_env)
    run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))
    assert run(cli_env, "disclosure", "collect", "--name", NAME, check=False).returncode == 6
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    run_json(admin, "staff", "add", "--name", "高輪 総務部長", "--role", "general_affairs_director",
             "--department", "総務部//", "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    pkg = run_json(dict(cli_env, MADOGUCHI_USER="高輪 総務部長"), "disclosure", "collect", "--name", NAME)
    assert len(pkg["incidents"]) == 1 and pkg["name"] == NAME
