"""Who may do what: one table, operation × role, checked by the Service for the GUI and the CLI alike.

``PERMISSIONS[operation]`` is the set of roles allowed to perform it. An operation that is not in the table
is refused for everyone. Appending an entry is the operation ``entry.<kind>`` (escalations:
``entry.escalation.<level>``); a correction needs ``entry.correction`` *and* the operation of the entry it
corrects (and of its replacement, for an escalation).
"""
from __future__ import annotations

from typing import Iterable

# Staff roles (shared/GLOSSARY.md), with the labels shown to people.
ROLES: dict[str, str] = {
    "staff": "職員", "chief": "係長", "section_chief": "課長", "director": "部長",
    "general_affairs_director": "総務部長", "facility_manager": "庁舎管理者", "hr": "人事課",
    "sysadmin": "システム管理者",
}
# Pseudo-roles that are never given to a person.
PC = "pc"                # the counter PC while nobody is signed in: emergency capture only
BOOTSTRAP = "bootstrap"  # a store with no staff yet: may only create the first システム管理者
ALL_ROLES = tuple(ROLES) + (PC, BOOTSTRAP)

_COUNTER = frozenset({"staff", "chief", "section_chief", "director", "general_affairs_director",
                      "facility_manager"})            # people who handle incidents
_MANAGERS = frozenset({"chief", "section_chief", "director", "general_affairs_director"})
_CAPTURE = _COUNTER | {PC}                            # what may be recorded while the PC is locked


def _r(*roles: str) -> frozenset:
    return frozenset(roles)


PERMISSIONS: dict[str, frozenset] = {
    # incidents
    "incident.create": _CAPTURE,
    "incident.list": _COUNTER,
    "incident.view": _COUNTER,
    "incident.print": _COUNTER,
    "incident.export": _MANAGERS,
    "incident.claim": _COUNTER,
    # entries anyone at the counter records (and the PC, for the first four, while locked)
    "entry.quote": _CAPTURE,
    "entry.stop_request": _CAPTURE,
    "entry.behaviour_observed": _CAPTURE,  # e.g. 暴行 seen mid-encounter: the engine goes to 110 at once
    "entry.leave_request": _CAPTURE,
    "entry.backup_call": _CAPTURE,
    "entry.police_call": _CAPTURE,
    "entry.note": _COUNTER,
    "entry.step_done": _COUNTER,
    "entry.step_input": _COUNTER,
    "entry.attachment_added": _COUNTER,
    "entry.takedown_request": _COUNTER,
    "entry.disclosure_request": _COUNTER,
    "entry.approval_requested": _COUNTER,
    "entry.correction": _COUNTER,
    # entries that belong to one role (the manual's division of labour)
    "entry.response_stopped": _r("chief", "section_chief"),
    "entry.judgement": _r("section_chief"),
    "entry.second_response_statements": _r("section_chief"),
    "entry.party_status": _r("section_chief"),
    "entry.escalation.困難": _r("section_chief"),
    "entry.escalation.特に困難": _r("director"),
    "entry.eviction_order": _r("facility_manager"),
    "entry.document_issued": _MANAGERS | {"facility_manager"},
    "entry.care_referral": _r("section_chief", "hr"),
    "entry.closed": _r("chief", "section_chief"),
    "entry.reopened": _r("section_chief"),
    "entry.answer": _COUNTER,                          # what was answered (for repeat contacts)
    "entry.party_linked": _COUNTER,                    # this incident's party is a known one
    "entry.party_merged": _r("chief", "section_chief"),  # two party records are the same person
    "entry.care_followup": _r("section_chief", "hr"),
    "entry.committee_report": _r("section_chief"),  # 推進委員会への報告 (the 課長 reports the 課's cases)
    "entry.conflict_resolved": _r("chief", "section_chief"),  # 要確認 after sync: a person decides
    # approvals on the same PC (the approver enters their own credentials)
    "approval.queue": _COUNTER,
    "approval.judgement": _r("section_chief"),
    "approval.legal_request": _r("section_chief"),
    # aggregation, audit, staff management
    "stats.view": _r("section_chief", "hr", "director", "general_affairs_director"),
    "audit.view": _r("section_chief", "sysadmin"),
    "staff.list": _r("sysadmin"),
    "staff.add": _r("sysadmin", BOOTSTRAP),
    "staff.roles": _r("sysadmin"),
    "staff.password": _r("sysadmin"),
    "staff.deactivate": _r("sysadmin"),
}
# Not a role rule, decided per entry (see Service): a care_referral's details are shown to the staff member
# it concerns, to a 課長 of the same 課, and to 人事課; everyone else sees {"restricted": true}.

ESCALATION_LEVELS = ("困難", "特に困難")
APPROVAL_SUBJECTS = ("judgement", "legal_request")


def operation_for_entry(kind: str, payload: dict | None = None) -> str:
    if kind == "escalation":
        level = (payload or {}).get("level")
        return f"entry.escalation.{level}" if level in ESCALATION_LEVELS else "entry.escalation.?"
    return f"entry.{kind}"


def allowed(operation: str, roles: Iterable[str]) -> bool:
    return bool(PERMISSIONS.get(operation, frozenset()) & set(roles))


def operations() -> list[str]:
    return sorted(PERMISSIONS)


def role_label(role: str) -> str:
    return ROLES.get(role, role)
