"""Facts and totals for statistics and the 推進委員会 report (no Qt).

One SQL pass over the entries of the kinds the totals need (each payload parsed once), then corrections are applied per incident exactly as ``effective_entries`` does:
the latest correction (by clock order) of an entry replaces its payload, ``{"withdrawn": true}`` removes it.

Per incident: month, 年度 (April–March), 所属, 手段, behaviour types, judgement (該当 / 非該当 / 経過観察 /
未判断), steps taken, resolution (解決 / 未解決 / 対応中) and days to resolution.
"""
from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from app.model import fiscal, kinds, vocab

UNJUDGED = vocab.UNJUDGED
JUDGEMENTS = (*vocab.judgement_results(), UNJUDGED)  # the default edition's results, then 未判断
RESOLUTIONS = ("解決", "未解決", "対応中")
#: step label → how it shows in the log. Order is the order printed in reports.
_INTERNET = ("takedown_request", "disclosure_request")
STEPS = (*(v for k, v in kinds.measures().items() if k not in _INTERNET), "法律相談",
         *(kinds.label(k) for k in _INTERNET))  # the order the manual gives them
_STEP_OF_KIND = kinds.measures()  # 講じた措置, labelled by the registry (app/model/kinds.py)
LEGAL_DOC_KINDS = ("legal-request",)  # a 法律相談依頼書 issued counts as 法律相談
UNKNOWN = "（未記入）"

#: Entry kinds the statistics read (plus corrections of them).
KINDS = ("incident_created", "behaviour_observed", "judgement", "document_issued", "closed", "reopened",
         "committee_report", *_STEP_OF_KIND)
DIMENSIONS = {  # name → (Japanese label, how one incident contributes keys)
    "month": "月別", "fiscal_year": "年度別", "department": "所属別", "channel": "手段別",
    "behaviour": "迷惑行為の類型別", "judgement": "カスハラの判断", "step": "講じた措置", "resolution": "解決の有無",
}


@dataclass
class IncidentFacts:
    id: str
    occurred_at: str = ""
    month: str = ""          # 2025-04
    fiscal_year: int | None = None  # 2025 = 令和7年度
    department: str = ""
    channel: str = ""
    behaviours: list[str] = field(default_factory=list)
    judgement: str = UNJUDGED
    steps: dict[str, int] = field(default_factory=dict)  # step label → how many times
    step_details: list[tuple[str, str, str]] = field(default_factory=list)  # (at, label, detail)
    resolution: str = "対応中"
    closed_at: str = ""
    outcome: str = ""
    days_to_resolution: float | None = None
    summary: str = ""
    demands: str = ""
    place: str = ""
    party: dict = field(default_factory=dict)
    staff: list[str] = field(default_factory=list)
    committee: dict | None = None  # the latest committee_report entry (occurrence, handling, resolved)

    def keys(self, dimension: str) -> list[str]:
        """The values this incident counts under in ``dimension`` (several for behaviour and step)."""
        if dimension == "month":
            return [self.month or UNKNOWN]
        if dimension == "fiscal_year":
            return [str(self.fiscal_year) if self.fiscal_year else UNKNOWN]
        if dimension == "department":
            return [self.department or UNKNOWN]
        if dimension == "channel":
            return [self.channel or UNKNOWN]
        if dimension == "behaviour":
            return list(self.behaviours) or [UNKNOWN]
        if dimension == "judgement":
            return [self.judgement]
        if dimension == "step":
            return [s for s in STEPS if s in self.steps]
        if dimension == "resolution":
            return [self.resolution]
        raise KeyError(dimension)


@dataclass
class Totals:
    count: int
    by: dict[str, Counter]
    resolved_count: int
    mean_days: float | None
    median_days: float | None

    def ordered(self, dimension: str) -> list[tuple[str, int]]:
        """(key, count) in a stable, meaningful order: time dimensions by time, the manual's lists in the
        manual's order, the rest by count (then name)."""
        c = self.by[dimension]
        fixed = {"judgement": JUDGEMENTS, "step": STEPS, "resolution": RESOLUTIONS}.get(dimension)
        if dimension == "behaviour":
            fixed = vocab.behaviours()
        if fixed:
            known = [(k, c[k]) for k in fixed if k in c or dimension in ("judgement", "step", "resolution")]
            return known + sorted(((k, v) for k, v in c.items() if k not in fixed), key=lambda kv: (-kv[1], kv[0]))
        if dimension in ("month", "fiscal_year"):
            return sorted(c.items())
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))


