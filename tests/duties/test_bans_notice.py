"""出入禁止通知書: issued only by the 課長 for an approved ban, numbered and kept; its text read back."""
from __future__ import annotations

import datetime as dt

import pytest

from app.export import issue
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.duties.ban_helpers import decided
from tests.export.pdfcheck import all_text, row_right_of

SETTINGS = {"document_number_prefix": "港区民", "section_chief_name": "麻布 課長", "ban_contact": "電話 03-0000-0000"}
NOW = dt.datetime(2025, 4, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def test_the_notice_names_the_person_as_recorded_and_says_period_review_and_objection(store, people, sample,
                                                                                     tmp_path):
    iid, did = decided(store, people, sample)
    chief = Service(store, people["section_chief"])
    with pytest.raises(InputError) as info:  # not approved yet: a draft only
        issue.issue_for(chief, iid, "ban-notice", settings=SETTINGS, extra={"decision_id": did}, now=NOW)
    assert "部長の承認" in info.value.ja
    Service(store, people["director"]).approve_ban(iid, did)
    for role in ("staff", "chief", "director"):
        with pytest.raises(PermissionDenied):
            issue.issue_for(Service(store, people[role]), iid, "ban-notice", settings=SETTINGS,
                            extra={"decision_id": did}, now=NOW)
    got = issue.issue_for(chief, iid, "ban-notice", settings=SETTINGS, extra={"decision_id": did}, now=NOW)
    assert got.number == "7港区民第1号"
    text = all_text(got.pdf).replace("\n", "")
    for piece in ("出入禁止通知書", "髙橋 﨑子", "7港区民第1号", "令和7年4月5日", "令和7年4月10日から令和7年10月9日まで",
                  "令和7年7月9日", "不服がある場合", "区民課", "03-0000-0000", "退去命令にも従わなかった",
                  "本庁舎1階 区民課窓口"):
        assert piece in text, piece
    assert "令和7年7月9日" in row_right_of(got.pdf, "見直し日")
    assert [d["doc_kind"] for d in issue.listed(chief, iid)] == ["ban-notice"]
    (tmp_path / "notice.pdf").write_bytes(got.pdf)
    with pytest.raises(InputError):
        issue.issue_for(chief, iid, "ban-notice", settings=SETTINGS, extra={"decision_id": "nothing"}, now=NOW)
