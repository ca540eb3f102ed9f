"""Retention classes (issue 17 §1): each record's class and disposal date, 翌年度4月1日起算, through the
Service and the CLI, with the years from the one setting."""
from __future__ import annotations

import json

import pytest

from app.model import retention, settings
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.duties.ban_helpers import approve_all, ban_items, old_ban_status
from tests.people import judge, PEOPLE, judgement, person


def test_periods_run_from_the_first_of_april_after_the_year_of_completion():
    assert retention.disposal_date("2025-06-10", 3).isoformat() == "2029-04-01"
    assert retention.disposal_date("2026-03-31T23:59:00+09:00", 3).isoformat() == "2029-04-01"
    assert retention.disposal_date("2026-04-01", 3).isoformat() == "2030-04-01"


def _closed(svc, sample, at, **extra):
    iid = svc.create_incident(sample)
    before = list(extra.get("before", ()))
    if not any(kind == "judgement" for kind, _ in before):
        before.append(("judgement", judgement("非該当")))
    for kind, payload in before:
        judge(svc, iid, payload) if kind == "judgement" else svc.append(iid, kind, payload)
    svc.append(iid, "closed", {"outcome": "終了", "resolved": True, "at": at})
    return iid


def test_each_incident_gets_its_class_and_date_and_only_passed_ones_are_listed(store, people, sample):
    chief = Service(store, people["section_chief"])
    plain = _closed(chief, sample, "2025-06-10T11:00:00+09:00")
    harassment = _closed(chief, sample, "2025-06-10T11:00:00+09:00", before=[("judgement", judgement())])
    ban = _closed(chief, sample, "2025-06-10T11:00:00+09:00", before=ban_items("2025-06-10", "2026-12-31"))
    pending = chief.retention_of(ban)  # awaiting the 部長: no disposal date until the ban is answered
    assert {i["class"] for i in pending} == {"incident_ban"} and not any(i["disposal_on"] for i in pending)
    approve_all(chief.store, Service(chief.store, people["director"]), ban)
    old = _closed(chief, sample, "2025-06-10T11:00:00+09:00")  # a 出入禁止 recorded by an older version
    old_ban_status(chief, old, {"since": "2025-06-10", "until": "2026-12-31", "reason": "架空"})
    cared = _closed(chief, sample, "2025-06-10T11:00:00+09:00", before=[
        ("care_referral", {"staff": PEOPLE["staff"][0], "due": "2025-06-17", "note": "保健室へ"})])
    still_open = chief.create_incident(sample)

    def one(iid):
        return {(i["class"], i["disposal_on"]) for i in chief.retention_of(iid)}
    assert one(plain) == {("incident", "2029-04-01")}
    assert one(harassment) == {("incident_harassment", "2031-04-01")}
    assert one(ban) == {("incident_ban", "2032-04-01")}  # from the ban's end (2026年度), not the closing
    assert one(old) == {("incident_ban", "2032-04-01")}  # the old status still counts
    assert one(cared) == {("incident", "2029-04-01"), ("care", "2031-04-01")}
    assert one(still_open) == {("incident", "")}
    assert chief.retention_due("2029-03-31") == []
    due = chief.retention_due("2029-04-01")
    assert {(d["incident_id"], d["class"]) for d in due} == {(plain, "incident"), (cared, "incident")}
    assert all(d["label"] and d["start"] == "対応終了" for d in due)
    later = {(d["incident_id"], d["class"]) for d in chief.retention_due("2040-01-01")}
    assert (old, "incident_ban") in later
    assert (ban, "incident_ban") in later and (cared, "care") in later and still_open not in {i for i, _ in later}


def test_the_years_come_from_the_one_setting(store, people, sample):
    chief = Service(store, people["section_chief"],
                    settings=settings.Settings.from_mapping({"retention_years": {"incident": 1}}))
    iid = _closed(chief, sample, "2025-06-10T11:00:00+09:00")
    assert [i["disposal_on"] for i in chief.retention_of(iid)] == ["2027-04-01"]
    for bad in ({"incident": 0}, {"incidents": 3}, {"incident": "3"}, [3]):
        with pytest.raises(InputError):
            settings.validate({"retention_years": bad}, "test.json")


def test_who_may_list_records_past_their_date(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = _closed(chief, sample, "2020-06-10T11:00:00+09:00")
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).retention_due("2030-01-01")
    elsewhere = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    assert elsewhere.retention_due("2030-01-01") == []
    assert [d["incident_id"] for d in Service(store, people["sysadmin"]).retention_due("2030-01-01")] == [iid]


def test_retention_through_the_cli(cli_env):
    from tests.cli.helpers import ADMIN, init, run, run_json
    from tests.conftest import SAMPLE
    init(cli_env)
    iid = run_json(cli_env, "incident", "add", "--json", "-", stdin=json.dumps(SAMPLE, ensure_ascii=False))["id"]
    shown = run_json(cli_env, "retention", "show", iid)["retention"]
    assert [(i["class"], i["disposal_on"]) for i in shown] == [("incident", "")]
    assert run(cli_env, "retention", "list", check=False).returncode == 6  # a 職員 may not
    admin = dict(cli_env, MADOGUCHI_USER=ADMIN)
    assert run_json(admin, "retention", "list", "--today", "2099-01-01")["due"] == []  # open: never due
    assert run(admin, "retention", "list", "--today", "2099-13-01", check=False).returncode == 2
