"""CSV export of the incidents (one row per incident, the incident UUID as the stable record id).

Two encodings: UTF-8 with BOM (``utf-8-sig``) and CP932 (what Excel on the ward's PCs opens by double-click).
CP932 cannot hold every character. Nothing is dropped silently:
- a character CP932 cannot encode (𠮷, emoji …) becomes 〓 and is listed in the 変換注記 column;
- an ideographic variation selector (葛󠄀) is removed, the base character kept, and listed;
- a character CP932 stores as a look-alike (〜 U+301C is read back as ～ U+FF5E) is kept and listed.
Cells starting with = + - @ (or tab / CR, or full-width ＝ ＋ － ＠) get a leading ' so Excel does not run them as
formulas. The guard looks at the text as it will be written: after the CP932 conversion (which removes variation
selectors, so "\ufe0f=HYPERLINK(…)" would start with = in the file) and past leading invisible characters.
The file is created exclusively (never overwrites) and removed again if the export is cancelled or fails.
"""
from __future__ import annotations

import csv
import io
import os
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from app.model import stats
from app.model.stats import IncidentFacts

from .deidentify import Deidentifier
from .fonts import is_variation_selector

ENCODINGS = ("utf-8-sig", "cp932")
REPLACEMENT = "〓"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
HEADER = ["記録ID", "発生日時", "年度", "月", "所属", "手段", "迷惑行為の類型", "カスハラの判断", "講じた措置",
          "解決の有無", "終了日時", "解決までの日数", "概要", "要求内容", "相手方", "職員", "変換注記"]


def visible_start(value: str) -> str:
    """``value`` without leading characters nobody sees (variation selectors, zero-width and other format
    characters such as U+200B, U+FEFF): what a spreadsheet may treat as the first character."""
    i = 0
    while i < len(value) and (is_variation_selector(value[i]) or unicodedata.category(value[i]) == "Cf"):
        i += 1
    return value[i:]


def guard_formula(value: str) -> str:
    """A leading ' when the cell, as written, would start (visibly) with a formula character."""
    return "'" + value if value.startswith(FORMULA_START) or visible_start(value).startswith(FORMULA_START) \
        else value


def _cp932_char(ch: str) -> tuple[str, str | None]:
    """(what is written, note or None) for one character."""
    if is_variation_selector(ch):
        return "", f"U+{ord(ch):04X}（異体字セレクタ）を除去"
    try:
        back = ch.encode("cp932").decode("cp932")
    except UnicodeEncodeError:
        name = "" if unicodedata.name(ch, "").startswith("CJK") else unicodedata.name(ch, "")
        return REPLACEMENT, f"U+{ord(ch):04X}{f' {name}' if name else ''}→〓"
    if back != ch:
        return ch, f"U+{ord(ch):04X}→U+{ord(back):04X}（CP932では{back}）"
    return ch, None


def to_cp932(text: str, column: str, notes: list[str]) -> str:
    """``text`` made writable in CP932; every change is appended to ``notes`` as 「列: U+…→〓」."""
    try:
        if text.encode("cp932").decode("cp932") == text:
            return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        written, note = _cp932_char(ch)
        out.append(written)
        if note:
            notes.append(f"{column}: {note}")
    return "".join(out)


def facts_row(f: IncidentFacts, de: Deidentifier | None = None) -> list[str]:
    fy = f.fiscal_year
    party = (f.party or {}).get("name") or (f.party or {}).get("description") or ""
    staff = "、".join(s for s in f.staff if isinstance(s, str))
    summary, demands = f.summary, f.demands
    if de is not None:
        party, staff = de.party_label(f.id), ""
        summary, demands = de.scrub(summary), de.scrub(demands)
    return [f.id, f.occurred_at, str(fy) if fy else "", f.month, f.department, f.channel, "、".join(f.behaviours),
            f.judgement, "、".join(s if n == 1 else f"{s}×{n}" for s, n in
                                  ((s, f.steps[s]) for s in stats.STEPS if s in f.steps)),
            f.resolution, f.closed_at, "" if f.days_to_resolution is None else f"{f.days_to_resolution:g}",
            summary, demands, party, staff]


def rows(facts: Iterable[IncidentFacts], encoding: str, deidentify: bool = False) -> Iterable[list[str]]:
    facts = list(facts)
    de = Deidentifier(facts) if deidentify else None
    yield HEADER
    for f in facts:
        values = facts_row(f, de)
        notes: list[str] = []
        if encoding == "cp932":  # convert first: the guard must see what the cell will start with
            values = [to_cp932(v, HEADER[i], notes) for i, v in enumerate(values)]
        yield [guard_formula(v) for v in values] + [guard_formula("；".join(notes))]


def write_csv(facts: list[IncidentFacts], out: Path, encoding: str = "utf-8-sig", deidentify: bool = False,
              progress: Callable[[int, int], bool | None] | None = None) -> dict:
    """Write the CSV to ``out`` (must not exist). ``progress(done, total)`` returning False cancels (the
    partial file is removed, InterruptedError raised). Returns {rows, converted, path}."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    out = Path(out)
    total = len(facts)
    converted = 0
    fh = open(out, "x", encoding=encoding, newline="")
    try:
        w = csv.writer(fh, lineterminator="\r\n")
        for i, row in enumerate(rows(facts, encoding, deidentify)):
            if row[-1] and i:
                converted += 1
            w.writerow(row)
            if progress and i and i % 1000 == 0 and progress(i, total) is False:
                raise InterruptedError("cancelled")
        fh.close()
    except BaseException:
        fh.close()
        os.unlink(out)
        raise
    if progress:
        progress(total, total)
    return {"rows": total, "rows_with_conversions": converted, "path": str(out), "encoding": encoding}


def to_bytes(facts: list[IncidentFacts], encoding: str = "utf-8-sig", deidentify: bool = False) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows(facts, encoding, deidentify):
        w.writerow(row)
    return buf.getvalue().encode(encoding)
