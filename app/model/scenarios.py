"""Scenario cards (場面別の対応事例) chosen from behaviour types."""
from __future__ import annotations

from typing import Iterable

from .manual import Edition, load_edition


def scenario_for(behaviours: Iterable[str], edition: Edition | None = None) -> list[dict]:
    """The cards for the given behaviour types (ids or the manual's labels), in order, without repeats.

    A scenario id or card title given directly is accepted too. Unknown names are ignored.
    """
    edition = edition or load_edition()
    out: list[dict] = []
    for name in behaviours:
        b = edition.behaviour(name)
        ids = b["scenarios"] if b else [name]
        for sid in ids:
            card = edition.scenario(sid) or next((c for c in edition["scenarios"] if c["title"] == sid), None)
            if card and card not in out:
                out.append(card)
    return out


def phrases_for(cards: Iterable[dict]) -> list[str]:
    """The approved phrases of the cards, without repeats, in card order."""
    out: list[str] = []
    for c in cards:
        for p in c.get("phrases", []):
            if p not in out:
                out.append(p)
    return out
