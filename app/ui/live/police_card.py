"""The 110 card: where we are and what to say, in large type; Enter records the call."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from app.model.settings import Settings

BIG = "font-size: 20pt; font-weight: bold;"


def script(settings: Settings, reason: str = "", party: str = "") -> list[str]:
    """What to say on the phone, line by line (app wording; facility from settings)."""
    lines = [
        "「事件です。」",
        f"場所：{settings.facility_name}",
        f"住所：{settings.facility_address}",
        "何があったか：" + (reason or "（暴行・脅迫など、見たままを短く）"),
        "相手の特徴・人数・今いる場所：" + (party or "（服装・年代・人数）"),
        "けが人の有無",
        "通報者の氏名と、この電話の番号",
    ]
    if settings.department:
        lines.insert(3, f"所属：{settings.department}")
    return lines


class PoliceCard(QDialog):
    recorded = Signal(str, str)
    """Emitted with (reason, time the card opened) when the person confirms the call was made."""

    def __init__(self, settings: Settings, reason: str = "", guidance: str = "", party: str = "",
                 can_record: bool = True, parent=None):
        super().__init__(parent)
        self.setObjectName("police_card")
        self.setWindowTitle("110番通報")
        self.reason = reason
        self.opened_at = dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
        layout = QVBoxLayout(self)
        title = QLabel("110番　すぐに通報してください")
        title.setStyleSheet("font-size: 26pt; font-weight: bold; color: #b00020;")
        title.setWordWrap(True)
        layout.addWidget(title)
        if guidance:
            g = QLabel(guidance)
            g.setWordWrap(True)
            g.setObjectName("police_guidance")
            g.setStyleSheet("font-size: 13pt;")
            layout.addWidget(g)
        self.lines = script(settings, reason, party)
        body = QLabel("\n".join(self.lines))
        body.setObjectName("police_script")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextSelectableByMouse)
        body.setStyleSheet(BIG)
        layout.addWidget(body, 1)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton("通報した（記録） Enter", QDialogButtonBox.AcceptRole)
        self.record_button.setObjectName("police_record")
        self.record_button.setDefault(True)
        self.record_button.setMinimumHeight(48)
        self.record_button.setEnabled(can_record)
        close = self.close_button = buttons.addButton(QDialogButtonBox.Close)
        close.setText(close.text() + " Esc")
        close.setMinimumHeight(48)
        buttons.accepted.connect(self._record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not can_record:
            note = QLabel("事案が開かれていないため記録できません。通報の後、新規対応（Ctrl+N）で記録してください。")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.resize(760, 560)

    def already_recorded(self, at: str) -> None:
        """A call is already on record: say so, and make recording a second one a deliberate click."""
        from app.ui.live.live_panel import hhmmss
        self.recorded_note = QLabel(f"この対応の110番通報は {hhmmss(at)} に記録済みです。"
                                    "もう一度通報したときだけ、下のボタンを押してください。")
        self.recorded_note.setObjectName("police_already_recorded")
        self.recorded_note.setWordWrap(True)
        self.recorded_note.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.layout().insertWidget(1, self.recorded_note)
        self.record_button.setDefault(False)
        self.record_button.setAutoDefault(False)
        self.record_button.setText("もう一度通報した（記録）")
        self.close_button.setDefault(True)  # Enter closes the card
        self.close_button.setFocus()

    def _record(self) -> None:
        if self.record_button.isEnabled():
            self.recorded.emit(self.reason, self.opened_at)
            self.accept()
