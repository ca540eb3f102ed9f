"""Manual editions as data: locate, validate (JSON Schema + references), cache.

An edition is the ward's manual turned into data (``resources/manual/<edition_id>.json``).
Nothing here imports Qt.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

SCHEMA_NAME = "schema.json"
DEFAULT_EDITION = "minato-r7-04"


def resources_dir() -> Path:
    """The bundled resources folder (source tree, or a PyInstaller bundle via ``sys._MEIPASS``)."""
    here = Path(__file__).resolve().parents[2] / "resources"
    if here.is_dir():
        return here
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass) / "resources"
    return here


def manual_dir() -> Path:
    return resources_dir() / "manual"


class ManualError(ValueError):
    """An edition file that cannot be used. ``problems`` is a list of (json_path, message)."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"マニュアル版データに誤りがあります / Invalid manual edition: {source}"]
        lines += [f"  {p}: {m}" for p, m in problems]
        super().__init__("\n".join(lines))


_JA = {
    "required": "必須項目がありません",
    "type": "型が違います",
    "pattern": "形式が違います",
    "enum": "許される値ではありません",
    "const": "値が違います",
    "minItems": "項目が足りません",
    "minLength": "空です",
    "minimum": "値が小さすぎます",
    "additionalProperties": "未定義の項目があります",
}


def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


