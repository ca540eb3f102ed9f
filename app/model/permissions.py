"""Who may do what: one table, operation × role, checked by the Service for the GUI and the CLI alike.

``PERMISSIONS[operation]`` is the set of roles allowed to perform it. An operation that is not in the table
is refused for everyone. Appending an entry is the operation ``entry.<kind>`` (escalations:
``entry.escalation.<level>``); a correction needs ``entry.correction`` *and* the operation of the entry it
corrects (and of its replacement, for an escalation).
"""
from __future__ import annotations

from typing import Iterable

from app.model import kinds
from app.model.roles import ALL_ROLES, BOOTSTRAP, CAPTURE, COUNTER, LABELS, MANAGERS, PC  # noqa: F401

ROLES = LABELS  # the roles a person can hold (ids -> labels): defined in app/model/roles.py


def _r(*roles: str) -> frozenset:
    return frozenset(roles)


_COUNTER, _MANAGERS, _CAPTURE = COUNTER, MANAGERS, CAPTURE

PERMISSIONS: dict[str, frozenset] = {
    # incidents
    "incident.create": _CAPTURE,
    "incident.list": _COUNTER,
    "incident.view": _COUNTER,
    "incident.print": _COUNTER,
    "incident.export": _MANAGERS,
    "incident.claim": _COUNTER,
    # entries: derived from the registry (app/model/kinds.py), one operation per kind (escalation: per level)
    **kinds.entry_operations(),
    # approvals on the same PC (the approver enters their own credentials). Approving a drafted entry
    # needs that entry's own operation (the approver appends it); a document needs its issuing operation.
    "approval.queue": _COUNTER,
    # issuing documents (app/export/issue.py renders; the Service checks and keeps)
    "document.legal-request": _r("section_chief"),
    "document.legal-report": _MANAGERS,
    "document.eviction-order": _r("facility_manager"),
    "document.record": _MANAGERS | {"facility_manager"},
    "document.ban-notice": _r("section_chief"),  # 出入禁止通知書: the 課長 who decides bans
    "document.disclosure-package": _r("section_chief", "general_affairs_director"),  # 開示資料 (本人開示)
    # the case workspace
    "party.view": _COUNTER,                     # a party's earlier incidents, answers and status
    "ban.list": _COUNTER,                       # 出入禁止 and their states: the counter must see active ones
    "evidence.get": _COUNTER,                   # an evidence file written out (audited)
    "queue.escalation.困難": _r("director"),
    "queue.escalation.特に困難": _r("general_affairs_director"),
    # aggregation, audit, staff management
    "stats.view": _r("section_chief", "hr", "director", "general_affairs_director"),
    "audit.view": _r("section_chief", "sysadmin"),
    "disclosure.collect": _r("section_chief", "general_affairs_director"),  # 本人開示: 課長 his 課's, 総務部長 all
    "retention.list": _r("section_chief", "sysadmin", "hr"),  # past their 保存年限 (課長: his 課's; 人事課: 相談)
    "retention.approve": _r("section_chief"),  # 廃棄の承認: the 課長 of the incident's 課
    "retention.dispose": _r("sysadmin"),  # 廃棄の実施: another person than the approver
    "staff.list": _r("sysadmin"),
    "staff.add": _r("sysadmin", BOOTSTRAP),
    "staff.roles": _r("sysadmin"),
    "staff.password": _r("sysadmin"),
    "staff.deactivate": _r("sysadmin"),
    # registers (app/model/streams.py): who may read each; a private record only by its readers
    "register.consultation-register.view": _COUNTER | {"hr"},
    "register.prevention-register.view": _COUNTER | {"hr"},
    "register.training-register.view": _COUNTER | {"hr"},
    "register.disclosure-register.view": _r("section_chief", "general_affairs_director"),
    # 配慮措置 and 法律相談 (issue 16 §2, §6): a 配慮措置 is read only by its readers (the care rule)
    "measure.list": _COUNTER | {"hr"},          # one incident's 配慮措置 (each shown only to its readers)
    "measure.due": _r("section_chief", "hr"),   # follow-ups due (the 課長: his 課's workers; 人事課: all)
    "legal.list": _MANAGERS,                    # open 法律相談 and how long each has waited (own scope)
    "register.retention-register.view": _r("section_chief", "sysadmin"),
    # sync: records kept aside (a cloned PC's other branch, a payload this version refused)
    "sync.quarantine.list": _r("sysadmin"),
    "sync.quarantine.release": _r("sysadmin"),
}
# Not a role rule, decided per incident (app/model/access.py): whose case it is (scope by 所属), and who
# may see care records.

ESCALATION_LEVELS = tuple(kinds.KINDS["escalation"].levels)
DOCUMENT_SUBJECTS = ("legal_request",)
APPROVAL_SUBJECTS = kinds.approvable() + DOCUMENT_SUBJECTS


def approval_operation(subject: str, draft: dict | None = None) -> str:
    """What the approver must be allowed to do: append the drafted entry, or issue the document."""
    if subject in DOCUMENT_SUBJECTS:
        return "document." + subject.replace("_", "-")
    return operation_for_entry(subject, draft)


def roles_for(operation: str) -> frozenset:
    return PERMISSIONS.get(operation, frozenset())


def denied_text(operation: str) -> str:
    """What a person reads when an operation is refused: what it is and who may do it — never the
    operation's id (that stays in the English text and the audit log)."""
    what = ""
    if operation.startswith("entry."):
        k = kinds.get(operation.split(".")[1])
        what = f"「{k.label}」を記録" if k else ""
    who = "・".join(LABELS[r] for r in ALL_ROLES if r in LABELS and r in roles_for(operation))
    head = (f"サインインしている職員の役職には{what}する権限がありません。" if what
            else "サインインしている職員の役職には、この操作の権限がありません。")
    return head + (f"{who}に依頼するか、{who}の職員がサインインして操作してください。" if who else
                   "システム管理者に確認してください。")


def operation_for_entry(kind: str, payload: dict | None = None) -> str:
    k = kinds.get(kind)
    return k.operation(payload) if k else f"entry.{kind}"


def allowed(operation: str, roles: Iterable[str]) -> bool:
    return bool(PERMISSIONS.get(operation, frozenset()) & set(roles))


def operations() -> list[str]:
    return sorted(PERMISSIONS)


def role_label(role: str) -> str:
    return LABELS.get(role, role)
