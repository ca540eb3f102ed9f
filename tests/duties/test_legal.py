"""法律相談, tracked: stages through the door (roles, scope, order, the 依頼書 and 報告書 they need), the queue
under a fake today, and the 報告書 naming its 依頼書."""
from __future__ import annotations

import datetime as dt

import pytest

from app.export import issue
from app.model import legal_track
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.export import pdfcheck
from tests.people import person

JST = dt.timezone(dt.timedelta(hours=9))
SETTINGS = {"document_number_prefix": "港総総", "department": "区民課", "section_chief_title": "区民課長",
            "section_chief_name": "麻布 課長", "contact_name": "港 一郎", "extension": "1234"}
REQ = {"questions": ["退去命令は適法か"], "planned_response": "出入禁止の通知を検討している。", "attendees": ["麻布 課長"]}
REPORT = {"consulted_at": "2025-06-16T10:00:00+09:00", "consulted_until": "2025-06-16T11:00:00+09:00",
          "lawyer_name": "赤坂 三郎", "law_office": "赤坂法律事務所", "place_method": "会議室（対面）",
          "policy": "出入禁止を通知する。", "items": [{"question": "退去命令は適法か", "advice": "適法と考えられる。"}]}
ARRANGED = {"date": "2025-06-05", "lawyer": "赤坂 三郎", "contact": "文書係 白金"}


def at(y, m, d):
    return dt.datetime(y, m, d, 10, 0, tzinfo=JST)


@pytest.fixture
def iid(store, people, sample):
    return Service(store, people["staff"]).create_incident(sample)


def request(chief, iid, when=at(2025, 6, 2)):
    return issue.issue_for(chief, iid, "legal-request", settings=SETTINGS, extra=REQ, now=when)


def test_a_stage_needs_the_request_and_comes_in_order(store, people, iid):
    chief = Service(store, people["section_chief"])
    with pytest.raises(InputError) as info:
        chief.record_legal_stage(iid, "調整済み", ARRANGED)
    assert "依頼書が発行されていない" in info.value.ja
    req = request(chief, iid)
    assert chief.legal_state(iid)["stage"] == "依頼書発行"
    with pytest.raises(InputError) as info:  # no skipping
        chief.record_legal_stage(iid, "実施", {"date": "2025-06-16"})
    assert "次は「調整済み」" in info.value.ja
    with pytest.raises(InputError) as info:  # 調整済み names the lawyer and the 文書係 contact
        chief.record_legal_stage(iid, "調整済み", {"date": "2025-06-05"})
    assert "弁護士と総務課文書係の担当" in info.value.ja
    with pytest.raises(InputError) as info:
        chief.record_legal_stage(iid, "調整済み", dict(ARRANGED, date="2025-06-01"))  # before the 依頼書
    assert "より前にはできません" in info.value.ja
    with pytest.raises(InputError):
        chief.record_legal_stage(iid, "相談中", ARRANGED)  # not a stage
    Service(store, people["chief"]).record_legal_stage(iid, "調整済み", ARRANGED)  # the 係長 may record it too
    with pytest.raises(InputError):
        chief.record_legal_stage(iid, "調整済み", ARRANGED)  # once
    chief.record_legal_stage(iid, "実施", {"date": "2025-06-16"})
    with pytest.raises(InputError) as info:  # the 報告書 first
        chief.record_legal_stage(iid, "報告書提出", {"date": "2025-06-20"})
    assert "報告書が発行されていません" in info.value.ja
    rep = issue.issue_for(chief, iid, "legal-report", settings=SETTINGS, extra=REPORT, now=at(2025, 6, 19))
    chief.record_legal_stage(iid, "報告書提出", {"date": "2025-06-20", "note": "文書係へ提出"})
    state = chief.legal_state(iid)
    assert (state["stage"], state["open"], state["request_number"], state["report_number"]) == \
        ("報告書提出", False, req.number, rep.number)
    assert [s["stage"] for s in state["steps"]] == list(legal_track.STAGES) and state["lawyer"] == "赤坂 三郎"
    with pytest.raises(InputError) as info:
        chief.record_legal_stage(iid, "実施", {"date": "2025-06-21"})
    assert "報告書提出まで済んでいます" in info.value.ja
    # the 報告書 names its 依頼書: number and date, read back from the PDF
    assert pdfcheck.row_right_of(rep.pdf, "依頼書") == f"{req.number}（令和7年6月2日付け 法律相談依頼書）"


def test_roles_and_scope(store, people, iid):
    chief = Service(store, people["section_chief"])
    request(chief, iid)
    for role in ("staff", "director", "facility_manager", "hr", "sysadmin"):
        with pytest.raises(PermissionDenied):
            Service(store, people[role]).record_legal_stage(iid, "調整済み", ARRANGED)
    elsewhere = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    with pytest.raises(PermissionDenied):  # a decision of the incident's 課
        elsewhere.record_legal_stage(iid, "調整済み", ARRANGED)
    Service(store, people["general_affairs_director"]).record_legal_stage(iid, "調整済み", ARRANGED)
    with pytest.raises(PermissionDenied):
        elsewhere.legal_state(iid)
    for role in ("staff", "hr", "facility_manager"):
        with pytest.raises(PermissionDenied):
            Service(store, people[role]).legal_queue("2025-06-10")


def test_the_queue_under_a_fake_today(store, people, iid, sample):
    chief = Service(store, people["section_chief"])
    assert chief.legal_queue("2025-06-10") == []
    request(chief, iid, at(2025, 6, 2))
    other = Service(store, people["staff"]).create_incident(sample)
    request(chief, other, at(2025, 6, 6))
    q = chief.legal_queue("2025-06-10")
    assert [(c["incident_id"], c["stage"], c["days_waited"]) for c in q] == [(iid, "依頼書発行", 8),
                                                                            (other, "依頼書発行", 4)]
    chief.record_legal_stage(other, "調整済み", dict(ARRANGED, date="2025-06-07"))
    chief.record_legal_stage(iid, "調整済み", dict(ARRANGED, date="2025-06-09"))
    q = chief.legal_queue("2025-06-12")
    assert [(c["incident_id"], c["stage"], c["days_waited"], c["days_since_request"], c["next_stage"])
            for c in q] == [(other, "調整済み", 5, 6, "実施"), (iid, "調整済み", 3, 10, "実施")]
    assert "区民課" in q[0]["incident_label"]
    elsewhere = Service(store, person(store, "chief", "区民部/保険年金課/"))
    assert elsewhere.legal_queue("2025-06-12") == []                       # another 課's
    assert len(Service(store, people["general_affairs_director"]).legal_queue("2025-06-12")) == 2
    assert len(Service(store, people["director"]).legal_queue("2025-06-12")) == 2  # his 部's
    with pytest.raises(InputError):
        chief.legal_queue("6/12")


def test_a_correction_of_the_last_stage_is_judged_before_it(store, people, iid):
    chief = Service(store, people["section_chief"])
    request(chief, iid)
    e = chief.record_legal_stage(iid, "調整済み", ARRANGED)
    chief.correct(iid, e.id, dict(ARRANGED, lawyer="赤坂 四郎", stage="調整済み"), "弁護士名の誤り")
    assert chief.legal_state(iid)["lawyer"] == "赤坂 四郎"
    with pytest.raises(InputError):
        chief.correct(iid, e.id, dict(ARRANGED, stage="実施"), "段階の誤り")
