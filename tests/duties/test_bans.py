"""出入禁止 through the Service: who may decide and approve, the 合理的配慮の確認 first, the states under a
fake today (lapse at the review date), renewals approved again, the counter's check of a name."""
from __future__ import annotations

import pytest

from app.model import bans, manual
from app.model.errors import InputError, PermissionDenied
from app.model.kinds_bans import questions
from app.model.service import Service
from tests.duties.ban_helpers import BAN, CHECK, T, decided


def svc(store, people, role):
    return Service(store, people[role])


def test_the_check_needs_a_reason_for_each_yes_and_its_wording_is_the_editions(store, people, sample):
    iid = svc(store, people, "staff").create_incident(sample)
    chief = svc(store, people, "chief")  # the 係長 may record the check too
    with pytest.raises(InputError) as info:
        chief.accommodation_check(iid, dict(CHECK, harm_reason=""))
    assert "理由" in info.value.ja
    with pytest.raises(InputError):
        chief.accommodation_check(iid, dict(CHECK, needs_accommodation=True))
    with pytest.raises(InputError):  # both answers are required
        chief.accommodation_check(iid, {"about": "ban", "harm_to_life_or_health": False})
    with pytest.raises(InputError):
        chief.accommodation_check(iid, dict(CHECK, about="その他"))
    with pytest.raises(PermissionDenied):
        svc(store, people, "staff").accommodation_check(iid, CHECK)
    chief.accommodation_check(iid, dict(CHECK, needs_accommodation=True, accommodation_reason="聴覚障害：筆談で対応する"))
    q = questions(manual.load_edition())
    assert "合理的配慮" in q["needs_accommodation"] and "生命又は健康" in q["harm_to_life_or_health"]


def test_a_ban_needs_the_check_about_the_ban_and_valid_dates(store, people, sample):
    iid = svc(store, people, "staff").create_incident(sample)
    chief = svc(store, people, "section_chief")
    chief.accommodation_check(iid, dict(CHECK, about="judgement"))  # about the 判断: not enough
    with pytest.raises(InputError) as info:
        chief.decide_ban(iid, BAN)
    assert "合理的配慮の確認" in info.value.ja
    chief.accommodation_check(iid, CHECK)
    with pytest.raises(InputError):
        chief.decide_ban(iid, dict(BAN, review_date="2025-11-01"))  # after the end
    with pytest.raises(InputError):
        chief.decide_ban(iid, dict(BAN, review_date="2025-04-01"))  # before the start
    with pytest.raises(InputError):
        chief.decide_ban(iid, dict(BAN, reason="  "))
    with pytest.raises(InputError):
        chief.decide_ban(iid, {k: v for k, v in BAN.items() if k != "end_date"})
    with pytest.raises(InputError):
        chief.decide_ban(iid, dict(BAN, start_date="2025/04/10"))
    for role in ("staff", "chief", "director", "facility_manager"):
        with pytest.raises(PermissionDenied):
            svc(store, people, role).decide_ban(iid, BAN)
    assert chief.decide_ban(iid, BAN).kind == "ban_decided"


def test_only_the_director_approves_and_never_the_decider(store, people, sample):
    iid, did = decided(store, people, sample)
    for role in ("staff", "chief", "section_chief", "general_affairs_director"):
        with pytest.raises(PermissionDenied):
            svc(store, people, role).approve_ban(iid, did)
    director = svc(store, people, "director")
    with pytest.raises(InputError):
        director.approve_ban(iid, "no-such-id")
    with pytest.raises(InputError):
        director.approve_ban(iid, did, "たぶん")
    # a person holding both roles decided: the same person cannot approve their own decision
    from tests.people import multi_role
    both = Service(store, multi_role(store))
    iid2 = svc(store, people, "staff").create_incident(sample)
    both.accommodation_check(iid2, CHECK)
    own = both.decide_ban(iid2, BAN)
    with pytest.raises(InputError) as info:
        both.approve_ban(iid2, own.id)
    assert "本人" in info.value.ja
    director.approve_ban(iid2, own.id)
    clerk = svc(store, people, "staff")
    assert [b["state"] for b in clerk.bans("2025-05-01")] == ["承認待ち", "有効"]
    director.approve_ban(iid, did, "差戻し", "期間が長すぎる")
    with pytest.raises(InputError):  # one answer each
        director.approve_ban(iid, did)
    assert {b["decision_id"]: b["state"] for b in clerk.bans("2025-05-01")}[did] == "差戻し"


