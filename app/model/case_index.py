"""The workspace columns of the ``incidents`` cache, derived from an incident's entries (no Qt).

Everything here is a cache: it is rebuilt from the entries on every append and by migration
m0003_workspace_columns, so it never holds anything the entries do not say.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from app.model import manual, vocab
from app.model.entry import Entry, effective_entries
from app.model.facts import collect
from app.model.flow import stage_of

DEFAULT_EDITION = "minato-r7-04"
SEP = "|"  # behaviour ids are stored as |id|id| so one can be matched exactly with instr()


def party_key_for_name(name: str) -> str:
    """A party id from the exact name as entered (never normalised: 﨑 and 崎 give different ids)."""
    return "n-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]


def party_key_for_incident(incident_id: str) -> str:
    """The party of an incident whose party has no name and was not linked to a known party."""
    return "d-" + incident_id


def party_id_of(incident_id: str, effective: list[Entry]) -> str:
    """The (unmerged) party id of an incident: an explicit link wins, then the exact name."""
    linked = [e.payload.get("party_id") for e in effective if e.kind == "party_linked" and e.payload.get("party_id")]
    if linked:
        return linked[-1]
    created = next((e for e in effective if e.kind == "incident_created"), None)
    name = ((created.payload.get("party") or {}).get("name") if created else "") or ""
    return party_key_for_name(name) if name else party_key_for_incident(incident_id)


@dataclass
class IndexRow:
    stage: str
    behaviours: str
    judgement_result: str | None
    needs_check: int
    resolved: int | None
    escalation_level: str | None
    party_id: str


def _edition(entries: list[Entry]):
    created = next((e for e in entries if e.kind == "incident_created"), None)
    edition_id = (created.payload.get("manual_edition") if created else None) or DEFAULT_EDITION
    try:
        return manual.load_edition(edition_id)
    except Exception:
        return manual.load_edition(DEFAULT_EDITION)


def index_row(incident_id: str, entries: Iterable[Entry]) -> IndexRow:
    entries = list(entries)
    effective = effective_entries(entries)
    edition = _edition(effective)
    f = collect(entries, edition)
    stage = stage_of(f, edition) if f.created else "initial_response"
    labels = [edition.behaviour(b)["label"] for b in f.behaviours] + list(f.unknown_behaviours)
    result = (f.judgement or {}).get("result") or None
    resolved = None
    for e in effective:  # the latest word on 解決の有無 wins (closed or committee_report)
        if e.kind in ("closed", "committee_report") and isinstance(e.payload.get("resolved"), bool):
            resolved = int(e.payload["resolved"])
    level = None
    levels = vocab.escalation_levels(edition)  # lowest first
    for lvl in f.escalations:
        if lvl in levels and (level is None or levels.index(lvl) > levels.index(level)):
            level = lvl
    return IndexRow(stage=stage, behaviours=SEP + SEP.join(labels) + SEP if labels else "",
                    judgement_result=result, needs_check=int(needs_check(f, stage, edition)), resolved=resolved,
                    escalation_level=level, party_id=party_id_of(incident_id, effective))


def needs_check(f, stage: str, edition) -> bool:
    """要確認: an incident someone should look at — open past the first response without the 課長's
    judgement, closed without a judgement or an outcome, or with behaviours the edition does not know."""
    if f.unknown_behaviours:
        return True
    if f.closed is not None:
        return not f.judgement or not (f.closed.get("outcome") or "")
    return stage in ("first_response", "closure") and not f.judgement
