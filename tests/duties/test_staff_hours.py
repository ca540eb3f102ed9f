"""延べ対応時間: duration × staff on known incidents, in the statistics and the committee report."""
from __future__ import annotations

import pytest

from tests.people import judge
from app.model import stats
from app.model.errors import PermissionDenied
from app.model.service import Service


def _incidents(store, people, sample):
    clerk = Service(store, people["staff"])
    chief = Service(store, people["section_chief"])
    a = clerk.create_incident(sample)  # 10:00, 対面, 港 一郎 and 芝 花子
    clerk.append(a, "staff_joined", {"at": "2025-04-01T10:10:00+09:00", "joined": ["芝 係長"], "staff_present": 4})
    clerk.append(a, "note", {"at": "2025-04-01T10:40:00+09:00", "text": "対応を終えました", "event": "encounter_ended"})
    judge(chief, a, {"result": "経過観察", "rationale": "架空の判断", "at": "2025-04-03T09:00:00+09:00"})
    chief.append(a, "closed", {"at": "2025-04-08T17:00:00+09:00", "outcome": "終了", "resolved": True})  # days later
    phone = dict(sample, channel="電話", department="保険年金課", behaviours=[], quotes=[])
    b = clerk.create_incident(phone)
    clerk.append(b, "backup_call", {"at": "2025-04-01T10:05:00+09:00", "staff_present": 3})
    clerk.append(b, "call_ended", {"at": "2025-04-01T10:30:00+09:00", "reason": "時間超過", "limit": 20,
                                   "elapsed": 30})
    c = clerk.create_incident(dict(phone, quotes=[]))  # no end recorded
    return a, b, c


def test_staff_hours_of_known_encounters(store, people, sample):
    a, b, c = _incidents(store, people, sample)
    hr = Service(store, people["hr"])
    h = hr.staff_hours()
    # a: 10:00 → 10:40 (the 対応終了 a week later does not count) × 4 staff; b: 10:00 → 10:30 × 3 staff
    assert (h.encounters, h.unknown, h.minutes, h.staff_minutes) == (2, 1, 70, 40 * 4 + 30 * 3)
    assert h.staff_hours == 4.2
    assert dict(h.by["department"]) == {"区民課": 160, "保険年金課": 90}
    assert dict(h.by["channel"]) == {"対面": 160, "電話": 90}
    assert h.by["behaviour"]["暴言、侮辱及び誹謗中傷"] == 160 and h.by["behaviour"][stats.UNKNOWN] == 90
    assert hr.statistics()["staff_hours"]["staff_minutes"] == 250
    assert hr.staff_hours("2025-04-02", "2025-04-30").encounters == 0
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).staff_hours()


def test_names_count_when_no_number_is_given(store, people, sample):
    from app.model import staff_hours
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(dict(sample, staff=["港 一郎", "芝 花子", "港 一郎"]))
    clerk.append(iid, "staff_joined", {"at": "2025-04-01T10:02:00+09:00", "joined": ["芝 係長"]})
    h = staff_hours.of_incident(iid, store.entries(iid))
    assert (h.minutes, h.staff) == (1, 3)  # to the last timed event (the quote at 10:01); three distinct names


def test_the_committee_report_has_the_duties_sections(store, people, sample, tmp_path):
    from app.export import committee_duties, committee_report as cr
    from tests.export.pdfcheck import all_text
    a, _b, _c = _incidents(store, people, sample)
    chief = Service(store, people["section_chief"])
    item = chief.add_prevention({"what": "待ち時間の目安を掲示する", "owner": "区民課長", "due": "2025-05-31",
                                 "incidents": [a], "review_note": "説明の不足が苛立ちを招いた",
                                 "at": "2025-04-20T09:00:00+09:00"})
    chief.add_prevention({"what": "録音告知の掲示", "owner": "総務課", "due": "2025-12-31",
                         "at": "2025-05-01T09:00:00+09:00"})
    chief.close_prevention(item.id)
    hr = Service(store, people["hr"])
    hr.add_training({"course": "管理職向け", "held_on": "2025-06-10", "attendees": ["麻布 課長", "芝 係長", "赤坂 部長"]})
    hr.add_notice({"means": "宣言", "date": "2025-04-01"})
    facts = stats.collect_for(hr, "2025-04-01", "2026-03-31")
    duties = committee_duties.collect(hr, facts, "2025-04-01", "2026-03-31", "2026-01-15")
    rep = cr.build_committee_report(facts, "2025-04-01", "2026-03-31", created_on="2026-01-15", reporter="人事課",
                                    duties=duties)
    pdf = cr.render_pdf(rep)
    (tmp_path / "committee.pdf").write_bytes(pdf)
    text = all_text(pdf)
    for words in ("再発防止・事例検証の項目", "待ち時間の目安を掲示する", "完了", "期限超過", "研修・方針の周知",
                  "令和7年度", "延べ対応時間", "4.2人時間", "区民課", "保険年金課"):
        assert words in text, words
    assert "麻布 課長" not in text  # attendees are counted, never named
    xlsx = cr.render_xlsx(rep)
    assert len(xlsx) > 1000
