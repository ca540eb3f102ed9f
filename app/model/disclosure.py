"""本人開示 (issue 17 §3): everything the ward holds about one named person, facts apart from opinions.

Since 令和5年4月 the 個人情報保護法 applies directly to the ward: a person may ask for what is held about
them, and 評価・判断 information (a staff member's evaluation or judgement) may be withheld. So every kind of
entry is classified here, once:

- ``FACT``: what happened or what the ward did, as recorded;
- ``OPINION``: a staff evaluation or judgement, listed apart so the 課 can decide what to withhold;
- ``NOT_ABOUT``: records that are not about the person (staff care records, the 課's own bookkeeping):
  left out of the package;
and ``OPINION_FIELDS`` names the opinion parts of a fact kind (the reason given for stopping a response).
A test fails when the registry (app/model/kinds.py) has a kind that is not classified here.

Each incident's 出入禁止 are also collected as the bans tab and the Service derive them (app/model/bans.py):
:func:`collect_bans`, their state on the package's date by :func:`ban_state_on`.
"""
from __future__ import annotations

import datetime as _dt

from app.model import bans as ban_model
from app.model import kinds, parties, signing
from app.model.entry import effective_entries

FACT, OPINION, NOT_ABOUT = "fact", "opinion", "not_about"

CLASSIFICATION: dict[str, str] = {
    **{k: FACT for k in ("incident_created", "quote", "act", "behaviour_observed", "stop_request", "leave_request",
                         "backup_call", "eviction_order", "police_call", "call_ended",
                         "second_response_statements", "response_stopped", "document_issued", "attachment_added",
                         "takedown_request", "disclosure_request", "party_status", "answer", "closed",
                         "ban_decided", "ban_approved", "ban_renewed")},
    **{k: OPINION for k in ("note", "judgement", "escalation", "step_input", "committee_report",
                            "approval_requested", "approval_given",
                            "accommodation_check",
                            "legal_stage")},  # the ward's legal advice on the case: about the person, shown apart
    **{k: NOT_ABOUT for k in ("care_referral", "care_followup", "care_readers_added", "staff_joined", "step_done",
                              "case_transferred", "party_linked",
                              "party_merged", "reopened", "claimed", "conflict_resolved", "correction",
                              "consultation", "consultation_followup")},
    **{k: NOT_ABOUT for k in ("measure_taken", "measure_followup")},  # 配慮措置: a worker's record, not the party's
    **{k: NOT_ABOUT for k in ("prevention_item", "prevention_progress", "training_held", "notice_given")},
    # the disclosure register itself (app/model/kinds_disclosure.py): the 課's handling of a request
    **{k: NOT_ABOUT for k in ("disclosure_received", "disclosure_extended", "disclosure_decided",
                              "correction_received", "correction_decided", "disclosure_package_issued")},
    # the 課's disposal bookkeeping (app/model/kinds_disposal.py): after it nothing about the person is held;
    # a 相談's disposal is about a worker's record, not the party's
    **{k: NOT_ABOUT for k in ("disposal_approved", "disposal_executed", "consultation_disposal_approved",
                              "consultation_disposal_executed")},
}
OPINION_FIELDS: dict[str, tuple[str, ...]] = {
    "incident_created": ("staff", "manual_edition"),
    "response_stopped": ("reason",), "call_ended": ("reason",), "police_call": ("reason",),
    "party_status": ("reason",), "closed": ("seen",),
    "ban_decided": ("reason",),
    "ban_approved": ("comment",), "ban_renewed": ("reason",),
}


def classify(kind: str) -> str:
    """FACT, OPINION or NOT_ABOUT; an unknown kind (a newer PC's) is treated as an opinion: shown apart."""
    return CLASSIFICATION.get(kind, OPINION)


def unclassified() -> list[str]:
    return sorted(set(kinds.KINDS) - set(CLASSIFICATION))


#: fields of a fact that hold another entry's id: printed as that entry's kind (「出入禁止の決定」), never the id
REFERENCE_FIELDS = ("decision_id",)


#: fields an item shows in its own column (``at``), not again in what it says
SHOWN_APART = ("at", "occurred_at")


def _item(e, payload: dict) -> dict:
    """One line: the time it is about (the 発生日時 for the opening entry), and what it says without that
    time and without the author's signature (authentication, not content): ``text`` as the time line words
    it (app/model/workspace.describe), ``fields`` the values it was worded from (internal ids left out), for
    a document to word them again with its own date format."""
    from app.model import workspace  # the time line's wording (imports the Service module)
    k = kinds.get(e.kind)
    shown = signing.strip(payload) if signing.SIGNATURE in payload else payload
    fields = {n: v for n, v in shown.items() if n not in workspace.HIDDEN_FIELDS and n not in SHOWN_APART}
    return {"at": workspace.happened_at(e), "kind": e.kind, "label": k.label if k else e.kind,
            "text": workspace.describe(e.kind, fields), "fields": fields, "recorded_by": e.author,
            "entry_id": e.id}