@dataclass(frozen=True)
class Edition:
    """A validated edition. ``data`` is the parsed JSON; treat it as read-only."""

    id: str
    title: str
    issued: str
    path: Path
    data: dict = field(repr=False, compare=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    # --- lookups -------------------------------------------------------
    def stages(self) -> list[dict]:
        return self.data["stages"]

    def stage(self, stage_id: str) -> dict | None:
        return next((s for s in self.data["stages"] if s["id"] == stage_id), None)

    def steps(self) -> list[tuple[str, dict]]:
        """All steps in manual order as (stage_id, step)."""
        return [(s["id"], st) for s in self.data["stages"] for st in s["steps"]]

    def step(self, step_id: str) -> dict | None:
        return next((st for _, st in self.steps() if st["id"] == step_id), None)

    def scenario(self, scenario_id: str) -> dict | None:
        return next((c for c in self.data["scenarios"] if c["id"] == scenario_id), None)

    def behaviour(self, id_or_label: str) -> dict | None:
        """A behaviour type by its id, the manual's label, or an earlier spelling (``app_aliases``)."""
        return next((b for b in self.data["behaviours"]
                     if id_or_label in (b["id"], b["label"]) or id_or_label in b.get("app_aliases", ())), None)

    @property
    def eviction(self) -> dict:
        return self.data["facility"]["eviction"]


def _schema() -> dict:
    return json.loads((manual_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))


def validate_data(data: Any, source: str = "<data>") -> None:
    """Raise ManualError naming the JSON path of every problem (schema first, then references)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_schema())
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        ja = _JA.get(err.validator, "不正な値です")
        problems.append((_json_path(err.absolute_path), f"{ja} / {err.message}"))
    if problems:
        raise ManualError(source, problems)
    problems = _reference_problems(data)
    if problems:
        raise ManualError(source, problems)


def _reference_problems(data: dict) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    scenario_ids = {c["id"] for c in data["scenarios"]}
    behaviour_ids = {b["id"] for b in data["behaviours"]}
    seen: dict[str, str] = {}
    for si, stage in enumerate(data["stages"]):
        for ti, step in enumerate(stage["steps"]):
            path = f"$.stages[{si}].steps[{ti}].id"
            if step["id"] in seen:
                problems.append((path, f"手順IDが重複しています / duplicate step id {step['id']!r} (first at {seen[step['id']]})"))
            else:
                seen[step["id"]] = path
    for si, stage in enumerate(data["stages"]):
        for ti, step in enumerate(stage["steps"]):
            nxt = step.get("next")
            if nxt and nxt not in seen:
                problems.append((f"$.stages[{si}].steps[{ti}].next", f"存在しない手順です / unknown step {nxt!r}"))
    names: dict[str, str] = {}
    for bi, b in enumerate(data["behaviours"]):
        for ni, name in enumerate([b["id"], b["label"], *b.get("app_aliases", [])]):
            path = f"$.behaviours[{bi}]." + ("id" if ni == 0 else "label" if ni == 1 else f"app_aliases[{ni - 2}]")
            if name in names:
                problems.append((path, f"迷惑行為の名前が重複しています / duplicate behaviour name {name!r} (first at {names[name]})"))
            else:
                names[name] = path
    for bi, b in enumerate(data["behaviours"]):
        for ci, sc in enumerate(b["scenarios"]):
            if sc not in scenario_ids:
                problems.append((f"$.behaviours[{bi}].scenarios[{ci}]", f"存在しない場面です / unknown scenario {sc!r}"))
    for key, known, name in (("behaviours", behaviour_ids, "behaviour"), ("scenarios", scenario_ids, "scenario")):
        for i, ref in enumerate(data["emergency"][key]):
            if ref not in known:
                problems.append((f"$.emergency.{key}[{i}]", f"存在しない参照です / unknown {name} {ref!r}"))
    ev = data["facility"]["eviction"]
    if ev["leave_requests_max"] < ev["leave_requests_min"]:
        problems.append(("$.facility.eviction.leave_requests_max",
                         "最小回数より小さい値です / must be >= leave_requests_min"))
    return problems


def _resolve(edition_id_or_path: str | Path) -> Path:
    s = str(edition_id_or_path)
    if isinstance(edition_id_or_path, Path) or s.endswith(".json") or "/" in s or "\\" in s:
        return Path(s).resolve()
    return (manual_dir() / f"{s}.json").resolve()


VALIDATED_NAME = "validated.json"  # digests of the bundled editions the test suite has validated


def edition_digest(raw: bytes) -> str:
    """What ``validated.json`` records of an edition file: SHA-256 of the schema's bytes and the file's."""
    import hashlib
    return hashlib.sha256((manual_dir() / SCHEMA_NAME).read_bytes() + b"\0" + raw).hexdigest()


def _validated_digests() -> frozenset[str]:
    try:
        return frozenset(json.loads((manual_dir() / VALIDATED_NAME).read_text(encoding="utf-8")).values())
    except (OSError, ValueError, AttributeError):
        return frozenset()


def record_validated() -> dict[str, str]:
    """Validate every bundled edition and write their digests to ``validated.json`` (run after editing one:
    ``python -m app.model.manual``; a test compares). An edition whose bytes and schema match a recorded digest
    is not validated again at start-up (jsonschema costs ~0.5 s of every start); any other file is."""
    out = {}
    for p in sorted(manual_dir().glob("*.json")):
        if p.name in (SCHEMA_NAME, VALIDATED_NAME):
            continue
        raw = p.read_bytes()
        validate_data(json.loads(raw.decode("utf-8")), p.name)
        out[p.name] = edition_digest(raw)
    return out


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> Edition:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ManualError(str(path.name), [("$", f"JSONとして読めません / not valid JSON: {e}")]) from e
    if edition_digest(raw) not in _validated_digests():
        validate_data(data, path.name)
    return Edition(id=data["edition_id"], title=data["title"], issued=data["issued"], path=path, data=data)


def load_edition(edition_id_or_path: str | Path = DEFAULT_EDITION) -> Edition:
    """Load and validate an edition by id (bundled) or by file path; cached per file version."""
    path = _resolve(edition_id_or_path)
    if not path.is_file():
        raise ManualError(str(edition_id_or_path), [("$", "マニュアル版が見つかりません / edition not found")])
    return _load(path, path.stat().st_mtime_ns)


def list_editions() -> list[Edition]:
    """The bundled editions, sorted by id."""
    out = []
    for p in sorted(manual_dir().glob("*.json")):
        if p.name in (SCHEMA_NAME, VALIDATED_NAME):
            continue
        out.append(load_edition(p))
    return sorted(out, key=lambda e: e.id)


if __name__ == "__main__":
    (manual_dir() / VALIDATED_NAME).write_text(json.dumps(record_validated(), indent=2, sort_keys=True) + "\n",
                                               encoding="utf-8")
