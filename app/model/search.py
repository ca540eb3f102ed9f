"""Japanese full-text search: one FTS5 trigram document per incident.

Trigram finds 「土下座」 inside any longer quote. Queries of one or two characters are shorter than a
trigram, so they fall back to a LIKE scan over the same documents.
"""
from __future__ import annotations

import json

SEARCHED_FIELDS = ("text", "summary", "demands", "place", "reason", "outcome", "rationale", "note")
SEPARATOR = "\n"
PRIVATE_KINDS = ("care_referral", "care_followup")


def texts_of(kind: str, payload) -> list[str]:
    if isinstance(payload, str):
        payload = json.loads(payload)
    if kind in PRIVATE_KINDS:
        return []  # care follow-up is visible to few people: its words must not make an incident findable
    out = [payload[f] for f in SEARCHED_FIELDS if isinstance(payload.get(f), str) and payload.get(f)]
    party = payload.get("party")
    if isinstance(party, dict):
        out += [party[f] for f in ("name", "description") if isinstance(party.get(f), str) and party.get(f)]
    if kind == "correction" and isinstance(payload.get("replacement"), dict):
        out += texts_of("", payload["replacement"])
    return out


def join(texts: list[str]) -> str:
    return SEPARATOR.join(texts)


def fts_query(text: str) -> str:
    """Quote the user's text as one FTS5 string (no operators from user input)."""
    return '"' + text.replace('"', '""') + '"'


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