def _behaviour_label(value: str) -> str:
    """Today's label for a recorded id, label or earlier spelling; an unknown value is counted as recorded."""
    return vocab.behaviour_label(value) or value


def _select_sql(where: str) -> str:
    # kind is filtered in SQL; the payload is parsed once in Python rather than by one json_extract per
    # field (each of which parses the JSON again): about 1.4x faster on 3,000 incidents.
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    return (f"SELECT incident_id, id, kind, supersedes, hlc, device_id, seq, payload FROM entries"
            f" WHERE (kind IN ({kinds}) OR kind = 'correction') {where}"
            " ORDER BY incident_id, hlc, device_id, seq")


def collect(store, date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
            incident_ids: Iterable[str] | None = None) -> list[IncidentFacts]:
    """Facts of every incident whose 発生日 (the local date as recorded) lies in [date_from, date_to].

    Dates are ``YYYY-MM-DD`` (inclusive). Incidents are returned ordered by occurred_at, then id.
    """
    where, args = "", []
    conds = []
    if date_from:
        conds.append("substr(occurred_at, 1, 10) >= ?")
        args.append(str(date_from)[:10])
    if date_to:
        conds.append("substr(occurred_at, 1, 10) <= ?")
        args.append(str(date_to)[:10])
    if conds:
        where = f"AND incident_id IN (SELECT id FROM incidents WHERE {' AND '.join(conds)})"
    if incident_ids is not None:
        ids = list(incident_ids)
        where += f" AND incident_id IN ({', '.join('?' * len(ids))})" if ids else " AND 0"
        args += ids
    rows = store.conn.execute(_select_sql(where), args)
    out: list[IncidentFacts] = []
    current: list[tuple] = []
    current_id = None
    for row in rows:
        if row[0] != current_id:
            if current:
                out.append(_facts(current_id, current))
            current_id, current = row[0], []
        current.append(row)
    if current:
        out.append(_facts(current_id, current))
    # the date filter used the cached projection; re-check against the corrected occurred_at
    lo = str(date_from)[:10] if date_from else ""
    hi = str(date_to)[:10] if date_to else ""

    def in_range(f: IncidentFacts) -> bool:
        day = f.occurred_at[:10]
        return (not lo and not hi) or (bool(day) and (not lo or day >= lo) and (not hi or day <= hi))

    out = [f for f in out if in_range(f)]
    out.sort(key=lambda f: (f.occurred_at, f.id))
    return out


def _facts(incident_id: str, rows: list[tuple]) -> IncidentFacts:
    latest: dict[str, tuple] = {}
    for r in rows:
        if r[2] == "correction" and r[3]:
            latest[r[3]] = r
    f = IncidentFacts(id=incident_id)
    observed: list[str] = []
    for r in rows:
        kind = r[2]
        if kind == "correction":
            continue
        corr = latest.get(r[1])
        if corr is not None:
            vals = json.loads(corr[7]).get("replacement") or {}
            if vals.get("withdrawn"):
                continue
        else:
            vals = json.loads(r[7])
        g = vals.get

        if kind == "incident_created":
            f.occurred_at = g("occurred_at") or ""
            f.channel = g("channel") or ""
            f.department = g("department") or ""
            f.summary = g("summary") or ""
            f.demands = g("demands") or ""
            f.place = g("place") or ""
            f.party = g("party") if isinstance(g("party"), dict) else {}
            f.staff = [x for x in (g("staff") or []) if isinstance(x, str)]
            f.behaviours = list(dict.fromkeys(_behaviour_label(b) for b in (g("behaviours") or []) if isinstance(b, str)))
        elif kind == "behaviour_observed":
            if g("behaviour"):
                observed.append(_behaviour_label(g("behaviour")))
        elif kind == "judgement":
            f.judgement = g("result") if g("result") in JUDGEMENTS else UNJUDGED
        elif kind in _STEP_OF_KIND:
            label = _STEP_OF_KIND[kind]
            f.steps[label] = f.steps.get(label, 0) + 1
            detail = g("phrase") or g("reason") or g("platform") or ""
            if kind in ("takedown_request", "disclosure_request") and g("result"):
                detail = f"{detail}（{g('result')}）" if detail else str(g("result"))
            f.step_details.append((g("at") or "", label, detail))
        elif kind == "document_issued":
            if g("doc_kind") in LEGAL_DOC_KINDS:
                f.steps["法律相談"] = f.steps.get("法律相談", 0) + 1
                f.step_details.append((g("at") or "", "法律相談", "法律相談依頼書"))
        elif kind == "closed":
            f.resolution = "解決" if g("resolved") is True or g("resolved") == 1 else "未解決"
            f.closed_at = g("at") or ""
            f.outcome = g("outcome") or ""
        elif kind == "reopened":
            f.resolution, f.closed_at, f.outcome = "対応中", "", ""
        elif kind == "committee_report":
            f.committee = {"occurrence": g("occurrence") or "", "handling": g("handling") or "",
                           "resolved": g("resolved")}
    for b in observed:
        if b not in f.behaviours:
            f.behaviours.append(b)
    if f.occurred_at:
        try:
            d = dt.datetime.fromisoformat(f.occurred_at)
            f.month = f"{d.year:04d}-{d.month:02d}"
            f.fiscal_year = fiscal.fiscal_year(d)
        except ValueError:
            pass
    if f.resolution == "解決" and f.closed_at and f.occurred_at:
        f.days_to_resolution = days_between(f.occurred_at, f.closed_at)
    return f


