import ast
import json
import logging
import re
from pathlib import Path

import pytest

from app.model import settings
from app.model.errors import InputError

REPO = Path(__file__).resolve().parents[2]


def test_defaults_then_machine_then_user(tmp_path):
    machine, user = tmp_path / "machine.json", tmp_path / "user.json"
    machine.write_text(json.dumps({"facility_name": "芝地区総合支所", "time_limit_minutes": {"電話": 20, "対面": 40}}))
    user.write_text(json.dumps({"auto_lock_minutes": 5}))
    s, problems = settings.load_settings([machine, user, tmp_path / "absent.json"])
    assert problems == []
    assert isinstance(s, settings.Settings) and s.auto_lock_minutes == 5
    assert s["facility_name"] == "芝地区総合支所"
    assert s["time_limit_minutes"] == {"電話": 20, "対面": 40}
    assert s["document_number_prefix"] == "港総総"
    assert s["building_rules_articles"] == ""  # never a hard-coded article number
    assert settings.load([machine, user]) == s  # load(paths) is the same loader


@pytest.mark.parametrize("content,field", [
    ({"auto_lock_minutes": 0}, "auto_lock_minutes"),
    ({"auto_lock_minutes": "3"}, "auto_lock_minutes"),
    ({"office_hours": "8:30-17:15"}, "office_hours"),
    ({"document_number_prefix": "港7"}, "document_number_prefix"),
    ({"colour": "red"}, "colour"),
    ({"time_limit_minutes": {"電話": -1}}, "time_limit_minutes"),
])
def test_a_bad_value_is_reported_and_the_value_below_is_used(tmp_path, content, field, caplog):
    machine, f = tmp_path / "machine.json", tmp_path / "config.json"
    machine.write_text(json.dumps({"auto_lock_minutes": 7}))
    f.write_text(json.dumps({**content, "facility_name": "麻布地区総合支所"}, ensure_ascii=False), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.model.settings"):
        s, problems = settings.load_settings([machine, f])  # never raises
    assert [(p.file, p.key) for p in problems] == [("config.json", field)]
    p = problems[0]
    assert "config.json" in p.ja and field in p.ja and "config.json" in p.en and field in p.en
    assert s.facility_name == "麻布地区総合支所"  # the rest of the file still applies
    assert s.auto_lock_minutes == 7  # the machine file's value, not the broken one
    if field in settings.BY_KEY and field != "auto_lock_minutes":
        assert s[field] == settings.DEFAULTS[field]
    assert "config.json" in caplog.text and field in caplog.text
    assert "麻布" not in caplog.text and str(tmp_path) not in caplog.text  # no values, no folders in the log


@pytest.mark.parametrize("text", ["{", "[1, 2]", "\udcff"])
def test_a_broken_file_is_reported_and_skipped(tmp_path, text):
    machine, f = tmp_path / "machine.json", tmp_path / "config.json"
    machine.write_text(json.dumps({"facility_name": "芝地区総合支所"}), encoding="utf-8")
    f.write_bytes(text.encode("utf-8", "surrogateescape"))
    s, problems = settings.load_settings([machine, f])
    assert [(p.file, p.key) for p in problems] == [("config.json", "")]
    assert "config.json" in str(problems[0]) and ("JSON" in problems[0].ja)
    assert s.facility_name == "芝地区総合支所" and s.auto_lock_minutes == settings.DEFAULTS["auto_lock_minutes"]


def test_one_settings_object_per_process(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "_process", None)
    f = tmp_path / "config.json"
    f.write_text(json.dumps({"auto_lock_minutes": 9, "colour": "red"}))
    s, problems = settings.start([f])
    assert settings.current() is s and settings.load() is s and settings.current() is settings.current()
    assert s.auto_lock_minutes == 9 and [p.key for p in settings.problems()] == ["colour"]


def test_saving_still_refuses_bad_values(tmp_path):
    with pytest.raises(InputError) as info:
        settings.save_user({"auto_lock_minutes": 0}, tmp_path / "config.json")
    assert info.value.field == "auto_lock_minutes" and not (tmp_path / "config.json").exists()


def test_each_option_is_declared_once_with_type_title_and_default():
    keys = [o.key for o in settings.OPTIONS]
    assert len(keys) == len(set(keys))
    for o in settings.OPTIONS:
        assert isinstance(o.default, o.type) and o.title and not o.title.isascii()
        assert o.check(o.default) is None, o.key


def _names_used(path: Path) -> set[str]:
    """String constants and attribute names in a module (a setting is read as s["key"], s.get("key") or s.key)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.add(node.value)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
    return out


def _edition_setting_names() -> set[str]:
    """Settings an edition names for a rule (``…_setting`` keys, read by app/model/flow.py)."""
    found = set()
    for p in (REPO / "resources" / "manual").glob("*.json"):
        found |= set(re.findall(r'"[a-z_]+_setting"\s*:\s*"([a-z_]+)"', p.read_text(encoding="utf-8")))
    return found


def test_every_option_has_a_reader_outside_settings_py():
    modules = {p.relative_to(REPO).as_posix(): p for p in (REPO / "app").rglob("*.py")
               if p.relative_to(REPO).as_posix() != "app/model/settings.py"}
    used = {rel: _names_used(p) for rel, p in modules.items()}
    via_edition = _edition_setting_names()
    unread = []
    for o in settings.OPTIONS:
        readers = [rel for rel, names in used.items() if o.key in names]
        if o.key in via_edition:
            readers += [rel for rel, names in used.items() if any(n.endswith("_setting") for n in names)]
        if not readers:
            unread.append(o.key)
            continue
        assert o.read_by, f"{o.key}: name the modules that read it"
        for rel in o.read_by:
            assert rel in readers, f"{o.key}: {rel} does not read it (readers: {sorted(set(readers))})"
    assert unread == [], f"options nobody reads: {unread}"
