import json

import pytest

from app.model import settings
from app.model.errors import InputError


def test_defaults_then_machine_then_user(tmp_path):
    machine, user = tmp_path / "machine.json", tmp_path / "user.json"
    machine.write_text(json.dumps({"facility_name": "芝地区総合支所", "time_limit_minutes": {"電話": 20, "対面": 40}}))
    user.write_text(json.dumps({"auto_lock_minutes": 5}))
    s = settings.load([machine, user, tmp_path / "absent.json"])
    assert s["facility_name"] == "芝地区総合支所"
    assert s["time_limit_minutes"] == {"電話": 20, "対面": 40}
    assert s["auto_lock_minutes"] == 5
    assert s["document_number_prefix"] == "港総総"
    assert s["building_rules_articles"] == ""  # never a hard-coded article number


@pytest.mark.parametrize("content,field", [
    ({"auto_lock_minutes": 0}, "auto_lock_minutes"),
    ({"auto_lock_minutes": "3"}, "auto_lock_minutes"),
    ({"office_hours": "8:30-17:15"}, "office_hours"),
    ({"document_number_prefix": "港7"}, "document_number_prefix"),
    ({"colour": "red"}, "colour"),
    ({"time_limit_minutes": {"電話": -1}}, "time_limit_minutes"),
])
def test_invalid_settings_name_file_and_key(tmp_path, content, field):
    f = tmp_path / "config.json"
    f.write_text(json.dumps(content, ensure_ascii=False))
    with pytest.raises(InputError) as info:
        settings.load([f])
    assert info.value.field == field
    assert "config.json" in info.value.ja


def test_broken_json_is_reported(tmp_path):
    f = tmp_path / "config.json"
    f.write_text("{")
    with pytest.raises(InputError, match="JSON"):
        settings.load([f])
