"""Japanese full-text search: one FTS5 trigram document per incident.

Trigram finds 「土下座」 inside any longer quote. Queries of one or two characters are shorter than a
trigram: from m0007 they are looked up in a side index of every 1- and 2-character piece of the same texts
(``short_grams``; a contentless FTS5 table, detail=none), so no query scans; older stores fall back to LIKE.
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


SHORT = 2  # queries up to this many characters use the short index (trigram needs 3)
SEARCH_ROW_BITS = 20  # an incident's n-th search row has the FTS5 rowid search_key << 20 | n (m0007)


def _gram_token(gram: str) -> str:
    # one ASCII word per piece (8 hex digits a character, UTF-32): the FTS5 ``ascii`` tokenizer keeps it whole,
    # so punctuation and symbols are found like letters, as LIKE found them
    return "g" + gram.encode("utf-32-be").hex()


def short_grams(text: str) -> str:
    """The 1- and 2-character pieces of ``text`` (one text or several joined by SEPARATOR), as index words.
    Case is folded as the trigram index folds it; pieces with a space or line break are left out (a query is
    stripped, and no piece crosses from one text to the next)."""
    tokens: set[str] = set()
    for word in text.lower().split():  # any Unicode white space, the ideographic space too
        h = word.encode("utf-32-be").hex()  # a character is h[8i:8i + 8]; a pair h[8i:8i + 16]
        tokens.update("g" + h[j:j + 8] for j in range(0, len(h), 8))
        tokens.update("g" + h[j:j + 16] for j in range(0, len(h) - 8, 8))
    return " ".join(tokens)


def short_query(text: str) -> str:
    """The short index's query for a 1- or 2-character text (already stripped)."""
    return _gram_token(text.lower())
