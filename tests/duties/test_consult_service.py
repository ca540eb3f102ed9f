"""相談記録 through the Service: roles, sealing, readers, the consent gate, the notice, who read it."""
from __future__ import annotations

import json

import pytest

from app.model import streams
from app.model.errors import InputError, NotFoundError, PermissionDenied
from app.model.service import Service
from tests.people import person

T = "2026-10-05T09:30:00+09:00"
SECRET = "窓口で毎日のように長時間の叱責を受けている（架空）"


def consultation(**over) -> dict:
    base = {"what_happened": SECRET, "since": "2026年9月ごろ", "wants": "担当を替えてほしい",
            "is_harassment": "判断が微妙", "consents_to_section": False, "window": "人事課",
            "notice_shown": True, "at": T}
    return {**base, **over}


def test_any_worker_records_their_own_and_the_text_is_sealed_in_the_store(store, people):
    worker = Service(store, people["staff"])
    e = worker.record_consultation(consultation())
    raw = store.entries(streams.CONSULTATIONS)
    assert [x.id for x in raw] == [e.id]
    assert set(raw[0].payload) <= {"sealed", "signature"}
    dump = json.dumps([x.payload for x in raw], ensure_ascii=False)
    assert SECRET not in dump and "判断が微妙" not in dump and "担当を替えてほしい" not in dump
    mine = worker.consultations()
    assert [c["what_happened"] for c in mine] == [SECRET] and mine[0]["is_harassment"] == "判断が微妙"
    for role in ("chief", "director", "general_affairs_director", "facility_manager", "section_chief"):
        Service(store, people[role]).record_consultation(consultation(what_happened=f"{role}の相談"))
    with pytest.raises(PermissionDenied):
        Service(store, people["sysadmin"]).record_consultation(consultation())


def test_readers_hr_always_the_section_chief_only_if_chosen_or_agreed_others_see_nothing(store, people):
    worker = Service(store, people["staff"])
    private = worker.record_consultation(consultation())
    chosen = worker.record_consultation(consultation(what_happened="課長に相談", window="課長"))
    agreed = worker.record_consultation(consultation(what_happened="課に伝えてよい", consents_to_section=True))
    ids = lambda svc: {c["id"] for c in svc.consultations()}  # noqa: E731
    assert ids(Service(store, people["hr"])) == {private.id, chosen.id, agreed.id}
    assert ids(Service(store, people["section_chief"])) == {chosen.id, agreed.id}
    other_chief = Service(store, person(store, "section_chief", "区民部/税務課/"))
    for svc in (Service(store, people["chief"]), Service(store, people["director"]), other_chief):
        assert svc.consultations() == []  # not even that it exists
        with pytest.raises(NotFoundError):
            svc.consultation(private.id)
    with pytest.raises(PermissionDenied):
        Service(store, people["sysadmin"]).consultations()


def test_the_notice_must_have_been_shown_and_the_payload_is_checked(store, people):
    worker = Service(store, people["staff"])
    assert "不利益" in worker.consultation_notice() and "第33条" in worker.consultation_notice()
    for bad in (consultation(notice_shown=False), {k: v for k, v in consultation().items() if k != "notice_shown"}):
        with pytest.raises(InputError) as info:
            worker.record_consultation(bad)
        assert "notice_shown" in info.value.ja or "不利益" in info.value.ja
    for field, value in (("is_harassment", "たぶん"), ("window", "総務課"), ("what_happened", ""),
                         ("made_up", "x")):
        with pytest.raises(InputError):
            worker.record_consultation(consultation(**{field: value}))
    assert store.entries(streams.CONSULTATIONS) == []


def test_followups_by_the_window_sealed_alike_and_a_non_reader_cannot_write_one(store, people):
    worker = Service(store, people["staff"])
    c = worker.record_consultation(consultation())
    hr = Service(store, people["hr"])
    hr.consultation_followup(c.id, {"note": "面談を設定した（架空）", "done": False})
    assert "面談を設定した" not in json.dumps([x.payload for x in store.entries(streams.CONSULTATIONS)],
                                             ensure_ascii=False)
    assert [f["note"] for f in worker.consultation(c.id)["followups"]] == ["面談を設定した（架空）"]
    with pytest.raises(PermissionDenied):  # the 課長 may not read this one (人事課 only, no consent)
        Service(store, people["section_chief"]).consultation_followup(c.id, {"note": "x"})
    with pytest.raises(PermissionDenied):  # the worker is not the 窓口
        worker.consultation_followup(c.id, {"note": "x"})
    with pytest.raises(InputError):
        hr.consultation_followup("no-such-id", {"note": "x"})


