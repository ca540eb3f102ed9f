"""Filtering and sorting the incident list in SQL (no Qt). Only whitelisted columns reach ORDER BY."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from app.model import search
from app.model.search import SEARCH_ROW_BITS
from app.model.case_index import SEP

# column key (as shown in the list) -> SQL expression; nothing else may be sorted on
SORTABLE = {
    "occurred_at": "occurred_at",
    "channel": "channel",
    "department": "department",
    "party_label": "party_label",
    "summary": "summary",
    "status": "status",
    "stage": "ws_stage",
    "judgement": "ws_judgement",
    "entry_count": "entry_count",
    "updated": "updated_hlc",
}
LIST_COLUMNS = ("id", "occurred_at", "channel", "department", "summary", "party_label", "status", "entry_count")
WORKSPACE_COLUMNS = (("ws_stage", "stage"), ("ws_judgement", "judgement"), ("ws_needs_check", "needs_check"),
                     ("ws_resolved", "resolved"), ("ws_escalation", "escalation"), ("ws_party_id", "party_id"))


@dataclass
class IncidentFilter:
    """What the list shows. Empty fields do not filter. ``resolved``: "yes", "no" or "unknown"."""
    text: str = ""
    period_from: str = ""      # YYYY-MM-DD, inclusive
    period_to: str = ""        # YYYY-MM-DD, inclusive
    department: str = ""
    channel: str = ""
    behaviour: str = ""        # a behaviour label of the edition
    stage: str = ""            # a flow stage id
    judgement: str = ""        # 該当 非該当 経過観察, or "none" for not yet judged
    needs_check: bool = False  # 要確認 only
    resolved: str = ""
    escalation: str = ""       # 困難 / 特に困難: the 部長 / 総務部長 review queues
    party_id: str = ""
    open_only: bool = False

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in ("", False)}

    @classmethod
    def from_dict(cls, d: dict) -> "IncidentFilter":
        known = {f.name: f.type for f in fields(cls)}
        out = cls()
        for k, v in (d or {}).items():
            if k in known and isinstance(v, type(getattr(out, k))):
                setattr(out, k, v)
        return out

    @property
    def is_empty(self) -> bool:
        return not self.to_dict()


def where_clause(f: IncidentFilter | str | None, workspace: bool = True,
                 extra_needs_check: str | None = None, indexed_search: bool = True,
                 search_keys: bool = True) -> tuple[str, tuple]:
    """``workspace`` False on stores older than m0006 (only the text search applies); ``indexed_search``
    False on stores older than m0005 (no search_docs); ``search_keys`` False on stores older than m0007
    (no search keys, no 1–2 character index: short texts are found with LIKE)."""
    if f is None:
        f = IncidentFilter()
    elif isinstance(f, str):
        f = IncidentFilter(text=f)
    parts: list[str] = []
    args: list = []
    text = (f.text or "").strip()
    if text and search_keys:
        # the incidents' search keys, read from the FTS5 index alone (m0007)
        sql, arg = search_hits(text)
        parts.append(f"search_key IN ({sql})")
        args.append(arg)
    elif text:
        # FTS5 rowids are integers read from the index alone; reading incident_id (UNINDEXED) would read every
        # matching document's content. search_docs maps them back (12× faster for a common word at 20k).
        match = ("incident_search MATCH ?", search.fts_query(text)) if len(text) >= 3 else \
            ("body LIKE ? ESCAPE '\\'", search.like_pattern(text))
        if indexed_search:
            parts.append("id IN (SELECT incident_id FROM search_docs WHERE fts_rowid IN"
                         f" (SELECT rowid FROM incident_search WHERE {match[0]}))")
        else:
            parts.append(f"id IN (SELECT incident_id FROM incident_search WHERE {match[0]})")
        args.append(match[1])
    if f.period_from:
        parts.append("occurred_at >= ?")
        args.append(f.period_from[:10])
    if f.period_to:
        parts.append("occurred_at < ?")
        args.append(f.period_to[:10] + "T99")  # every time of that day sorts below "T99"
    for value, column in ((f.department, "department"), (f.channel, "channel")):
        if value:
            parts.append(f"{column} = ?")
            args.append(value)
    if f.open_only:
        parts.append("status = 'open'")
    if workspace:
        if f.behaviour:
            parts.append("instr(ws_behaviours, ?) > 0")
            args.append(SEP + f.behaviour + SEP)
        if f.stage:
            parts.append("ws_stage = ?")
            args.append(f.stage)
        if f.judgement == "none":
            parts.append("ws_judgement IS NULL")
        elif f.judgement:
            parts.append("ws_judgement = ?")
            args.append(f.judgement)
        if f.needs_check:
            parts.append(f"(ws_needs_check = 1{' OR ' + extra_needs_check if extra_needs_check else ''})")
        if f.resolved == "yes":
            parts.append("ws_resolved = 1")
        elif f.resolved == "no":
            parts.append("ws_resolved = 0")
        elif f.resolved == "unknown":
            parts.append("ws_resolved IS NULL")
        if f.escalation:
            parts.append("ws_escalation = ?")
            args.append(f.escalation)
        if f.party_id:
            parts.append("ws_party_id = ?")
            args.append(f.party_id)
    return ("WHERE " + " AND ".join(parts) if parts else ""), tuple(args)


def search_hits(text: str) -> tuple[str, str]:
    """(SQL, argument) selecting the search keys of the incidents whose texts hold ``text`` (stripped, not
    empty), from the FTS5 index alone: trigram from 3 characters, the 1–2 character index below (m0007)."""
    if len(text) > search.SHORT:
        table, arg = "incident_search", search.fts_query(text)
    else:
        table, arg = "search_short", search.short_query(text)
    return f"SELECT rowid >> {SEARCH_ROW_BITS} AS k FROM {table} WHERE {table} MATCH ?", arg


def order_clause(sort: str = "occurred_at", descending: bool = True) -> str:
    column = SORTABLE.get(sort)
    if column is None:
        raise ValueError(f"not a sortable column: {sort!r}")
    direction = "DESC" if descending else "ASC"
    return f"ORDER BY {column} {direction} NULLS LAST, id {direction}"