def test_states_under_a_fake_today_lapse_at_review_and_renewal_needs_approval(store, people, sample):
    iid, did = decided(store, people, sample)
    chief, director, clerk = (svc(store, people, r) for r in ("section_chief", "director", "staff"))
    with pytest.raises(InputError):  # not approved yet: nothing to renew
        chief.renew_ban(iid, did, {"end_date": "2026-04-09", "review_date": "2026-01-09", "reason": "再発"})
    director.approve_ban(iid, did, at=T)

    def state(today):
        return {b["decision_id"]: b["state"] for b in clerk.bans(today)}[did]
    assert state("2025-04-09") == "開始前"
    assert state("2025-04-10") == "有効"
    assert state("2025-07-09") == "有効"       # the review date itself
    assert state("2025-07-10") == "失効"       # not renewed by its review date
    assert state("2025-10-10") == "期間満了"
    assert clerk.ban_check(sample["party"]["name"], "2025-05-01")[0]["decision_id"] == did
    assert clerk.ban_check(sample["party"]["name"], "2025-07-10") == []
    assert clerk.ban_check("髙橋 崎子", "2025-05-01") == []  # 﨑 and 崎 are different names: never normalised
    with pytest.raises(InputError):
        chief.renew_ban(iid, did, {"end_date": "2026-04-09", "review_date": "2026-05-01", "reason": "再発"})
    with pytest.raises(InputError):
        chief.renew_ban(iid, did, {"end_date": "2026-04-09", "review_date": "2026-01-09"})
    with pytest.raises(PermissionDenied):
        svc(store, people, "director").renew_ban(iid, did, {"end_date": "2026-04-09", "review_date": "2026-01-09",
                                                            "reason": "再発"})
    renewal = chief.renew_ban(iid, did, {"end_date": "2026-04-09", "review_date": "2026-01-09",
                                         "reason": "見直しの結果、同様の行為が続いているため更新する"})
    assert state("2025-07-10") == "失効"       # a renewal counts only once the 部長 approves it
    row = next(b for b in clerk.bans("2025-07-10") if b["decision_id"] == did)
    assert row["renewal_pending"] and row["end_date"] == "2025-10-09"
    director.approve_ban(iid, renewal.id)
    assert state("2025-07-10") == "有効" and state("2026-01-10") == "失効"
    row = next(b for b in clerk.bans("2025-07-10") if b["decision_id"] == did)
    assert (row["end_date"], row["review_date"], row["party_name"]) == ("2026-04-09", "2026-01-09", "髙橋 﨑子")
    assert row["department"] == sample["department"]
    for role in ("hr", "sysadmin"):
        with pytest.raises(PermissionDenied):
            svc(store, people, role).bans("2025-05-01")


def test_party_lookup_shows_active_bans(store, people, sample):
    iid, did = decided(store, people, sample)
    svc(store, people, "director").approve_ban(iid, did)
    found = bans.active_bans({iid: store.entries(iid)}, "2025-05-01")
    assert [b.decision_id for b in found] == [did]
    from app.model import parties
    assert [b["decision_id"] for b in parties.lookup(store, name=sample["party"]["name"], today="2025-05-01").bans] \
        == [did]
    assert parties.lookup(store, name=sample["party"]["name"], today="2025-07-10").bans == []
    assert svc(store, people, "staff").party_lookup(name=sample["party"]["name"])[0] is not None