def test_an_incident_is_opened_only_with_consent_and_linked_back(store, people):
    worker = Service(store, people["staff"])
    chief = Service(store, people["section_chief"])
    no = worker.record_consultation(consultation(window="課長"))
    yes = worker.record_consultation(consultation(what_happened="課に伝えてよい相談（架空）", consents_to_section=True))
    with pytest.raises(PermissionDenied) as info:
        chief.incident_from_consultation(no.id)
    assert "同意" in info.value.ja
    with pytest.raises(PermissionDenied):  # 人事課 holds no incident.create in the table
        Service(store, people["hr"]).incident_from_consultation(yes.id)
    iid = chief.incident_from_consultation(yes.id)
    state = chief.incident(iid)
    assert state.summary.startswith("課に伝えてよい相談") and state.department == "区民課"
    assert [f["incident_id"] for f in worker.consultation(yes.id)["followups"]] == [iid]
    with pytest.raises(InputError):
        chief.incident_from_consultation(yes.id)
    assert len(store.list_incidents()) == 1


def test_the_worker_sees_who_read_it_and_no_one_else_may_ask(store, people):
    worker = Service(store, people["staff"])
    c = worker.record_consultation(consultation())
    worker.consultations()
    assert worker.consultation_looked(c.id) == []  # the worker's own reads are not "someone looked"
    Service(store, people["hr"]).consultations()
    rows = worker.consultation_looked(c.id)
    assert [r["author"] for r in rows] == [people["hr"].name] and rows[0]["label"] == "記録の閲覧"
    with pytest.raises(NotFoundError):
        Service(store, people["hr"]).consultation_looked(c.id)
    with pytest.raises(NotFoundError):
        Service(store, people["chief"]).consultation_looked(c.id)


def test_corrections_by_the_worker_only_and_never_of_window_or_consent(store, people):
    worker = Service(store, people["staff"])
    c = worker.record_consultation(consultation())
    fixed = consultation(what_happened="訂正後の相談（架空）")
    with pytest.raises(PermissionDenied):
        Service(store, people["hr"]).append_register(streams.CONSULTATIONS, "correction",
                                                     {"replacement": fixed, "reason": "誤記"}, c.id)
    with pytest.raises(InputError):
        worker.append_register(streams.CONSULTATIONS, "correction",
                               {"replacement": consultation(consents_to_section=True), "reason": "同意"}, c.id)
    worker.append_register(streams.CONSULTATIONS, "correction", {"replacement": fixed, "reason": "誤記"}, c.id)
    assert worker.consultation(c.id)["what_happened"] == "訂正後の相談（架空）"
    assert Service(store, people["hr"]).consultation(c.id)["what_happened"] == "訂正後の相談（架空）"
    assert "訂正後" not in json.dumps([x.payload for x in store.entries(streams.CONSULTATIONS)], ensure_ascii=False)
    assert Service(store, people["section_chief"]).consultations() == []


def test_the_課長_window_needs_a_課長_of_the_workers_課(store, people):
    lone = Service(store, person(store, "staff", "区民部/税務課/"))
    with pytest.raises(InputError) as info:
        lone.record_consultation(consultation(window="課長"))
    assert "課長" in info.value.ja
    lone.record_consultation(consultation())  # 人事課 is always there
    assert len(store.entries(streams.CONSULTATIONS)) == 1


def test_another_pc_takes_in_the_sealed_record_by_its_envelope_only(store, people):
    from app.model.entry import Entry
    from app.model.sync.apply import invalid_payload
    Service(store, people["staff"]).record_consultation(consultation())
    sealed = store.entries(streams.CONSULTATIONS)[0]
    assert not invalid_payload(sealed)
    assert invalid_payload(Entry(**{**sealed.__dict__, "incident_id": "0190a0a0-0000-7000-8000-000000000000"}))
    assert invalid_payload(Entry(**{**sealed.__dict__, "payload": consultation(notice_shown="yes")}))


def test_without_a_人事課_member_nothing_is_recorded(store, people):
    Service(store, people["sysadmin"]).deactivate_staff(people["hr"].name)
    with pytest.raises(InputError) as info:
        Service(store, people["staff"]).record_consultation(consultation())
    assert "人事課" in info.value.ja
    assert store.entries(streams.CONSULTATIONS) == []
