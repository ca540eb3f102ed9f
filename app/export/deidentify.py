"""De-identification for reports that leave the 課: parties become 相手方A, B …, staff 職員1, 2 … (per report).

Names are matched exactly as recorded (never normalised): the whole name and each of its space-separated
parts of two or more characters (「髙橋 﨑子」 also hides 「髙橋」 and 「﨑子」 in free text). One-character
parts are left alone so that 「港 一郎」 does not turn 「港区」 into nonsense. Matching is longest-first at
each position, by a first-character index (fast with thousands of names, unlike one big regex).
"""
from __future__ import annotations

import re
import string
from typing import Iterable

_SPACES = re.compile(r"[ \u3000\t]+")


def letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = string.ascii_uppercase[r] + out
    return out


HONORIFICS = ("さん", "様", "氏", "君", "くん", "係長", "課長", "部長", "主任", "主事", "職員")


class Deidentifier:
    def __init__(self, facts: Iterable):
        self._party_of_incident: dict[str, str] = {}
        self._replacements: dict[str, str] = {}
        party_labels: dict[str, str] = {}
        staff_labels: dict[str, str] = {}
        for f in facts:
            name = (f.party or {}).get("name") or ""
            if name:
                label = party_labels.setdefault(name, f"相手方{letters(len(party_labels))}")
            else:  # an unnamed party gets its own letter per incident
                label = f"相手方{letters(len(party_labels))}"
                party_labels[f"\0{f.id}"] = label
            self._party_of_incident[f.id] = label
            for s in f.staff or []:
                if isinstance(s, str) and s:
                    staff_labels.setdefault(s, f"職員{len(staff_labels) + 1}")
        for names in (staff_labels, party_labels):  # party names win over staff names on a clash
            for name, label in names.items():
                if name.startswith("\0"):
                    continue
                self._replacements[name] = label
                for part in _SPACES.split(name):
                    if len(part) >= 2 and part != name:
                        self._replacements[part] = label
                    elif len(part) == 1 and part != name:
                        # a one-character surname (芝, 林) alone is too often a word or a place (芝地区):
                        # replaced only where it is plainly a person — with an honorific or a title
                        for h in HONORIFICS:
                            self._replacements[part + h] = label + h
        self._index: dict[str, list[str]] = {}
        for name in sorted(self._replacements, key=len, reverse=True):
            self._index.setdefault(name[0], []).append(name)

    def party_label(self, incident_id: str) -> str:
        return self._party_of_incident.get(incident_id, "相手方")

    @property
    def names(self) -> list[str]:
        return list(self._replacements)

    def scrub(self, text: str) -> str:
        if not text or not self._index:
            return text or ""
        out: list[str] = []
        i, n = 0, len(text)
        index = self._index
        while i < n:
            candidates = index.get(text[i])
            if candidates:
                for name in candidates:
                    if text.startswith(name, i):
                        out.append(self._replacements[name])
                        i += len(name)
                        break
                else:
                    out.append(text[i])
                    i += 1
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
