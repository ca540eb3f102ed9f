"""The workspace columns of the ``incidents`` cache, derived from an incident's entries (no Qt).

Everything here is a cache: it is rebuilt from the entries on every append and by migration
m0003_workspace_columns, so it never holds anything the entries do not say.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from app.model import manual, vocab
from app.model.entry import Entry, effective_entries, sort_key
from app.model.facts import Facts, finish, fold, status_closed
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


# edition id -> Edition, looked up once per process: load_edition resolves the path and stats the file on
# every call, which was a fifth of a sync import's time (one look-up per incident); editions are read-only data
_EDITIONS: dict[str, object] = {}


def _edition(entries: list[Entry]):
    created = next((e for e in entries if e.kind == "incident_created"), None)
    edition_id = (created.payload.get("manual_edition") if created else None) or DEFAULT_EDITION
    found = _EDITIONS.get(edition_id)
    if found is None:
        try:
            found = manual.load_edition(edition_id)
        except Exception:
            found = manual.load_edition(DEFAULT_EDITION)
        _EDITIONS[edition_id] = found
    return found


def index_row(incident_id: str, entries: Iterable[Entry]) -> IndexRow:
    return fold_start(incident_id, entries).row()


# Kinds whose arrival can change more than the counters and lists a fold keeps: the incident itself, a
# correction (it rewrites an earlier entry), the party caches and links, and every register (status,
# judgement, a resolution). An entry of any other kind that sorts after every entry already folded is
# folded in; anything else re-derives the incident from all its entries.
_REFOLD_KINDS = frozenset({"incident_created", "correction", "party_status", "party_merged", "party_linked",
                           "committee_report", "closed"})


@dataclass
class Fold:
    """An incident's index row kept with what it was derived from, so a newly appended plain fact (発言,
    退去要求 …) is folded in without reading or re-deriving the incident (issue 18: live action)."""
    incident_id: str
    edition: object
    facts: object          # app.model.facts.Facts as folded, before finish
    closed: dict | None    # the status register's value
    effective: int         # effective entries folded (the index of the next one)
    count: int             # every entry of the incident, corrections included
    last_key: tuple        # sort key of the latest entry
    resolved: int | None
    party_id: str
    updated_hlc: str = ""  # the list row's updated_hlc when this fold was last written (the store sets it)

    def can_fold(self, e: Entry) -> bool:
        from app.model.conflicts import register_of
        return (e.incident_id == self.incident_id and e.supersedes is None and e.kind not in _REFOLD_KINDS
                and register_of(e.kind, e.payload) is None and sort_key(e) > self.last_key)

    def add(self, e: Entry) -> None:
        """Fold one entry (``can_fold`` must hold)."""
        fold(self.facts, e, self.effective, self.edition)
        self.effective += 1
        self.count += 1
        self.last_key = sort_key(e)

    def row(self) -> IndexRow:
        edition = self.edition
        f = finish(self.facts, self.closed, edition)
        stage = stage_of(f, edition) if f.created else "initial_response"
        labels = [edition.behaviour(b)["label"] for b in f.behaviours] + list(f.unknown_behaviours)
        result = (f.judgement or {}).get("result") or None
        level = None
        levels = vocab.escalation_levels(edition)  # lowest first
        for lvl in f.escalations:
            if lvl in levels and (level is None or levels.index(lvl) > levels.index(level)):
                level = lvl
        return IndexRow(stage=stage, behaviours=SEP + SEP.join(labels) + SEP if labels else "",
                        judgement_result=result, needs_check=int(needs_check(f, stage, edition)),
                        resolved=self.resolved, escalation_level=level, party_id=self.party_id)


def fold_start(incident_id: str, entries: Iterable[Entry]) -> Fold:
    """The fold of all of an incident's entries (the same facts ``collect`` gathers)."""
    entries = sorted(entries, key=sort_key)
    effective = effective_entries(entries)
    edition = _edition(effective)
    facts = Facts()
    for i, e in enumerate(effective):
        fold(facts, e, i, edition)
    closed = status_closed(entries, facts.closed)
    resolved = None
    for e in effective:  # the latest word on 解決の有無 wins (closed or committee_report)
        if e.kind in ("closed", "committee_report") and isinstance(e.payload.get("resolved"), bool):
            resolved = int(e.payload["resolved"])
    return Fold(incident_id=incident_id, edition=edition, facts=facts, closed=closed, effective=len(effective),
                count=len(entries), last_key=sort_key(entries[-1]) if entries else ("",),
                resolved=resolved, party_id=party_id_of(incident_id, effective))


def needs_check(f, stage: str, edition) -> bool:
    """要確認: an incident someone should look at — open past the first response without the 課長's
    judgement, closed without a judgement or an outcome, or with behaviours the edition does not know."""
    if f.unknown_behaviours:
        return True
    if f.closed is not None:
        return not f.judgement or not (f.closed.get("outcome") or "")
    return stage in ("first_response", "closure") and not f.judgement
