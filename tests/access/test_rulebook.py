"""One rulebook, one door: the registry decides; the flow engine offers exactly what the door accepts;
decisions belong to the incident's 課; every door (CLI entry add, import, approvals) checks the same."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.model import flow, importer, kinds, kinds_bans, kinds_doc, permissions, search, workspace
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.people import NO_CHECK, PEOPLE, judge, person

T = "2025-04-01T10:05:00+09:00"
J = {"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"], "rationale": "暴言の繰り返し",
     "at": T}


def judgement_for(edition) -> dict:
    """A 該当 judgement the given edition accepts: all of its definition, one item of its first point."""
    from app.model import manual
    e = manual.load_edition(edition)
    first = e["judgement"]["points"][0]
    return {"result": e["judgement"]["harassment_result"], "definition": [i["id"] for i in e["definition"]["items"]],
            first["id"]: [first["items"][0]["id"]], "rationale": "暴言の繰り返し", "at": T}


def payload_for(action: flow.Action, j: dict = J) -> dict:
    """A valid payload for the entry an offered action writes (what the GUI would write)."""
    k, d = action.entry_kind, action.data
    return {
        "quote": {"at": T, "text": "架空の発言"}, "stop_request": {"at": T, "phrase": "お控えください"},
        "step_done": {"step": d.get("step", "report_chief"), "at": T}, "backup_call": {"at": T, "staff_present": 2},
        "note": {"at": T, "text": action.label}, "leave_request": {"at": T, "by": "港 一郎"},
        "eviction_order": {"at": T, "by": "芝浦 管理者"}, "police_call": {"at": T, "reason": "110番"},
        "call_ended": {"at": T, "reason": "時間超過"}, "judgement": j,
        "second_response_statements": {"organisational_answer": True, "explained_fully": True,
                                       "no_further_discussion": True, "at": T},
        "response_stopped": {"at": T, "reason": "業務に支障"},
        "escalation": {"level": d.get("level", "困難"), "at": T, "reason": "繰り返し"},
        "closed": {"at": T, "outcome": "対応を終えた", "resolved": True},
        "care_referral": {"staff": "港 一郎", "due": "2025-04-10"},
        "committee_report": {"at": T, "occurrence": "窓口で暴言", "handling": "対応中止", "resolved": True},
        "ban_decided": {"reason": "繰り返し", "start_date": "2025-04-02", "review_date": "2025-07-01",
                        "end_date": "2025-10-01"},
        "attachment_added": {"sha256": "0" * 64, "evidence_kind": "screenshot"},
        "takedown_request": {"at": T, "platform": "架空SNS"}, "disclosure_request": {"at": T, "platform": "架空SNS"},
        "approval_requested": {"subject": d.get("subject", ""), "draft": {}, "at": T},
    }[k]


def before(action: flow.Action) -> list[tuple]:
    """What the door requires in the same batch before the action's entry: the 合理的配慮の確認 of a ban, a
    judgement or a 対応中止."""
    about = {"ban_decided": "ban", **kinds_bans.CHECKED_KINDS}.get(action.entry_kind)
    if about is None:
        return []
    return [("accommodation_check", dict(NO_CHECK, about=about), None)]


def states(chief: Service, clerk: Service, sample, j: dict = J):
    """Incidents at each stage of the manual's flow, built through the door by entitled people."""
    fresh = clerk.create_incident(dict(sample, behaviours=[]))
    yield "initial", fresh
    first = clerk.create_incident(sample)
    clerk.append(first, "stop_request", {"at": T, "phrase": "お控えください"})
    yield "first_response", first
    evict = clerk.create_incident(sample)
    for _ in range(2):
        clerk.append(evict, "leave_request", {"at": T, "by": "港 一郎"})
    yield "two_leave_requests", evict
    second = clerk.create_incident(sample)
    judge(chief, second, j)
    yield "second_response", second
    chief.append(second, "second_response_statements", payload_for(flow.Action(
        "x", "", "", 0, "second_response_statements", "", {})))
    yield "statements_given", second
    closed = clerk.create_incident(sample)
    judge(chief, closed, j)
    chief.append(closed, "closed", {"at": T, "outcome": "終了", "resolved": True})
    yield "aftercare", closed


EDITIONS = ["minato-r7-04", str(Path(__file__).resolve().parents[1] / "fixtures" / "manual" / "test-edition.json")]


