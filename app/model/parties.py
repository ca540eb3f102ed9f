"""Parties (相手方) across incidents and offices: repeat contacts, earlier answers, the status ladder.

A party is identified by an explicit ``party_linked`` entry, else by its exact name as entered, else it
is the incident's own unnamed party. Names are never normalised: 﨑 and 崎 are different parties; near
matches are only *suggested* (``near_matches``) and joined only by a ``party_merged`` entry a person
records. Statuses follow the ladder 注視 → 警告済 → 出入禁止 (``party_status`` entries with dates,
reason and expiry). A new 出入禁止 is only a ban of app/model/bans.py (decided, approved, reviewed); the
current status is 出入禁止 while such a ban is in force, else the latest unexpired ladder step — an
出入禁止 recorded as a ``party_status`` before (old data, older PCs) still counts. All of this is read from
the cache tables that m0003_workspace_columns added.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from app.model import validation
from app.model.case_index import party_key_for_incident, party_key_for_name
from app.model.entry import effective_entries
from app.model.errors import InputError

LADDER = ("注視", "警告済", "出入禁止")
ENTRY_BAN = "出入禁止"
CHOOSABLE = tuple(s for s in LADDER if s != ENTRY_BAN)  # what a person may still record as a status
# Characters that are often variants of each other in names. Used only to *suggest* a match.
VARIANTS = [set("﨑崎嵜"), set("髙高"), set("邊邉辺"), set("齋齊斎斉"), set("𠮷吉"), set("濱浜"), set("澤沢"),
            set("國国"), set("櫻桜"), set("德徳"), set("廣広"), set("眞真"), set("槇槙")]
_VARIANT_OF = {ch: i for i, group in enumerate(VARIANTS) for ch in group}
_IGNORABLE = {" ", "\u3000", "\u200b"} | {chr(c) for c in range(0xFE00, 0xFE10)} | {
    chr(c) for c in range(0xE0100, 0xE01F0)}


@dataclass
class PartyStatus:
    status: str
    since: str = ""
    until: str = ""
    reason: str = ""
    author: str = ""
    incident_id: str = ""
    entry_id: str = ""

    def active(self, today: str) -> bool:
        return not self.until or self.until >= today


@dataclass
class EarlierContact:
    incident_id: str
    occurred_at: str
    channel: str
    department: str
    summary: str
    demands: str
    answers: list[dict] = field(default_factory=list)   # {"at", "text", "source"}
    judgement: str = ""
    outcome: str = ""


@dataclass
class PartyHistory:
    party_id: str
    label: str
    incidents: list[EarlierContact]
    status: PartyStatus | None           # the current (latest, unexpired) status
    statuses: list[PartyStatus]          # the whole ladder, oldest first
    suggestions: list[dict]              # near matches, never merged automatically
    bans: list[dict] = field(default_factory=list)  # 出入禁止 in force today (app/model/bans.py), any incident

    @property
    def banned(self) -> bool:
        return self.status is not None and self.status.status == ENTRY_BAN


def party_id_for(name: str = "", incident_id: str = "") -> str:
    if name:
        return party_key_for_name(name)
    if incident_id:
        return party_key_for_incident(incident_id)
    raise InputError("相手方の氏名か事案を指定してください。", "Give a party name or an incident.", field="party")


def canonical(conn, party_id: str) -> str:
    """Follow recorded merges (in clock order) to the party this id now belongs to."""
    merges = dict(conn.execute("SELECT from_id, into_id FROM ws_party_merges ORDER BY hlc"))
    seen = {party_id}
    while party_id in merges and merges[party_id] not in seen:
        party_id = merges[party_id]
        seen.add(party_id)
    return party_id


def members(conn, party_id: str) -> list[str]:
    """All party ids that are (after merges) this party."""
    root = canonical(conn, party_id)
    ids = {root}
    for (from_id,) in conn.execute("SELECT DISTINCT from_id FROM ws_party_merges"):
        if canonical(conn, from_id) == root:
            ids.add(from_id)
    return sorted(ids)


def _today() -> str:
    return dt.date.today().isoformat()


def statuses(conn, party_id: str) -> list[PartyStatus]:
    ids = members(conn, party_id)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT status, since, until, reason, author, incident_id, entry_id FROM ws_party_statuses"
        f" WHERE party_id IN ({marks}) ORDER BY hlc", ids)
    return [PartyStatus(*[r[i] or "" for i in range(7)]) for r in rows]


def current_status(store, party_id: str, today: str | None = None) -> PartyStatus | None:
    """The party's status on ``today``: 出入禁止 while a ban is in force, else the latest unexpired step."""
    today = today or _today()
    return status_now(statuses(store.conn, party_id), active_bans(store, members(store.conn, party_id), today),
                      today)


