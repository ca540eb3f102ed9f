"""The store's reserved streams (``incident_id`` values that are not incidents), named once.

An incident is a stream whose entries include ``incident_created``. The staff directory and the audit trail
have their own rules (app/model/staff.py, app/model/audit.py). A **register** holds the employer's records
that belong to no one incident (issue 16, 17): 相談記録, 再発防止, 研修・周知, 本人開示の請求. Its entry kinds are
in the registry (app/model/kinds.py, ``Kind.stream``) and are checked by the same door as an incident's
(app/model/service_registers.py), synced like the directory and checked on arrival like any entry.
"""
from __future__ import annotations

STAFF = "staff-directory"
AUDIT = "audit-trail"

CONSULTATIONS = "consultation-register"  # 相談記録 (sealed to the worker and the 相談窓口)
PREVENTION = "prevention-register"       # 再発防止・事例検証の項目
TRAINING = "training-register"           # 研修・周知の記録
DISCLOSURES = "disclosure-register"      # 本人開示・訂正の請求
RETENTION = "retention-register"         # 廃棄の承認と実施 (the tombstones of disposed incidents)

REGISTERS: dict[str, str] = {
    CONSULTATIONS: "相談記録", PREVENTION: "再発防止", TRAINING: "研修・周知", DISCLOSURES: "本人開示の請求",
    RETENTION: "廃棄の記録",
}
RESERVED = frozenset({STAFF, AUDIT}) | frozenset(REGISTERS)


def is_register(stream: str) -> bool:
    return stream in REGISTERS