@pytest.mark.parametrize("edition", EDITIONS, ids=["minato-r7-04", "test-edition"])
def test_offered_iff_accepted_for_every_role_action_and_state(store, people, sample, edition):
    """Role × edition action × state: offered to a person ⇔ the door accepts it from them (checked with
    ``prepare_many``, which writes nothing); what they may not do is offered as a request or not at all."""
    sample = dict(sample, behaviours=["暴言、侮辱及び誹謗中傷"])  # a type both editions have
    chief = Service(store, people["section_chief"], edition=edition)
    clerk = Service(store, people["staff"], edition=edition)
    foreign = Service(store, person(store, "section_chief", "区民部/税務課/"), edition=edition)
    cases, j = 0, judgement_for(edition)
    for name, iid in list(states(chief, clerk, sample, j)):
        for role in [*PEOPLE, "foreign_chief"]:
            svc = foreign if role == "foreign_chief" else Service(store, people[role], edition=edition)
            if not svc.can("incident.view"):
                continue
            everything = flow.evaluate(store.entries(iid), svc.edition_of(store.entries(iid)), None, T)
            mine = svc.next_actions(iid, T)
            for action in everything.actions:
                offered = mine.action(action.id)
                asked = mine.action(flow.ASK_PREFIX + action.id)
                try:
                    svc.prepare_many(iid, before(action) + [(action.entry_kind, payload_for(action, j), None)],
                                     door="service")
                    accepted = True
                except PermissionDenied:
                    accepted = False
                assert (offered is not None) == accepted, (name, role, action.id)
                if asked is not None:
                    assert not accepted and action.entry_kind in kinds.approvable(), (name, role, action.id)
                    svc.prepare_many(iid, [("approval_requested", {"subject": action.entry_kind,
                                                                   "draft": payload_for(action, j), "at": T}, None)],
                                     door="service")
                cases += 1
    assert cases > 150


def test_escalation_and_eviction_are_offered_to_who_the_door_accepts(store, people, sample):
    chief, clerk = Service(store, people["section_chief"]), Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    judge(chief, iid, J)
    assert chief.next_actions(iid, T).action("escalate_difficult")           # the 所管課長 asks the 部長
    assert not Service(store, people["director"]).next_actions(iid, T).action("escalate_difficult")
    chief.append(iid, "escalation", {"level": "困難", "at": T})
    director = Service(store, people["director"])                            # the 部長 of that 部
    assert director.next_actions(iid, T).action("escalate_especially_difficult")
    director.append(iid, "escalation", {"level": "特に困難", "at": T})
    assert [r["id"] for r in director.with_actor(people["general_affairs_director"]).review_queue("特に困難")] == [iid]
    face = clerk.create_incident(sample)
    for _ in range(2):
        clerk.append(face, "leave_request", {"at": T, "by": "港 一郎"})
    ask = clerk.next_actions(face, T).action(flow.ASK_PREFIX + "eviction_order")
    assert ask and "庁舎管理者" in ask.label
    req = clerk.request_approval(face, "eviction_order", {"at": T, "by": "芝浦 管理者"})
    written = clerk.approve_as(PEOPLE["facility_manager"][0], "correct-horse-7", req.id)
    assert [e.kind for e in written] == ["approval_given", "eviction_order"]
    assert written[1].author == PEOPLE["facility_manager"][0]


def test_a_section_chief_of_another_section_is_refused_the_judgement_and_the_approval(store, people, sample):
    clerk = Service(store, people["staff"])
    foreign = Service(store, person(store, "section_chief", "区民部/税務課/"))
    iid = clerk.create_incident(sample)  # 所属 区民課
    with pytest.raises(PermissionDenied) as info:
        judge(foreign, iid, J)
    assert "課" in info.value.ja
    req = clerk.request_approval(iid, "judgement", J)
    with pytest.raises(PermissionDenied):
        foreign.approve(req.id)
    assert not next(r for r in foreign.pending_approvals() if r["request_id"] == req.id)["mine"]
    assert store.incident(iid).judgement is None
    Service(store, people["section_chief"]).approve(req.id, check=NO_CHECK)  # the 所管課長 may
    assert store.incident(iid).judgement["result"] == "該当"
    # a 課 that takes the case over gets the rights from then on
    other = clerk.create_incident(sample)
    Service(store, people["section_chief"]).append(other, "case_transferred", {"department": "区民部/税務課", "at": T})
    judge(foreign, other, J)
    with pytest.raises(PermissionDenied):
        Service(store, people["section_chief"]).append(other, "committee_report", {"at": T, "occurrence": "x"})