def status_now(ladder: list[PartyStatus], bans: list[dict], today: str) -> PartyStatus | None:
    """A ban in force (the latest started) outranks the ladder; else the ladder's latest step, if unexpired."""
    if bans:
        b = bans[-1]
        return PartyStatus(ENTRY_BAN, b["start_date"], b["end_date"], b["reason"], b["decided_by"],
                           b["incident_id"], b["decision_id"])
    latest = ladder[-1] if ladder else None
    return latest if latest is not None and latest.active(today) else None


def _answers(entries) -> tuple[list[dict], str, str]:
    """What the ward answered in an incident: 回答 entries, staff quotes, the 二次対応 statements, outcome."""
    out, judgement, outcome = [], "", ""
    for e in effective_entries(entries):
        p = e.payload
        if e.kind == "answer" and p.get("text"):
            out.append({"at": p.get("at") or e.recorded_at, "text": p["text"], "source": "回答"})
        elif e.kind == "call_ended" and p.get("reason"):  # what the caller was told when the call was ended
            out.append({"at": p.get("at") or e.recorded_at, "text": p["reason"], "source": "対応を終えた際の説明"})
        elif e.kind == "quote" and p.get("speaker") == "staff" and p.get("text"):
            out.append({"at": p.get("at") or e.recorded_at, "text": p["text"], "source": "職員の発言"})
        elif e.kind == "second_response_statements":
            said = [t for k, t in (("organisational_answer", "組織としての回答であること"),
                                   ("explained_fully", "説明を尽くしていること"),
                                   ("no_further_discussion", "これ以上の議論はできないこと")) if p.get(k)]
            if said:
                out.append({"at": p.get("at") or e.recorded_at, "text": "、".join(said) + "を伝えた",
                            "source": "二次対応"})
        elif e.kind == "judgement":
            judgement = p.get("result", "")
        elif e.kind == "closed":
            outcome = p.get("outcome", "")
            if outcome:
                out.append({"at": p.get("at") or e.recorded_at, "text": outcome, "source": "対応結果"})
    return out, judgement, outcome


def history(store, party_id: str, *, exclude_incident: str = "", limit: int = 20,
            today: str | None = None) -> PartyHistory:
    """The earlier incidents of a party (newest first) with what was answered, and its status."""
    conn = store.conn
    ids = members(conn, party_id)
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, occurred_at, channel, department, summary, party_label FROM incidents"
        f" WHERE ws_party_id IN ({marks}) AND id != ? ORDER BY occurred_at DESC, id LIMIT ?",
        (*ids, exclude_incident, limit)).fetchall()
    contacts, label = [], ""
    for r in rows:
        entries = store.entries(r[0])
        answers, judgement, outcome = _answers(entries)
        created = next((e.payload for e in effective_entries(entries) if e.kind == "incident_created"), {})
        contacts.append(EarlierContact(r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "",
                                       created.get("demands", ""), answers, judgement, outcome))
        label = label or r[5] or ""
    ladder = statuses(conn, party_id)
    today = today or _today()
    bans_now = active_bans(store, ids, today)
    return PartyHistory(canonical(conn, party_id), label, contacts, status_now(ladder, bans_now, today), ladder,
                        near_matches(conn, label) if label else [], bans_now)


def active_bans(store, party_ids: list[str], today: str) -> list[dict]:
    """The 出入禁止 in force on ``today`` in any incident of these party ids (the counter must see them)."""
    from app.model import bans
    marks = ",".join("?" * len(party_ids))
    rows = store.conn.execute(
        f"SELECT DISTINCT e.incident_id FROM entries e JOIN incidents i ON i.id = e.incident_id"
        f" WHERE e.kind = 'ban_decided' AND i.ws_party_id IN ({marks})", party_ids).fetchall()
    found = bans.active_bans({r[0]: store.entries(r[0]) for r in rows}, today)
    return [b.to_dict() for b in found]


def lookup(store, name: str = "", party_id: str = "", exclude_incident: str = "",
           today: str | None = None) -> PartyHistory | None:
    """For a new encounter: the known party by exact name (or chosen id), else None (with suggestions
    available from ``near_matches``)."""
    if not party_id:
        if not name:
            return None
        party_id = party_key_for_name(name)
    found = history(store, party_id, exclude_incident=exclude_incident, today=today)
    if not found.incidents and not found.statuses:
        return None
    return found


