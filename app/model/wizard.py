"""The recording wizard as a navigation map built from the edition (Electrum ``wizard.py`` style).

No Qt: pages only render a step and write ``step_input`` / ``step_done`` entries. Where an interrupted
wizard resumes is a pure function of the entries (``next_step``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .entry import Entry
from .facts import Facts, collect
from .manual import Edition


@dataclass(frozen=True)
class WizardStep:
    id: str
    stage: str
    title: str
    role: str | None
    fields: tuple[str, ...]
    next: str | None


@dataclass(frozen=True)
class Resume:
    step: str
    stage: str
    values: dict[str, Any] = field(default_factory=dict)  # the step's inputs so far, to restore
    done: tuple[str, ...] = ()                              # steps finished, in map order


def _applies(step: dict, f: Facts) -> bool:
    channels = step.get("channels")
    if channels and f.channel and f.channel not in channels:
        return False
    when = step.get("when") or {}
    if "judgement" in when:
        result = (f.judgement or {}).get("result")
        if result not in when["judgement"]:
            return False
    return True


def navigation(edition: Edition, entries: Iterable[Entry] = ()) -> dict[str, WizardStep]:
    """The wizard's map for this incident: step id -> WizardStep, in order of the walk.

    Only stages marked ``wizard`` are pages; steps whose ``channels`` or ``when`` do not fit the incident
    are left out. A step's ``next`` in the edition overrides the manual order.
    """
    f = collect(entries, edition)
    seq = [(sid, st) for sid, st in edition.steps()
           if (edition.stage(sid) or {}).get("wizard", True) and _applies(st, f)]
    ids = [st["id"] for _, st in seq]
    nav: dict[str, WizardStep] = {}
    for i, (sid, st) in enumerate(seq):
        nxt = st.get("next", ids[i + 1] if i + 1 < len(ids) else None)
        if nxt is not None and nxt not in ids:  # a jump to a step that does not apply: fall through
            nxt = ids[i + 1] if i + 1 < len(ids) else None
        nav[st["id"]] = WizardStep(st["id"], sid, st["title"], st.get("role"),
                                   tuple(fl["id"] for fl in st.get("fields", [])), nxt)
    return nav


def walk(nav: dict[str, WizardStep]) -> list[str]:
    """Step ids in the order the map visits them (following ``next``, each at most once)."""
    out: list[str] = []
    cur = next(iter(nav), None)
    while cur is not None and cur not in out:
        out.append(cur)
        cur = nav[cur].next
    return out


def next_step(entries: Iterable[Entry], edition: Edition) -> Resume | None:
    """Where an interrupted wizard resumes: the first step without ``step_done``, inputs restored.

    None when every step of the map is done.
    """
    entries = list(entries)
    f = collect(entries, edition)
    nav = navigation(edition, entries)
    order = walk(nav)
    recorded = {"judgement"} if f.judgement is not None else set()  # a 判断 approved from a clerk's proposal:
    # the 課長 who opens the wizard afterwards goes on from there, not to a blank judgement page
    done = tuple(s for s in order if s in f.steps_done or s in recorded)
    for sid in order:
        if sid not in f.steps_done and sid not in recorded:
            return Resume(sid, nav[sid].stage, dict(f.inputs.get(sid, {})), done)
    return None


def previous_step(step_id: str, entries: Iterable[Entry], edition: Edition) -> str | None:
    """The step before ``step_id`` in the walk (the back button), or None at the start."""
    order = walk(navigation(edition, entries))
    i = order.index(step_id) if step_id in order else -1
    return order[i - 1] if i > 0 else None