def test_a_clerks_import_cannot_write_a_judgement_or_a_closing(store, people):
    mapping = importer.Mapping.from_dict({"columns": {"occurred_at": "発生日", "channel": "手段", "judgement": "判断",
                                                      "resolved": "解決", "closed_at": "終了日"},
                                          "defaults": {"department": "区民部/区民課"}})
    header = ["発生日", "手段", "判断", "解決", "終了日"]
    checked = importer.check_rows(header, [["2024/5/7 10:30", "窓口", "該当", "有", "2024/5/9"]], mapping, "old.csv")
    assert not checked.errors
    count = "SELECT count(*) FROM entries WHERE incident_id != 'audit-trail'"
    before = store.conn.execute(count).fetchone()[0]
    with pytest.raises(PermissionDenied):
        importer.import_for(Service(store, people["staff"]), checked)
    assert store.conn.execute(count).fetchone()[0] == before
    ids = importer.import_for(Service(store, people["section_chief"]), checked)  # the 所管課長 may
    assert store.incident(ids[0]).judgement["imported"] == "old.csv"


def test_wrong_payloads_of_every_kind_are_refused(store, people, sample):
    from tests.people import multi_role
    svc = Service(store, multi_role(store))
    iid = svc.create_incident(sample)
    for name, k in kinds.KINDS.items():
        if k.door != "entry" or name == "correction" or not (k.roles & svc.roles()):
            continue
        for bad in ({"no_such_field": 1}, {f.name: ["list"] for f in k.fields[:1]},
                    {f.name: 10 ** 30 for f in k.fields if f.type == "int"} or {"x": None}):
            with pytest.raises(InputError if not k.levels else (InputError, PermissionDenied)):
                svc.append(iid, name, bad)  # an escalation of no known level has no operation: refused


def test_a_field_added_to_the_registry_is_validated_labelled_searched_and_documented(monkeypatch, store, people,
                                                                                    sample):
    k = kinds.KINDS["note"]
    extra = kinds.text("witness", "目撃者", max_len=50, searchable=True)
    monkeypatch.setitem(kinds.KINDS, "note", dataclasses.replace(k, fields=k.fields + (extra,)))
    monkeypatch.setattr(kinds, "_KINDS", tuple(kinds.KINDS.values()))
    assert kinds.field_labels()["witness"] == "目撃者"
    assert "witness" in kinds.searchable_fields()
    assert "`witness`🔍 目撃者" in kinds_doc.render()
    svc = Service(store, people["staff"])
    iid = svc.create_incident(sample)
    with pytest.raises(InputError) as info:
        svc.append(iid, "note", {"text": "x", "witness": "長" * 51})
    assert info.value.field == "payload.witness"
    monkeypatch.setattr(search, "SEARCHED_FIELDS", kinds.searchable_fields())
    svc.append(iid, "note", {"text": "x", "witness": "架空目撃者さん"})
    assert [r["id"] for r in svc.list_incidents("架空目撃者")] == [iid]


def test_docs_entries_md_is_the_registry():
    assert kinds_doc.path().read_text(encoding="utf-8") == kinds_doc.render(), \
        "docs/entries.md differs from the registry: run `python -m app.model.kinds_doc`"


def test_tables_derive_from_the_registry():
    ops = kinds.entry_operations()
    assert all(permissions.PERMISSIONS[op] == roles for op, roles in ops.items())
    assert workspace.KIND_LABELS == kinds.labels() and search.PRIVATE_KINDS == kinds.private_kinds()
    for action_id, (_label, kind) in flow.ACTIONS.items():
        assert kind in kinds.KINDS, action_id


def test_the_editions_named_deciders_agree_with_the_registry():
    """The edition names who decides in the manual's words; the registry decides who may append. They agree."""
    from app.model import manual
    e = manual.load_edition()
    assert e["judgement"]["role"] in kinds.KINDS["judgement"].roles
    assert e["second_response"]["role"] in kinds.KINDS["second_response_statements"].roles
    assert e["second_response"]["role"] in kinds.KINDS["response_stopped"].roles
    assert e.eviction["order_role"] in kinds.KINDS["eviction_order"].roles


def test_evidence_export_is_checked_and_audited(store, people, sample, tmp_path):
    from app.model import evidence
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    src = tmp_path / "shot.png"
    src.write_bytes(b"\x89PNG fictional screenshot")
    att = evidence.attach(clerk, iid, src, "screenshot")
    evidence.get(clerk, iid, att.payload["sha256"], tmp_path / "out.png")
    audits = [e.payload for e in store.entries("audit-trail") if e.payload.get("action") == "export"]
    assert any(a.get("target") == iid and "evidence" in a.get("detail", "") for a in audits)
    with pytest.raises(PermissionDenied):
        evidence.get(Service(store, people["hr"]), iid, att.payload["sha256"], tmp_path / "hr.png")
    assert not (tmp_path / "hr.png").exists()
