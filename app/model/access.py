"""Whose case it is, and who may see care records: one function each.

**Scope.** The manual gives the 判断 to the 所管課長 and the 困難 case to that 課's 部長; the 総務部長 takes
特に困難 cases ward-wide. So an incident belongs to a 課: the 所属 recorded when it was opened, or the
last 課 that took it over (``case_transferred``). ``in_scope(member, role, unit)`` says whether a person
acting in ``role`` is in that incident's scope:

- 職員・係長・課長: their own 課 (the incident's 所属 names their 課; where it also names a 部 or 支所, that
  must be theirs too).
- 部長: an incident of a 課 of their 部 (the 部 is named by the 所属 or, when the 所属 names only the 課,
  known from the staff directory: a member of that 課 belongs to the 部長's 部).
- 総務部長, 庁舎管理者 (the building), 人事課 (the ward's totals and care): every incident.
- An incident whose 所属 is empty (an emergency capture nobody has claimed yet, an old import) is in
  everyone's scope until a 所属 is recorded: refusing would leave it with nobody to decide.

**Care.** A care record (every private kind: ``care_referral``, ``care_followup``, the 配慮措置 ``measure_taken``,
``measure_followup``, and every correction of one) is shown to
the member of staff it concerns, to 人事課, and to a 課長 of that person's 課; everyone else sees that it
exists. Search never indexes it (app/model/search.py asks ``kinds.private_kinds()``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from app.model import roles as R

WARD_WIDE = frozenset({R.GENERAL_AFFAIRS_DIRECTOR, R.FACILITY_MANAGER, R.HR})
_SPLIT = re.compile(r"[/／・\s　]+")


@dataclass(frozen=True)
class Unit:
    """The 所属 an incident belongs to, as its parts (部・課・係 in any order, as entered)."""
    text: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in _SPLIT.split(self.text or "") if p)

    @property
    def empty(self) -> bool:
        return not self.parts


def unit_of(entries: Iterable) -> Unit:
    """The incident's 課 now: the last take-over, else the 所属 it was opened with (corrections applied)."""
    from app.model.entry import effective_entries
    text = ""
    for e in effective_entries(entries):
        if e.kind == "incident_created":
            text = text or str(e.payload.get("department") or "")
        elif e.kind == "case_transferred":
            text = str(e.payload.get("department") or "")
    return Unit(text)


def _of_section(member, unit: Unit) -> bool:
    d = member.department
    parts = unit.parts
    if not d.ka or d.ka not in parts:
        return False
    others = [p for p in parts if p not in (d.ka, d.kakari)]
    return not others or (bool(d.bu) and d.bu in others)


def _of_bu(member, unit: Unit, directory=None) -> bool:
    bu = member.department.bu
    if not bu:
        return False
    if bu in unit.parts:
        return True
    if directory is None:
        return False
    return any(m.department.bu == bu and _of_section(m, unit) for m in directory.active())


def in_scope(member, role: str, unit: Unit, directory=None) -> bool:
    """Is ``member`` (a staff.StaffMember, or None for the PC) acting as ``role`` in this incident's scope?"""
    if unit.empty or role in WARD_WIDE or role in (R.PC, R.BOOTSTRAP):
        return True
    if member is None:
        return False
    if role == R.DIRECTOR:
        return _of_bu(member, unit, directory)
    return _of_section(member, unit)


def may_see_care(viewer_name: str, roles: Iterable[str], concerned_name: str, member=None, concerned=None) -> bool:
    """The one care-visibility rule (see the module docstring). ``member``/``concerned``: directory entries."""
    roles = set(roles or ())
    if viewer_name and viewer_name == concerned_name:
        return True
    if R.HR in roles:
        return True
    if R.SECTION_CHIEF not in roles or member is None or concerned is None:
        return False
    a, b = member.department, concerned.department
    return bool(a.ka) and a.ka == b.ka and (not a.bu or not b.bu or a.bu == b.bu)
