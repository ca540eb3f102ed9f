"""Japanese full-text search: one FTS5 trigram document per incident.

Trigram finds 「土下座」 inside any longer quote. Queries of one or two characters are shorter than a
trigram, so they fall back to a LIKE scan over the same documents.
"""
from __future__ import annotations

import json

from app.model import kinds

SEARCHED_FIELDS = kinds.searchable_fields()  # fields the registry marks searchable
SEPARATOR = "\n"
PRIVATE_KINDS = kinds.private_kinds()        # care: visible to few people, so never searched


def texts_of(kind: str, payload, private_targets=frozenset(), supersedes: str | None = None) -> list[str]:
    """The searchable words of one entry. A correction of a private entry (``supersedes`` in
    ``private_targets``) is as private as the entry it corrects."""
    if isinstance(payload, str):
        payload = json.loads(payload)
    if kind in PRIVATE_KINDS or (supersedes is not None and supersedes in private_targets):
        return []
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
