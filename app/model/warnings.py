"""Warnings and actions: the engine's two kinds of answer."""
from __future__ import annotations

from dataclasses import dataclass, field

# Priorities: lower is more urgent.
URGENT, HIGH, NORMAL, LOW = 0, 1, 2, 3


@dataclass(frozen=True)
class Warning:
    code: str
    text: str
    severity: str = "warning"  # info / warning / danger
    data: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Action:
    id: str
    label: str
    role: str
    priority: int = NORMAL
    entry_kind: str | None = None  # the entry the UI writes when the action is taken
    text: str = ""                 # the manual's guidance for this action
    data: dict = field(default_factory=dict, compare=False)
