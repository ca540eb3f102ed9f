"""The incident view's content, computed in plain Python (no Qt): time line with corrections beside what
they superseded, flow stage and next actions, documents, evidence, internet steps, escalation, care, and
the CSV export of the history."""
from __future__ import annotations

import csv
import functools
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from app.model import approvals, care, evidence, kinds, kinds_bans, parties
from app.model.entry import CORRECTION, Entry, sort_key
from app.model.errors import StoreExistsError
from app.model.service import RESTRICTED

KIND_LABELS = kinds.labels()          # from the registry (app/model/kinds.py)
FIELD_LABELS = kinds.field_labels()
HIDDEN_FIELDS = ("manual_edition", "seen", "request", "staff_id", "party_id", "from", "into", "referral",
                 "measure_id", "imported")  # internal ids: never shown to people
INTERNET_KINDS = ("takedown_request", "disclosure_request")


def local_time(value) -> str:
    """An ISO time as people read it: this PC's local time, to the minute, without an offset."""
    try:
        t = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if t.tzinfo is not None:
        t = t.astimezone()
    return t.strftime("%Y-%m-%d %H:%M")


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "あり" if value else "なし"
    if isinstance(value, dict):
        return "、".join(f"{FIELD_LABELS.get(k, k)}: {_fmt(v)}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, list):
        return "、".join(_fmt(v) for v in value)
    return "" if value is None else str(value)


def _label(kind: str, name: str) -> str:
    """The field's label in that kind (``by`` is 判断者 in a judgement, 実施者 in a 退去要求)."""
    k = kinds.get(kind)
    f = k.field(name) if k else None
    return f.label if f else FIELD_LABELS.get(name, name)


@functools.lru_cache(maxsize=1)
def _edition_terms() -> dict[str, str]:
    """Ids of the default edition's definition and judgement points -> their words (①, the manual's text)."""
    from app.model import vocab
    e = vocab.default_edition()
    marks = "①②③④⑤⑥⑦⑧⑨"
    out = {it["id"]: it.get("mark") or (marks[i] if i < len(marks) else it["text"])
           for i, it in enumerate(e["definition"]["items"])}
    out.update({it["id"]: it["text"] for p in e["judgement"]["points"] for it in p["items"]})
    return out


def _step_words(step_id: str, field_id: str | None = None) -> str:
    from app.model import vocab
    step = vocab.default_edition().step(step_id) or {}
    if field_id is None:
        return vocab.step_title(step) if step else step_id
    field = next((f for f in step.get("fields", []) if f.get("id") == field_id), {})
    if field:
        return field.get("app_label") or field.get("label") or field_id
    if kinds.get(step_id) and kinds.get(step_id).field(field_id):  # e.g. the judgement page
        return kinds.get(step_id).field(field_id).label
    statements = {st["id"]: f"{st.get('mark', '')}{st['text']}"
                  for st in (vocab.default_edition().data.get("second_response") or {}).get("statements", [])}
    if field_id in statements:  # the 二次対応 page's three statements
        return statements[field_id]
    if kinds.get(field_id):  # a page's choice to record an entry of that kind (e.g. 対応中止)
        return kinds.get(field_id).label
    return FIELD_LABELS.get(field_id, field_id)  # a field of an entry the page writes (合理的配慮の確認 …)


def _value(kind: str, name: str, value, payload: dict | None = None, dates: DateFormat | None = None) -> str:
    if name in kinds.OPTION_LABELS and isinstance(value, str):
        return kinds.OPTION_LABELS[name].get(value, value)
    if name == "step" and isinstance(value, str):
        return _step_words(value)
    if kind == "note" and name == "event" and isinstance(value, str):  # a marker: 対応の終了, a wizard step
        from app.model.document_facts import EVENT_WORDS
        return EVENT_WORDS.get(value) or _step_words(value)
    if kind == "step_input" and name == "field" and isinstance(value, str):
        return _step_words(str((payload or {}).get("step", "")), value)
    if kind == "document_issued" and name == "doc_kind" and (payload or {}).get("title"):
        return str(payload["title"])  # the document's own title (the kind's id is for machines)
    if kind == "approval_requested" and name == "subject":
        return approvals.SUBJECT_LABELS.get(value, value)
    if kind == "approval_requested" and name == "draft" and isinstance(value, dict):
        return describe(str((payload or {}).get("subject", "")), value, dates=dates)
    if kind == "step_input" and name == "value" and isinstance(value, list) and \
            (payload or {}).get("step") == "judgement":
        terms = _edition_terms()
        return "、".join(terms.get(v, v) if isinstance(v, str) else str(v) for v in value)
    k = kinds.get(kind)
    f = k.field(name) if k else None
    if f is not None and f.type in ("time", "date") and isinstance(value, str) and dates is not None:
        return dates(value, f.type)
    if f is not None and f.type == "time" and isinstance(value, str):
        return local_time(value)
    if kind == "judgement" and name in ("definition", "manner", "demand", "duration_frequency") \
            and isinstance(value, list):
        terms = _edition_terms()
        return ("" if name == "definition" else "、").join(terms.get(v, v) for v in value)
    return _fmt(value)


#: how a document prints a date or time field's value: ``dates(value, "date" | "time") -> text``
DateFormat = Callable[[str, str], str]


def describe(kind: str, payload: dict, omit: tuple = (), dates: DateFormat | None = None) -> str:
    """One line of what an entry says, in Japanese field names and the manual's words, values as entered
    (``omit``: fields shown elsewhere, e.g. the time line's 日時 column). ``dates``: a document's own format
    for the kind's date and time fields (the 和暦 of app/export); without it, a time is this PC's local time
    and a date as entered."""
    if payload.get("withdrawn"):
        return "（取り消し）"
    return " / ".join(f"{_label(kind, k)}: {_value(kind, k, v, payload, dates)}" for k, v in payload.items()
                      if k not in HIDDEN_FIELDS and k not in omit and v not in ("", None, [], {}))


def happened_at(e: Entry) -> str:
    """The time an entry is about: its ``at``, the incident's 発生日時, else when it was recorded."""
    return str(e.payload.get("at") or (e.payload.get("occurred_at") if e.kind == "incident_created" else "")
               or e.recorded_at)


UNCHECKED = "（合理的配慮の確認の記録なし）"  # marks a 判断 / 対応中止 recorded without the check before it

SHOWN_AS_TIME = ("at",)  # the time line shows these in its 日時 column, not again in 内容


@dataclass
class Correction:
    entry_id: str
    author: str
    recorded_at: str
    reason: str
    withdrawn: bool
    changes: list[tuple[str, str, str]]  # (field label, old value, new value)


@dataclass
class TimelineItem:
    entry_id: str
    kind: str
    label: str
    author: str
    recorded_at: str
    at: str                 # the time the entry is about (payload "at"), else recorded_at
    original: str           # what the entry said when written
    current: str            # what it says after corrections
    corrections: list[Correction] = field(default_factory=list)
    private: bool = False   # care follow-up
    unchecked: bool = False  # a 判断 / 対応中止 with no 合理的配慮の確認 before it (imported, or from an older version)

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


def _changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    keys = list(dict.fromkeys([*old, *new]))
    return [(FIELD_LABELS.get(k, k), _fmt(old.get(k)), _fmt(new.get(k))) for k in keys
            if k not in HIDDEN_FIELDS and old.get(k) != new.get(k)]


def timeline(entries: Iterable[Entry], *, show_private: bool = False) -> list[TimelineItem]:
    """Who, when, what — each correction shown beside the entry it superseded, with old and new values."""
    ordered = sorted(entries, key=sort_key)
    items: dict[str, TimelineItem] = {}
    current: dict[str, dict] = {}
    checked: set[str] = set()  # the 合理的配慮の確認 seen so far, by ``about``
    out: list[TimelineItem] = []
    for e in ordered:
        if e.kind == CORRECTION and e.supersedes in items:
            target = items[e.supersedes]
            repl = dict(e.payload.get("replacement") or {})
            withdrawn = bool(repl.get("withdrawn"))
            old = current[e.supersedes]
            target.corrections.append(Correction(e.id, e.author, e.recorded_at, e.payload.get("reason", ""), withdrawn,
                                                 [] if withdrawn else _changes(old, repl)))
            current[e.supersedes] = repl
            target.current = describe(target.kind, repl, SHOWN_AS_TIME) + (UNCHECKED if target.unchecked else "")
            continue
        if e.kind == kinds_bans.CHECK:
            checked.add(e.payload.get("about"))
        private = e.kind in care.CARE_KINDS
        if private and not show_private:
            continue
        item = TimelineItem(e.id, e.kind, KIND_LABELS.get(e.kind, e.kind), e.author, e.recorded_at,
                            happened_at(e), describe(e.kind, e.payload, SHOWN_AS_TIME),
                            describe(e.kind, e.payload, SHOWN_AS_TIME), private=private)
        about = kinds_bans.CHECKED_KINDS.get(e.kind)
        if about and about not in checked:
            item.unchecked = True
            item.original += UNCHECKED
            item.current += UNCHECKED
        items[e.id] = item
        current[e.id] = dict(e.payload)
        out.append(item)
    return out


@dataclass
class InternetStep:
    kind: str
    label: str
    at: str
    platform: str
    result: str
    author: str


def internet_steps(entries) -> list[InternetStep]:
    from app.model.entry import effective_entries
    return [InternetStep(e.kind, KIND_LABELS[e.kind], e.payload.get("at", ""), e.payload.get("platform", ""),
                         e.payload.get("result", ""), e.author)
            for e in effective_entries(entries) if e.kind in INTERNET_KINDS]


@dataclass
class Bundle:
    """Everything the incident view shows, loaded in one store job."""
    state: object
    flow: object
    timeline: list[TimelineItem]
    documents: list[dict]
    attachments: list[evidence.Attachment]
    internet: list[InternetStep]
    care_tasks: list[care.CareTask]
    care_visible: bool
    party: parties.PartyHistory | None
    party_id: str
    escalations: list[dict]


def bundle(service, incident_id: str, now=None, today: str | None = None, settings=None) -> Bundle:
    """Everything the incident view shows, as the person signed in to ``service`` may see it: care records
    that are not theirs to see come back restricted from ``service.entries`` and are left out here."""
    entries = [e for e in service.entries(incident_id) if e.payload != RESTRICTED]
    state = service.incident(incident_id)
    tasks = care.tasks(entries)
    show_private = any(e.kind in care.CARE_KINDS for e in entries)
    party_id = service.party_of_incident(incident_id)
    return Bundle(
        state=state, flow=service.next_actions(incident_id, now, settings),
        timeline=timeline(entries, show_private=show_private),
        documents=list(state.documents), attachments=evidence.attachments(entries),
        internet=internet_steps(entries), care_tasks=tasks, care_visible=show_private,
        party=service.party_history(party_id, exclude_incident=incident_id, today=today),
        party_id=party_id, escalations=list(state.escalations))


CSV_HEADER = ["記録ID", "記録日時", "記録者", "種類", "日時", "内容（記録時）", "内容（現在）", "訂正"]


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(items: list[TimelineItem], out: Path) -> int:
    """The history as CSV (UTF-8 with BOM, for Excel). A new file only; never overwrites."""
    out = Path(out)
    if os.path.lexists(out):
        raise StoreExistsError(f"{out.name} は既にあります。上書きはしません。", f"{out.name} exists; not overwritten.")
    with open(out, "x", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_HEADER)
        for i in items:
            corr = " | ".join(
                f"{c.recorded_at} {c.author}: {c.reason}"
                + ("（取り消し）" if c.withdrawn else "".join(f"［{fl}: {o} → {n}］" for fl, o, n in c.changes))
                for c in i.corrections)
            w.writerow([_cell(x) for x in (i.entry_id, i.recorded_at, i.author, i.label, i.at, i.original,
                                           i.current, corr)])
    return len(items)


def review_queue(service, level: str, limit: int = 200) -> list[dict]:
    """The 部長 (困難) or 総務部長 (特に困難) review queue: open incidents escalated to that level."""
    return service.review_queue(level, limit)


def today_iso() -> str:
    return dt.date.today().isoformat()
