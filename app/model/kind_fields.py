"""The building blocks of the rulebook (app/model/kinds.py): a payload field, a kind of entry, and the fields
several kinds share. Split out so that a module may define kinds (a duty's, later) with these blocks
without importing the registry itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

TEXT_MAX = 200_000
SHORT = 1_000


@dataclass(frozen=True)
class Field:
    name: str
    type: str            # text time date int bool texts obj payload any
    label: str
    required: bool = False
    max_len: int = TEXT_MAX
    minimum: int = 0
    maximum: int = 10_000
    options: tuple = ()  # fixed choices (edition-dependent choices are checked by the kind's rules)
    searchable: bool = False
    fields: tuple = ()   # for obj: the fields of the nested object
    doc: str = ""


def text(name, label, *, required=False, max_len=TEXT_MAX, searchable=False, options=(), doc=""):
    return Field(name, "text", label, required, max_len, options=tuple(options), searchable=searchable, doc=doc)


def short(name, label, *, required=False, options=(), doc=""):
    return Field(name, "text", label, required, SHORT, options=tuple(options), doc=doc)


def time(name="at", label="日時", *, required=False):
    return Field(name, "time", label, required, 64)


def date(name, label, *, required=False):
    return Field(name, "date", label, required, 10)


def integer(name, label, *, required=False, minimum=0, maximum=10_000):
    return Field(name, "int", label, required, minimum=minimum, maximum=maximum)


def flag(name, label, *, required=False):
    return Field(name, "bool", label, required)


def texts(name, label, *, required=False, options=(), max_len=SHORT):
    return Field(name, "texts", label, required, max_len, options=tuple(options))


def obj(name, label, *fields_, required=False):
    return Field(name, "obj", label, required, fields=tuple(fields_))


def anything(name, label, *, required=False):
    """A wizard input: text, yes/no, a number or a list of texts (what the edition's field type allows)."""
    return Field(name, "any", label, required, 20_000)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    fields: tuple[Field, ...]
    roles: frozenset
    meaning: str
    private: bool = False        # care: only the three readers see the payload; never searched
    register: str | None = None  # single-valued field (app/model/conflicts.py)
    decision: bool = False       # belongs to the incident's 課: the author must be in its scope
    action: str | None = None    # flow action (app/model/flow.py) whose availability gates an append
    listed: str | None = None    # IncidentState list the entry joins (app/model/projection.py)
    stream: str = "incident"     # incident, or a reserved stream (staff-directory, audit-trail)
    door: str = "entry"          # entry: `entry add` may append it; service: only its own Service method
    levels: dict = field(default_factory=dict)  # escalation: level -> roles (operation entry.<kind>.<level>)
    rules: tuple[Callable, ...] = ()  # semantic checks: rule(payload, ctx) -> list of reasons (Japanese)
    approvable: bool = False     # may be drafted by one person and approved (appended) by one entitled
    measure: bool = False        # a 講じた措置 counted in the statistics and the committee report

    def operation(self, payload: dict | None = None) -> str:
        if self.levels:
            level = (payload or {}).get("level")
            return f"entry.{self.name}.{level}" if isinstance(level, str) and level in self.levels \
                else f"entry.{self.name}.?"
        return f"entry.{self.name}"

    def operations(self) -> dict[str, frozenset]:
        if self.levels:
            return {f"entry.{self.name}.{lv}": frozenset(rs) for lv, rs in self.levels.items()}
        return {f"entry.{self.name}": self.roles}

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


AT = time()
REASON = text("reason", "理由", max_len=20_000, searchable=True)
NOTE = text("note", "メモ", max_len=20_000, searchable=True)
PARTY = obj("party", "相手方", text("name", "氏名", max_len=SHORT), text("description", "特徴", max_len=SHORT),
            text("kana", "ふりがな", max_len=SHORT), text("phone", "電話番号", max_len=64),
            integer("group_size", "人数", minimum=1, maximum=1000))
