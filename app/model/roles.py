"""Roles (shared/GLOSSARY.md): their ids, the labels shown to people, and the groups the rulebook uses.

Who may do what is not decided here: entry kinds carry their roles in app/model/kinds.py, other
operations are in app/model/permissions.py. There is no rank rule ("a 課長 may do what a 係長 may"):
each kind names every role that may append it, so the table says everything.
"""
from __future__ import annotations

STAFF = "staff"
CHIEF = "chief"
SECTION_CHIEF = "section_chief"
DIRECTOR = "director"
GENERAL_AFFAIRS_DIRECTOR = "general_affairs_director"
FACILITY_MANAGER = "facility_manager"
HR = "hr"
SYSADMIN = "sysadmin"

# The roles a person can hold, with the labels shown to people (the only label map of roles).
LABELS: dict[str, str] = {
    STAFF: "職員", CHIEF: "係長", SECTION_CHIEF: "課長", DIRECTOR: "部長",
    GENERAL_AFFAIRS_DIRECTOR: "総務部長", FACILITY_MANAGER: "庁舎管理者", HR: "人事課",
    SYSADMIN: "システム管理者",
}
# Pseudo-roles that are never given to a person.
PC = "pc"                # the counter PC while nobody is signed in: emergency capture only
BOOTSTRAP = "bootstrap"  # a store with no staff yet: may only create the first システム管理者
ALL_ROLES = tuple(LABELS) + (PC, BOOTSTRAP)

# Groups used by the rulebook.
COUNTER = frozenset({STAFF, CHIEF, SECTION_CHIEF, DIRECTOR, GENERAL_AFFAIRS_DIRECTOR, FACILITY_MANAGER})
MANAGERS = frozenset({CHIEF, SECTION_CHIEF, DIRECTOR, GENERAL_AFFAIRS_DIRECTOR})
CAPTURE = COUNTER | {PC}  # what may be recorded while the PC is locked (緊急記録)
SECTION = frozenset({CHIEF, SECTION_CHIEF})  # the 課's line managers (the 所管課長 and the 係長)


_PSEUDO_LABELS = {PC: "窓口PC（サインイン前の緊急記録）", BOOTSTRAP: "初期設定"}


def label(role: str) -> str:
    return LABELS.get(role) or _PSEUDO_LABELS.get(role, role)


def labels(role_ids) -> str:
    return "・".join(label(r) for r in sorted(role_ids, key=lambda r: ALL_ROLES.index(r) if r in ALL_ROLES else 99))
