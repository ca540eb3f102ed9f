"""Input widgets for a step's fields, each with one ``value()`` / ``set_value()`` and an ``edited`` signal."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QRadioButton,
                               QSpinBox, QWidget)

LONG_TEXT = {"demand", "details", "outcome", "rationale"}


class Field(QObject):
    edited = Signal(str)
    """Emitted with the field id when the person changes the value (not when it is restored)."""

    def __init__(self, field_id: str, widget: QWidget, parent=None):
        super().__init__(parent)
        self.id = field_id
        self.widget = widget
        widget.setObjectName(f"field_{field_id}")
        self._restoring = False

    def _changed(self, *_a) -> None:
        if not self._restoring:
            self.edited.emit(self.id)

    def set_value(self, value: Any) -> None:
        self._restoring = True
        try:
            self._set(value)
        finally:
            self._restoring = False

    def value(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def _set(self, value: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class TextField(Field):
    def __init__(self, field_id: str, long: bool = False, parent=None):
        w = QPlainTextEdit() if long else QLineEdit()
        if long:
            w.setTabChangesFocus(True)
            w.setMinimumHeight(70)
            w.setMaximumHeight(140)
        super().__init__(field_id, w, parent)
        w.textChanged.connect(self._changed)

    def value(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def _set(self, value: Any) -> None:
        text = "" if value is None else str(value)
        w = self.widget
        w.setPlainText(text) if isinstance(w, QPlainTextEdit) else w.setText(text)


class IntegerField(Field):
    def __init__(self, field_id: str, parent=None):
        w = QSpinBox()
        w.setRange(0, 999)
        w.setSuffix(" 人")
        super().__init__(field_id, w, parent)
        w.valueChanged.connect(self._changed)

    def value(self) -> int:
        return self.widget.value()

    def _set(self, value: Any) -> None:
        try:
            self.widget.setValue(int(value))
        except (TypeError, ValueError):
            self.widget.setValue(0)


class BoolField(Field):
    def __init__(self, field_id: str, label: str, parent=None):
        w = QCheckBox(label)
        super().__init__(field_id, w, parent)
        w.toggled.connect(self._changed)

    def value(self) -> bool:
        return self.widget.isChecked()

    def _set(self, value: Any) -> None:
        self.widget.setChecked(bool(value))


class ChoiceField(Field):
    """Radio buttons (one click each, no drop-down to open)."""

    def __init__(self, field_id: str, options: list[str], parent=None):
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(box)
        self.buttons: dict[str, QRadioButton] = {}
        for opt in options:
            b = QRadioButton(opt)
            b.setObjectName(f"choice_{field_id}_{opt}")
            self.group.addButton(b)
            self.buttons[opt] = b
            row.addWidget(b)
        row.addStretch(1)
        super().__init__(field_id, box, parent)
        self.group.buttonToggled.connect(lambda _b, on: on and self._changed())

    def value(self) -> str:
        b = self.group.checkedButton()
        return b.text() if b else ""

    def _set(self, value: Any) -> None:
        b = self.buttons.get(str(value or ""))
        if b:
            b.setChecked(True)
        else:
            self.group.setExclusive(False)
            for x in self.buttons.values():
                x.setChecked(False)
            self.group.setExclusive(True)


class CheckListField(Field):
    """Several check items; the value is the list of checked ids."""

    def __init__(self, field_id: str, container: QWidget, items: list[tuple[str, QCheckBox]], parent=None):
        self.boxes = dict(items)
        super().__init__(field_id, container, parent)
        for b in self.boxes.values():
            b.toggled.connect(self._changed)

    def value(self) -> list[str]:
        return [i for i, b in self.boxes.items() if b.isChecked()]

    def _set(self, value: Any) -> None:
        chosen = set(value or [])
        for i, b in self.boxes.items():
            b.setChecked(i in chosen)
