"""Fictional 出入禁止 payloads for the tests of tests/duties."""
from __future__ import annotations

T = "2025-04-02T09:00:00+09:00"
CHECK = {"needs_accommodation": False, "harm_to_life_or_health": True,
         "harm_reason": "生活保護の申請は郵送でも受け付けるため支障はないと確認した", "about": "ban", "at": T}
BAN = {"reason": "3回にわたり職員を怒鳴りつけ、退去命令にも従わなかった", "start_date": "2025-04-10",
       "end_date": "2025-10-09", "review_date": "2025-07-09", "scope": "本庁舎1階 区民課窓口", "at": T}


def decided(store, people, sample, ban=None):
    """An incident with the 課長's 合理的配慮の確認 and a 出入禁止 decision: (incident id, decision id)."""
    from app.model.service import Service
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    chief.accommodation_check(iid, CHECK)
    return iid, chief.decide_ban(iid, dict(BAN, **(ban or {}))).id


def old_ban_status(svc, incident_id: str, payload: dict):
    """A 出入禁止 recorded as a ``party_status`` by an older version (old data, or synced from an older PC):
    written to the store directly, as no door of this version accepts it any more."""
    return svc.store.append(incident_id, "party_status", {"status": "出入禁止", **payload}, svc.actor.author)


def ban_items(start: str, end: str, review: str = "") -> list[tuple[str, dict]]:
    """The 課長's entries of a 出入禁止 for a ``before`` list: the check, then the decision."""
    return [("accommodation_check", {"needs_accommodation": False, "harm_to_life_or_health": False, "about": "ban"}),
            ("ban_decided", {"reason": "架空", "start_date": start, "end_date": end, "review_date": review or end})]


def approve_all(store, director, incident_id: str) -> None:
    """The 部長 approves every ban decided in the incident."""
    for e in store.entries(incident_id):
        if e.kind == "ban_decided":
            director.approve_ban(incident_id, e.id)
