import json

from app.ui.settings_dialog import SettingsDialog


def test_settings_dialog_saves_valid_values_and_refuses_invalid(qtbot, tmp_path, app_fonts):
    path = tmp_path / "config.json"
    dialog = SettingsDialog(path=path, values={})
    qtbot.addWidget(dialog)
    dialog.editors["facility_name"].setText("麻布地区総合支所")
    dialog.editors["office_hours"].setText("8時半から")
    dialog.save()
    assert not path.exists()
    assert "受付時間" in dialog.error.text()
    dialog.editors["office_hours"].setText("08:30-17:15")
    dialog.editors["time_limit_minutes"].setText('{"電話": 20, "対面": 40}')
    dialog.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["facility_name"] == "麻布地区総合支所"
    assert saved["time_limit_minutes"] == {"電話": 20, "対面": 40}
    assert "office_hours" not in saved  # only what differs from the defaults
