"""docs/entries.md, generated from the registry (app/model/kinds.py): ``python -m app.model.kinds_doc``.

A test compares the file with this output, so the document can never drift from the rules."""
from __future__ import annotations

import sys
from pathlib import Path

from app.model import kinds, roles, streams

HEAD = """# Entry kinds — the vocabulary of an incident's log

Generated from `app/model/kinds.py` by `python -m app.model.kinds_doc` (a test fails when they differ):
edit the registry, then run it.

An incident is a list of immutable `Entry` objects (`app/model/entry.py`); its state is derived from them
(`app/model/projection.py`). Times are ISO 8601 with offset (`2025-04-01T10:15:00+09:00`). Names are
stored and printed exactly as entered (no NFKC, no trimming inside the string). Every payload is parsed
against its kind at every door (GUI, CLI, import, approvals, documents, sync): unknown fields, wrong types
and values out of range are refused, naming the field. Marks: **\\*** required, 🔍 searchable.
Columns: who may append (roles), and flags — 課: a decision of the incident's 課 (scope by 所属,
`app/model/access.py`); 非公開: care, shown only to the person concerned, 人事課 and their 課長, never
searched; 単一値: a register (要確認 after sync); 流れ: the flow engine must offer it now; 承認: may be drafted
and approved by a person entitled; 専用: written by its own operation, not `entry add`.

| kind | 表示 | payload | who may append | flags | meaning |
|---|---|---|---|---|---|
"""

TAIL = """
Every entry carries: `id` (UUIDv7), `incident_id`, `device_id`, `seq` (per device, from 1), `hlc`
(hybrid logical clock, a sortable string), `author`, `kind`, `payload`, `supersedes`, `prev_hash`, `hash`
(SHA-256 over the canonical JSON of the other fields; a per-device chain), `recorded_at`.

## Streams that are not incidents

An incident is a stream whose entries include `incident_created`; only those are listed and searched.
Two reserved streams use the same store, chain and sync:

| stream (`incident_id`) | kind | payload |
|---|---|---|
| `staff-directory` | `staff_added` | `staff_id`, `name`, `department` {`bu`, `ka`, `kakari`} (部・課・係), `roles` [role ids] |
| | `staff_roles_changed` | `staff_id`, `roles` |
| | `staff_password_set` | `staff_id`, `hash` (argon2id, PHC string with its parameters) |
| | `staff_deactivated` | `staff_id`, `reason` |
| `audit-trail` | `audit` | `action` (view export print sign_in sign_in_failed locked_out permission_denied staff_changed claim approval), `target` (incident id), `staff_id`, `op`, `detail`, `channel` (gui cli model) |

## Single-valued fields and 要確認 (sync)
`closed` / `reopened` (the incident's status), `judgement`, and `conflict_resolved` carry a payload field
`seen`: the ids of that field's current values the writing PC had when it wrote. The store fills it in.
Values nobody has seen are the field's *heads*: one head is the value; two or more heads are concurrent
values (two PCs changed the field offline). Both are kept, the incident is flagged 要確認, and the
provisional value is the head last in (hlc, device id, seq) order, the same on every PC. A
`conflict_resolved` entry sees all heads and becomes the only one (`app/model/conflicts.py`).
"""


REQUIRED = "**\\***"


def _field(f: kinds.Field) -> str:
    t = {"text": "", "time": " (時刻)", "date": " (日付)", "int": f" ({f.minimum}〜{f.maximum})", "bool": " (真偽)",
         "texts": " [ ]", "obj": " { }", "any": " (値)"}[f.type]
    opts = f" ({' '.join(f.options)})" if f.options else ""
    sub = " {" + ", ".join(f"`{s.name}`" for s in f.fields) + "}" if f.fields else ""
    req = REQUIRED if f.required else ""
    return f"`{f.name}`{req}{'🔍' if f.searchable else ''} {f.label}{t}{opts}{sub}"


def _who(k: kinds.Kind) -> str:
    if k.levels:
        return "; ".join(f"{lv}: {roles.labels(rs)}" for lv, rs in k.levels.items())
    return roles.labels(k.roles)


def _flags(k: kinds.Kind) -> str:
    marks = [("課", k.decision), ("非公開", k.private), ("単一値", bool(k.register)), ("流れ", bool(k.action or k.levels)),
             ("承認", k.approvable), ("専用", k.door != "entry")]
    return " ".join(m for m, on in marks if on)


REGISTERS_HEAD = """
## Registers: records that belong to no one incident

A register is a reserved stream (`app/model/streams.py`) holding the employer's own records (issue 16, 17). Its
kinds are checked by the same door as an incident's (`app/model/service_registers.py`): role, kind, payload,
rules; a correction corrects within the register. They sync like the staff directory and are checked on
arrival like any entry (a register's kind in an incident, or the reverse, is refused). A 非公開 register record
is sealed to its readers; a person who may not read it does not see that it exists.
"""


def _row(k: kinds.Kind) -> str:
    return (f"| `{k.name}` | {k.label} | {', '.join(_field(f) for f in k.fields)} | {_who(k)} | {_flags(k)} |"
            f" {k.meaning} |")


def render() -> str:
    rows = [_row(k) for k in kinds.KINDS.values() if k.stream == "incident"]
    parts = [HEAD + "\n".join(rows) + "\n"]
    registered = [(s, [k for k in kinds.KINDS.values() if k.stream == s]) for s in streams.REGISTERS]
    if any(ks for _s, ks in registered):
        parts.append(REGISTERS_HEAD)
        for stream, ks in registered:
            if ks:
                parts.append(f"\n### {streams.REGISTERS[stream]} (`{stream}`)\n\n"
                             "| kind | 表示 | payload | who may append | flags | meaning |\n|---|---|---|---|---|---|\n"
                             + "\n".join(_row(k) for k in ks) + "\n")
    return "".join(parts) + TAIL


def path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "entries.md"


if __name__ == "__main__":  # pragma: no cover
    path().write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {path().name}\n")