def collect_incident(incident_id: str, stored) -> dict:
    """One incident's facts and opinions about its party (corrections applied; care records left out)."""
    facts, opinions, documents, attachments = [], [], [], []
    effective = effective_entries(stored)
    labels = {e.id: (kinds.get(e.kind).label if kinds.get(e.kind) else "") for e in effective}
    bans = ban_model.bans_of(stored, _dt.date.today().isoformat())
    told = reasons_told(bans)
    for e in effective:
        cls = classify(e.kind)
        if cls == NOT_ABOUT or not isinstance(e.payload, dict):
            continue
        hidden = OPINION_FIELDS.get(e.kind, ())
        fact_part = {k: (labels.get(v, "") if k in REFERENCE_FIELDS else v)
                     for k, v in e.payload.items() if k not in hidden}
        opinion_part = {k: v for k, v in e.payload.items() if k in hidden and v not in ("", None, [], {})
                        and not (k == "reason" and e.id in told)}  # told once, with the ban (collect_bans)
        if cls == FACT:
            facts.append(_item(e, fact_part))
            if opinion_part:
                opinions.append(_item(e, opinion_part))
        else:
            opinions.append(_item(e, e.payload))
        if e.kind == "document_issued":
            documents.append({"title": e.payload.get("title", ""), "number": e.payload.get("number", ""),
                              "at": e.payload.get("at", "") or e.recorded_at})
        elif e.kind == "attachment_added":
            attachments.append({"kind": e.payload.get("evidence_kind", ""), "filename": e.payload.get("filename", ""),
                                "captured_at": e.payload.get("captured_at", ""), "sha256": e.payload.get("sha256", ""),
                                "recorded_at": e.recorded_at})
    key = lambda item: item["at"]  # noqa: E731 - time order, as the person lived it
    return {"incident_id": incident_id, "facts": sorted(facts, key=key), "opinions": sorted(opinions, key=key),
            "documents": documents, "attachments": attachments, "bans": [_ban_facts(b) for b in bans]}


#: the 部長's answer read back from a state of app/model/bans.py (its ``state_on`` is the one rule): a ban
#: not answered is 承認待ち, one sent back 差戻し, every other state is an approved ban's
_ANSWER_OF_STATE = {ban_model.PENDING: "", ban_model.REJECTED: "差戻し"}


def collect_bans(stored) -> list[dict]:
    """The incident's 出入禁止, oldest first, as app/model/bans.py derives them for the bans tab and the
    Service (corrections applied, approved renewals moving the end and review dates), kept as facts: the
    period, the review date, the scope, who decided, the 部長's answer (``answer``: 承認 / 差戻し / "" not yet)
    and who gave it, the renewals. The reason (and a renewal's) is kept only once the 部長 approved it: it is
    then what the 出入禁止通知書 tells the person, a fact, and :func:`collect_incident` does not repeat it in the
    opinion part (:func:`reasons_told`); a reason never approved stays the 課長's judgement, in the opinion
    part of the decision's entry. No state here: it depends on the package's date
    (:func:`ban_state_on`). No entry id either: nothing here is printed as an id."""
    return [_ban_facts(b) for b in ban_model.bans_of(stored, _dt.date.today().isoformat())]


def _answer_of(ban) -> str:
    return _ANSWER_OF_STATE.get(ban.state, "承認")


def reasons_told(bans) -> set[str]:
    """The ids of the decisions and renewals (app/model/bans.py's bans of one incident) whose reason the
    部長 approved: given to the person with the ban (:func:`collect_bans`), so a fact, and not again among
    the opinions; a reason not approved stays in the opinion part."""
    return ({b.decision_id for b in bans if _answer_of(b) == "承認"}
            | {r["id"] for b in bans for r in b.renewals if r["state"] == "承認"})


def _ban_facts(b) -> dict:
    answer = _answer_of(b)
    return {"start_date": b.start_date, "end_date": b.end_date, "review_date": b.review_date,
            "scope": b.scope, "reason": b.reason if answer == "承認" else "", "answer": answer,
            "decided_by": b.decided_by, "approved_by": b.approved_by,
            "renewals": [{"end_date": r["end_date"], "review_date": r["review_date"], "state": r["state"],
                          "reason": r["reason"] if r["state"] == "承認" else ""} for r in b.renewals]}


def ban_state_on(ban: dict, day) -> str:
    """The state on ``day`` (a date or YYYY-MM-DD) of a ban of :func:`collect_bans`, by app/model/bans.py's
    own rule: 承認待ち, 差戻し, 開始前, 有効, 期間満了 or 失効."""
    dates = ban_model.Ban("", "", "", "", ban["start_date"], ban["end_date"], ban["review_date"])
    return ban_model.state_on(ban["answer"] or None, dates, day.isoformat() if isinstance(day, _dt.date) else day)


def incidents_of(store, name: str) -> tuple[list[str], list[str]]:
    """(the party ids this exact name is, after merges; their incidents, oldest first). Never normalised:
    a request by 髙橋 does not collect 高橋's records (near names are for a person to check)."""
    ids = parties.members(store.conn, parties.party_id_for(name=name))
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(f"SELECT id FROM incidents WHERE ws_party_id IN ({marks}) ORDER BY occurred_at, id",
                              ids).fetchall()
    return ids, [r[0] for r in rows]