def phone_digits(phone: str) -> str:
    """The digits of a phone number (for comparing only; the number is stored as entered)."""
    return "".join(ch for ch in str(phone or "") if ch.isdigit())


def parties_by_phone(store, phone: str, exclude_incident: str = "") -> list[str]:
    """Party ids (canonical, newest incident first) whose incident records this phone number as it reads
    now (after corrections). Fewer than 6 digits match nothing (too short to tell callers apart)."""
    digits = phone_digits(phone)
    if len(digits) < 6:
        return []
    conn = store.conn
    rows = conn.execute("SELECT DISTINCT incident_id FROM entries WHERE kind IN ('incident_created', 'correction')"
                        " AND instr(payload, '\"phone\"') > 0 AND incident_id != ?", (exclude_incident,)).fetchall()
    found: list[tuple[str, str]] = []
    for (iid,) in rows:
        created = next((e for e in effective_entries(store.entries(iid)) if e.kind == "incident_created"), None)
        if created and phone_digits((created.payload.get("party") or {}).get("phone", "")) == digits:
            row = conn.execute("SELECT ws_party_id, occurred_at FROM incidents WHERE id = ?", (iid,)).fetchone()
            if row and row[0]:
                found.append((row[1] or "", canonical(conn, row[0])))
    out: list[str] = []
    for _at, pid in sorted(found, reverse=True):
        if pid not in out:
            out.append(pid)
    return out


def _skeleton(name: str) -> str:
    return "".join(str(_VARIANT_OF.get(ch, ch)) if ch in _VARIANT_OF else ch for ch in name if ch not in _IGNORABLE)


def similar(a: str, b: str) -> bool:
    """Near match for *suggesting* a duplicate (never for merging): the same name up to variant characters,
    spaces or variation selectors, or very close spelling."""
    if not a or not b or a == b:
        return False
    if _skeleton(a) == _skeleton(b):
        return True
    return len(a) >= 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def near_matches(conn, name: str, limit: int = 10) -> list[dict]:
    """Known named parties whose names are near ``name`` (not equal). Each: party_id, name, incidents."""
    if not name:
        return []
    own = party_key_for_name(name)
    out = []
    for label, pid, count in conn.execute(
            "SELECT party_label, ws_party_id, count(*) FROM incidents WHERE ws_party_id LIKE 'n-%'"
            " GROUP BY ws_party_id"):
        if pid != own and canonical(conn, pid) != canonical(conn, own) and similar(name, label or ""):
            out.append({"party_id": canonical(conn, pid), "name": label, "incidents": count})
        if len(out) >= limit:
            break
    return out


def party_of_incident(store, incident_id: str) -> str:
    row = store.conn.execute("SELECT ws_party_id FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    return canonical(store.conn, row[0]) if row and row[0] else party_key_for_incident(incident_id)


# ---- entries a person records ------------------------------------------------------------------
def link(service, incident_id: str, party_id: str, reason: str = ""):
    """This incident's party is the known ``party_id`` (a person selected it)."""
    validation.text(party_id, "party_id", required=True, max_len=200)
    return service.append(incident_id, "party_linked", {"party_id": party_id, "reason": reason})


def merge(service, incident_id: str, from_id: str, into_id: str, reason: str):
    """Record that two parties are the same person (a decision, recorded as an entry; never automatic)."""
    validation.text(reason, "reason", required=True, max_len=2000)
    if from_id == into_id:
        raise InputError("同じ相手方です。", "Both ids are the same party.", field="into")
    return service.append(incident_id, "party_merged", {"from": from_id, "into": into_id, "reason": reason})


def set_status(service, incident_id: str, status: str, since: str, reason: str, until: str = "",
               party_id: str = ""):
    """A step of the ladder 注視 → 警告済 (dates YYYY-MM-DD; ``until`` empty = no expiry). 出入禁止 is refused
    by the kind's rule: it is decided through the ban's life cycle (Service.decide_ban)."""
    validation.choice(status, "status", LADDER, required=True)
    validation.text(reason, "reason", required=True, max_len=2000)
    for key, value in (("since", since), ("until", until)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                raise InputError(f"{key}: 日付は YYYY-MM-DD で指定してください。", f"{key}: use YYYY-MM-DD.",
                                 field=key) from None
    if until and since and until < since:
        raise InputError("until: 期限が開始日より前です。", "until: the expiry is before the start.", field="until")
    payload = {"status": status, "since": since, "until": until, "reason": reason}
    if party_id:
        payload["party_id"] = party_id
    return service.append(incident_id, "party_status", payload)
