"""Who looked (issue 17 §4): every read of an incident through the Service is in the audit trail, a 課長
sees who viewed and exported one incident, and a person sees who read their care record."""
from __future__ import annotations

import pytest

from app.model import workspace
from app.model.errors import PermissionDenied
from app.model.service import Service
from tests.people import PEOPLE, person


def _actions(rows):
    return [(r["author"], r["action"]) for r in rows]


def test_the_chief_sees_every_view_and_output_of_one_incident(store, people, sample):
    clerk, kakari, chief = (Service(store, people[r]) for r in ("staff", "chief", "section_chief"))
    iid = clerk.create_incident(sample)
    other = clerk.create_incident(sample)
    workspace.bundle(clerk, iid)            # the incident view: several reads, one audit entry
    kakari.entries(iid)                     # e.g. the documents dialog or the encounter window
    kakari.record_output(iid, "print", "record_sheet")
    workspace.bundle(clerk, other)
    rows = chief.who_looked(iid)
    assert _actions(rows) == [(PEOPLE["staff"][0], "view"), (PEOPLE["chief"][0], "view"),
                              (PEOPLE["chief"][0], "print")]
    assert [r["label"] for r in rows] == ["閲覧", "閲覧", "印刷"] and all(r["at"] for r in rows)
    assert not any(r["detail"] == other for r in rows)
    admin = Service(store, people["sysadmin"])
    assert _actions(admin.who_looked(iid))[:3] == _actions(rows)  # the 課長's own look is not hidden from him
    for refused in (clerk, kakari):
        with pytest.raises(PermissionDenied):
            refused.who_looked(iid)
    elsewhere = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    with pytest.raises(PermissionDenied):
        elsewhere.who_looked(iid)


def test_the_person_sees_who_read_their_care_record_and_nobody_else_may_ask(store, people, sample):
    clerk, kakari, chief, hr = (Service(store, people[r]) for r in ("staff", "chief", "section_chief", "hr"))
    iid = clerk.create_incident(sample)
    referral = chief.append(iid, "care_referral", {"staff": PEOPLE["staff"][0], "due": "2025-04-08",
                                                   "note": "保健室へ連絡"})
    kakari.entries(iid)   # restricted for the 係長: not a read of the record
    clerk.entries(iid)    # the person themself: not a "someone read my record"
    assert clerk.care_readers(iid, referral.id) == []
    chief.entries(iid)
    readers = clerk.care_readers(iid, referral.id)
    assert _actions(readers) == [(PEOPLE["section_chief"][0], "view_care")]
    assert hr.care_readers(iid, referral.id) == readers  # 人事課 asks without opening the incident
    with pytest.raises(PermissionDenied):
        kakari.care_readers(iid, referral.id)


def test_reads_after_the_window_are_recorded_again(store, people, sample, monkeypatch):
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    clerk.incident(iid)
    clerk.incident(iid)
    monkeypatch.setattr(Service, "READ_WINDOW", 0.0)
    clerk.incident(iid)
    views = [r for r in Service(store, people["section_chief"]).who_looked(iid) if r["action"] == "view"]
    assert len(views) == 2


def test_who_looked_through_the_cli(cli_env):
    import json
    from tests.cli.helpers import ADMIN, CLERK, init, run, run_json
    from tests.conftest import SAMPLE
    init(cli_env)
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    run_json(cli_env, "incident", "show", iid)
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    assert run(cli_env, "incident", "looked", iid, check=False).returncode == 6  # a 職員 may not ask
    rows = run_json(admin, "incident", "looked", iid)["looked"]
    assert [(r["author"], r["action"]) for r in rows] == [(CLERK, "view")]
