"""Roles (shared/GLOSSARY.md) and who may act for whom."""
from __future__ import annotations

STAFF = "staff"
CHIEF = "chief"
SECTION_CHIEF = "section_chief"
DIRECTOR = "director"
GENERAL_AFFAIRS_DIRECTOR = "general_affairs_director"
FACILITY_MANAGER = "facility_manager"
HR = "hr"

LABELS = {
    STAFF: "職員", CHIEF: "係長", SECTION_CHIEF: "課長", DIRECTOR: "部長",
    GENERAL_AFFAIRS_DIRECTOR: "総務部長", FACILITY_MANAGER: "庁舎管理者", HR: "人事課",
}

# The line of command: a higher rank may do what a lower rank may.
_RANK = {STAFF: 0, CHIEF: 1, SECTION_CHIEF: 2, DIRECTOR: 3, GENERAL_AFFAIRS_DIRECTOR: 4}


def satisfies(have: str, need: str) -> bool:
    """True if someone with role ``have`` may take an action needing role ``need``.

    The 庁舎管理者 and 人事課 are outside the line: only they act in their own role.
    """
    if have == need:
        return True
    if have in _RANK and need in _RANK:
        return _RANK[have] >= _RANK[need]
    return False
