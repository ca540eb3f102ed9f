"""Retention classes of issue 17 §1 beyond the incident's outcome: 配慮措置 under care, the 出入禁止 of the
ban kinds (approved end dates, renewals), and 相談 of the sealed consultations register — each reaching its
disposal date under a fake today."""
from __future__ import annotations

from app.model import retention
from app.model.service import Service
from tests.duties.ban_helpers import decided
from tests.people import judge, PEOPLE, judgement

CLOSED_AT = "2025-06-10T11:00:00+09:00"  # 2025年度


def _close(svc, iid, at=CLOSED_AT):
    judge(svc, iid, judgement("非該当"))
    svc.append(iid, "closed", {"outcome": "終了", "resolved": True, "at": at})


def _classes(svc, iid):
    return {(i["class"], i["disposal_on"]) for i in svc.retention_of(iid)}


def test_the_one_table_names_every_record_type_and_documents_go_with_their_incident():
    assert {c.id for c in retention.CLASSES} == {"incident", "incident_harassment", "incident_ban", "care",
                                                  "consultation", "audit"}
    assert retention.INCIDENT_CLASSES == ("incident", "incident_harassment", "incident_ban", "care")
    assert all("issued documents" in retention.BY_ID[c].covers for c in ("incident", "incident_harassment"))
    from app.model import kinds_disposal, settings
    assert kinds_disposal.CLASS_IDS == retention.INCIDENT_CLASSES  # derived, not a second table
    assert settings.Settings.from_mapping({})["retention_years"] == retention.DEFAULT_YEARS


def test_a_measure_is_a_care_record_kept_as_long_as_care(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = chief.create_incident(sample)
    m = chief.add_measure(iid, {"staff": PEOPLE["staff"][0], "measure": "対応者の交代", "detail": "係長が対応",
                                "followup": "2025-06-20", "at": "2025-06-02T09:00:00+09:00"})
    _close(chief, iid)
    items = chief.retention_of(iid)
    assert {(i["class"], i["record_id"], i["disposal_on"]) for i in items} == {
        ("incident", iid, "2029-04-01"), ("care", m.id, "2031-04-01")}
    assert [d["class"] for d in chief.retention_due("2029-04-01")] == ["incident"]
    assert {d["class"] for d in chief.retention_due("2031-04-01")} == {"incident", "care"}


def test_an_approved_ban_keeps_the_incident_from_its_end_date_and_a_renewal_moves_it(store, people, sample):
    chief, director = Service(store, people["section_chief"]), Service(store, people["director"])
    iid, ban = decided(store, people, sample)  # ban 2025-04-10 .. 2025-10-09
    _close(chief, iid)
    assert _classes(chief, iid) == {("incident_ban", "")}  # awaiting the 部長: no end yet
    director.approve_ban(iid, ban)
    assert _classes(chief, iid) == {("incident_ban", "2031-04-01")}  # ends 2025年度 -> + 5
    renewal = chief.renew_ban(iid, ban, {"end_date": "2026-06-30", "review_date": "2026-04-30",
                                         "reason": "再び怒鳴りつけた（架空）"})
    assert _classes(chief, iid) == {("incident_ban", "")}  # a renewal awaiting its answer: not yet
    director.approve_ban(iid, renewal.id)
    assert _classes(chief, iid) == {("incident_ban", "2032-04-01")}  # 2026-06-30 is 2026年度
    assert chief.retention_due("2031-04-01") == []
    assert [d["incident_id"] for d in chief.retention_due("2032-04-01")] == [iid]


def test_a_ban_sent_back_never_was_one(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid, ban = decided(store, people, sample)
    Service(store, people["director"]).approve_ban(iid, ban, "差戻し", "期間が長すぎる")
    _close(chief, iid)
    assert _classes(chief, iid) == {("incident", "2029-04-01")}


def _consult(svc, at):
    return svc.record_consultation({"what_happened": "長時間の叱責（架空）", "is_harassment": "判断が微妙",
                                    "window": "人事課", "notice_shown": True, "at": at})


def test_a_consultation_is_kept_from_its_last_record_and_only_hr_lists_it(store, people):
    worker, hr = Service(store, people["staff"]), Service(store, people["hr"])
    c = _consult(worker, "2025-05-01T09:00:00+09:00")
    quiet = _consult(worker, "2024-05-01T09:00:00+09:00")
    hr.consultation_followup(c.id, {"note": "面談した", "at": "2026-04-02T10:00:00+09:00"})  # 2026年度
    mine = {i["record_id"]: i for i in hr.consultation_retention()}
    assert mine[c.id]["class"] == "consultation" and mine[c.id]["completed"] == "2026-04-02"
    assert mine[c.id]["disposal_on"] == "2032-04-01"  # from the 経過, not the consultation (2031 otherwise)
    assert mine[quiet.id]["disposal_on"] == "2030-04-01" and mine[quiet.id]["incident_id"] == ""
    assert mine[c.id]["start"] == "最後の記録（相談の経過）"
    assert [d["record_id"] for d in hr.retention_due("2030-04-01")] == [quiet.id]
    assert {d["record_id"] for d in hr.retention_due("2032-04-01")} == {c.id, quiet.id}
    for role in ("section_chief", "sysadmin"):  # they list incidents; the 相談 are 人事課's
        assert Service(store, people[role]).retention_due("2040-01-01") == []
        assert Service(store, people[role]).consultation_retention() == []
    assert hr.retention_due("2029-03-31") == []
