"""Record-quality nudges: 5W1H completeness and verbatim quotes (対応内容の記録・情報共有)."""
from __future__ import annotations

from typing import Iterable

from .entry import Entry
from .facts import Facts, collect
from .manual import Edition
from .warnings import Warning

FIVE_W_ONE_H = ("who", "when", "where", "what", "why", "how")
FACTS_STEP = "confirm_facts"


def _fallback(f: Facts, key: str) -> object:
    c = f.created
    party = c.get("party") or {}
    return {
        "who": party.get("name") or party.get("description"),
        "when": c.get("occurred_at"),
        "where": c.get("place"),
        "what": c.get("demands") or c.get("summary"),
    }.get(key)


def missing_5w1h(f: Facts, edition: Edition) -> list[tuple[str, str]]:
    """(field id, label) of the 5W1H items the record does not answer yet."""
    step = edition.step(FACTS_STEP) or {}
    labels = {fl["id"]: fl.get("app_label", fl["id"]) for fl in step.get("fields", [])}
    given = f.inputs.get(FACTS_STEP, {})
    out = []
    for key in FIVE_W_ONE_H:
        if key not in labels:
            continue
        value = given.get(key) or _fallback(f, key)
        if not (str(value).strip() if value is not None else ""):
            out.append((key, labels[key]))
    return out


def describes_abuse(f: Facts, edition: Edition) -> bool:
    """The record says abuse happened: a behaviour that needs the words, or words like 暴言 in the text."""
    if any(edition.behaviour(b).get("needs_quote") for b in f.behaviours):
        return True
    keywords = edition["initial_response_points"]["record_share"].get("app_abuse_keywords", [])
    return any(k in t for t in f.texts for k in keywords)


def check_facts(f: Facts, edition: Edition) -> list[Warning]:
    rs = edition["initial_response_points"]["record_share"]
    out: list[Warning] = []
    missing = missing_5w1h(f, edition)
    if missing:
        out.append(Warning(
            "record_5w1h_incomplete",
            "5W1Hで正確な事実関係を確認します。未記入: " + "・".join(label for _, label in missing),
            "info", {"missing": [k for k, _ in missing]}))
    if f.quotes == 0 and describes_abuse(f, edition):
        out.append(Warning(
            "quote_missing",
            f"発言をそのまま記録してください（{rs.get('points', ['対応内容を可能な限り詳細に記録します'])[0]}）。"
            f"× {rs['bad_example']}　○ {rs['good_example']}",
            "warning", {"bad": rs["bad_example"], "good": rs["good_example"]}))
    return out


def check(entries: Iterable[Entry], edition: Edition) -> list[Warning]:
    """Record-quality warnings for an incident's entries."""
    return check_facts(collect(entries, edition), edition)
