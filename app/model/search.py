"""Japanese full-text search: one FTS5 trigram document per incident.

Trigram finds 「土下座」 inside any longer quote. Queries of one or two characters are shorter than a
trigram: from m0007 they are looked up in a side index of the same texts, one token a character (``short_grams``;
a contentless FTS5 table), so no query scans; older stores fall back to LIKE.
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


# The 1–2 character index holds every character of the texts as its own token, in order (positions kept), so
# a 1-character query is a token and a 2-character one a phrase of two adjacent tokens. Every category but
# white space and controls is a token character (punctuation and symbols are found, as LIKE found them); white
# space becomes a filler token, so a pair never matches across a space or from one text to the next.
SHORT_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cf'"
_FILLER = "\ue000"
_WHITE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
         "\u200a\u2028\u2029\u202f\u205f\u3000"
_TO_FILLER = str.maketrans({c: _FILLER for c in _WHITE})


def short_grams(text: str) -> str:
    """``text`` (one text or several joined by SEPARATOR) as the 1–2 character index holds it: its characters
    one by one, white space as a filler (two C-level string operations, no per-character Python)."""
    return " ".join(text.translate(_TO_FILLER))


def short_query(text: str) -> str:
    """The short index's query for a 1- or 2-character text (already stripped): one FTS5 phrase."""
    return '"' + " ".join(text).replace('"', '""') + '"'
