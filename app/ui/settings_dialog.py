"""設定: the deployment settings, generated from app/model/settings.OPTIONS, saved to the per-user file."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout)

from app.model import settings
from app.model.errors import InputError


class SettingsDialog(QDialog):
    def __init__(self, parent=None, path: Path | None = None, values: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle("設定")
        self.setObjectName("settings_dialog")
        self.path = path or settings.user_config_path()
        self.values = values if values is not None else settings.load()
        self.editors: dict[str, object] = {}
        form = QFormLayout()
        for option in settings.OPTIONS:
            value = self.values.get(option.key, option.default)
            if isinstance(option.default, int) and not isinstance(option.default, bool):
                editor = QSpinBox()
                editor.setRange(1, 1440)
                editor.setValue(int(value))
            else:
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                editor = QLineEdit(text)
            editor.setObjectName(f"setting_{option.key}")
            editor.setToolTip(option.key)
            self.editors[option.key] = editor
            form.addRow(option.title, editor)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        note = QLabel(f"保存先: {self.path.name}（利用者ごとの設定。全庁の既定値はインストール時の設定ファイルです）。"
                      "変更は次回の起動から反映されます。")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def collected(self) -> dict:
        out = {}
        for option in settings.OPTIONS:
            editor = self.editors[option.key]
            if isinstance(editor, QSpinBox):
                out[option.key] = editor.value()
            elif isinstance(option.default, (dict, list)):  # JSON in the box (時間の目安, 職名の一覧, 保存年限)
                try:
                    out[option.key] = json.loads(editor.text())
                except json.JSONDecodeError:
                    out[option.key] = editor.text()
            else:
                out[option.key] = editor.text()
        return out

    def save(self) -> None:
        values = self.collected()
        changed = {k: v for k, v in values.items() if v != settings.BY_KEY[k].default}
        try:
            settings.save_user(changed, self.path)
        except InputError as exc:
            self.error.setText(exc.ja)
            return
        self.values = values
        self.accept()
