"""One wizard page: a step of the manual, its words, its inputs and the engine's warnings."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.model.manual import Edition
from app.model.vocab import step_title as full_title
from app.model.warnings import Warning
from app.ui.wizard.fields import BoolField, ChoiceField, Field, IntegerField, LONG_TEXT, TextField
from app.ui.wizard.step_text import sections

SEVERITY_STYLE = {
    "danger": "background:#fde2e1; border:2px solid #b00020; color:#7a0014;",
    "warning": "background:#fff4d6; border:1px solid #b57900; color:#5c3d00;",
    "info": "background:#e8f1fb; border:1px solid #3b6ea8; color:#1d3b5e;",
}
# info-level warnings only where they matter
INFO_ON = {"record_5w1h_incomplete": {"confirm_facts", "record_share"}, "demand_caveat": {"judgement"}}


def wrap_label(text: str, object_name: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    if style:
        label.setStyleSheet(style)
    return label


class StepPage(QWidget):
    edited = Signal(str)
    """Emitted with a field id when the person changes an input."""

    def __init__(self, edition: Edition, step_id: str, stage_label: str, parent=None):
        super().__init__(parent)
        self.edition = edition
        self.step_id = step_id
        self.step = edition.step(step_id) or {"id": step_id, "title": step_id}
        self.setObjectName(f"page_{step_id}")
        self.fields: dict[str, Field] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        head = wrap_label(f"{stage_label}　｜　{full_title(self.step)}", "page_title")
        head.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(head)
        self.warning_box = QVBoxLayout()
        layout.addLayout(self.warning_box)
        self.text_labels: list[QLabel] = []
        for heading, lines in sections(edition, step_id):
            if heading:
                layout.addWidget(wrap_label(heading, style="font-weight: bold; margin-top: 4px;"))
            label = wrap_label("\n".join(lines), "manual_text")
            self.text_labels.append(label)
            layout.addWidget(label)
        line = QFrame()
        line.setFrameShape(QFrame.HLine)
        layout.addWidget(line)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        layout.addLayout(self.form)
        self.build_fields(layout)
        layout.addStretch(1)

    # ---- inputs ----------------------------------------------------------------------------------
    def build_fields(self, layout: QVBoxLayout) -> None:
        for fl in self.step.get("fields", []):
            label = fl.get("app_label", fl["id"])
            kind = fl.get("type", "text")
            if kind == "integer":
                f: Field = IntegerField(fl["id"], self)
            elif kind == "boolean":
                f = BoolField(fl["id"], label, self)
            elif kind == "choice":
                f = ChoiceField(fl["id"], list(fl.get("options", [])), self)
            else:
                f = TextField(fl["id"], fl["id"] in LONG_TEXT, self)
            self.add_field(f, "" if kind == "boolean" else label)

    def add_field(self, field: Field, label: str = "", place: bool = True) -> None:
        """Register a field; ``place`` puts its widget in the page's form (with ``label`` if given)."""
        self.fields[field.id] = field
        field.edited.connect(self.edited)
        if place and label:
            self.form.addRow(wrap_label(label), field.widget)
        elif place:
            self.form.addRow(field.widget)

    def values(self) -> dict[str, Any]:
        return {fid: f.value() for fid, f in self.fields.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for fid, value in values.items():
            if fid in self.fields:
                self.fields[fid].set_value(value)

    def first_input(self) -> QWidget | None:
        for f in self.fields.values():
            return f.widget
        return None

    # ---- what 次へ writes ------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Why 次へ cannot record this page yet (empty when it can)."""
        return []

    def entries(self, at: str) -> list[tuple[str, dict]]:
        """Entries beside ``step_done`` that finishing this page writes."""
        return []

    # ---- warnings --------------------------------------------------------------------------------
    def show_warnings(self, warnings: list[Warning]) -> None:
        while self.warning_box.count():
            w = self.warning_box.takeAt(0).widget()
            if w:
                w.deleteLater()
        for w in warnings:
            if w.severity == "info" and self.step_id not in INFO_ON.get(w.code, ()):
                continue
            label = wrap_label(w.text, f"warning_{w.code}",
                               SEVERITY_STYLE.get(w.severity, "") + " padding: 6px; border-radius: 4px;")
            self.warning_box.addWidget(label)

    def warning_codes(self) -> list[str]:
        out = []
        for i in range(self.warning_box.count()):
            w = self.warning_box.itemAt(i).widget()
            if w is not None:
                out.append(w.objectName().removeprefix("warning_"))
        return out