def days_between(start: str, end: str) -> float | None:
    try:
        delta = dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)
    except (ValueError, TypeError):
        return None
    return round(delta.total_seconds() / 86400, 2)


def totals(facts: Iterable[IncidentFacts]) -> Totals:
    facts = list(facts)
    by = {d: Counter() for d in DIMENSIONS}
    for f in facts:
        for d, c in by.items():
            c.update(f.keys(d))
    days = [f.days_to_resolution for f in facts if f.days_to_resolution is not None]
    return Totals(count=len(facts), by=by, resolved_count=sum(1 for f in facts if f.resolution == "解決"),
                  mean_days=round(statistics.fmean(days), 1) if days else None,
                  median_days=round(statistics.median(days), 1) if days else None)


def ids_where(facts: Iterable[IncidentFacts], dimension: str, key: str) -> list[str]:
    """Drill-down: the incident ids counted under ``key`` in ``dimension``."""
    return [f.id for f in facts if key in f.keys(dimension)]


fiscal_year_range = fiscal.fiscal_year_range  # the 年度 rule lives in app/model/fiscal.py
fiscal_year_of = fiscal.fiscal_year_of


def incident_rows(store, ids: list[str]) -> list[dict]:
    """The incident list's rows (as ``Store.list_incidents``) for the given ids: the drill-down list."""
    from app.model.store import LIST_COLUMNS
    out: list[dict] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = store.conn.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM incidents WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        out += [dict(zip(LIST_COLUMNS, r)) for r in rows]
    out.sort(key=lambda r: (r["occurred_at"] or "", r["id"]), reverse=True)
    return out


# ---- for a signed-in person (the permission table in app/model/permissions.py decides) ------------------
def collect_for(svc, date_from=None, date_to=None, incident_ids=None) -> list:
    """collect() for the person signed in to ``svc``: needs ``stats.view``."""
    svc.require("stats.view")
    return collect(svc.store, date_from, date_to, incident_ids)


def export_facts(svc, requested_deidentify: bool, date_from=None, date_to=None) -> tuple[list, bool]:
    """The facts for an export, checked and audited as this person's export (``export_deidentified``), and
    whether they must be de-identified."""
    deidentify = export_deidentified(svc, requested_deidentify)
    return collect(svc.store, date_from, date_to), deidentify


def export_deidentified(svc, requested: bool) -> bool:
    """Whether an export for this person must be de-identified, and the export audited.

    Those with ``incident.export`` get what they asked for; those who may only see statistics
    (人事課, 部長 …) always get de-identified parties and staff."""
    from app.model import audit
    forced = not svc.can("incident.export")
    if forced:
        svc.require("stats.view")
    audit.record(svc.store, svc.actor.author, "export", target="statistics",
                 detail="deidentified" if (forced or requested) else "identified", channel=svc.channel)
    return forced or requested
