"""訂正: correcting any entry of the time line, and the case itself (相手方, 所属, 概要, 発生日時) at any time.

Nothing is rewritten: the dialog builds the replacement payload from the registry's fields
(app/model/kinds.py) and the Service writes a correction entry (``Service.correct``) through the same door
and checks as every other entry; the old value stays visible beside it in the time line.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QSpinBox, QVBoxLayout,
                               QWidget)

from app.model import kinds
from app.model.entry import effective_entries

LONG_TEXT = 2_000  # text fields longer than this get a multi-line box


def current_entry(svc, incident_id: str, entry_id: str):
    """The entry as it reads now (after earlier corrections), as this person may see it."""
    entries = svc.entries(incident_id)
    return next((e for e in effective_entries(entries) if e.id == entry_id), None)


def created_entry(svc, incident_id: str):
    entries = svc.entries(incident_id)
    return next((e for e in effective_entries(entries) if e.kind == "incident_created"), None)


def to_qdatetime(value: str) -> QDateTime:
    try:
        d = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return QDateTime.currentDateTime()
    if d.tzinfo is not None:
        d = d.astimezone()  # shown in the PC's local time
    return QDateTime(d.year, d.month, d.day, d.hour, d.minute, d.second)


def from_qdatetime(q: QDateTime) -> str:
    d = q.toPython()
    return d.replace(microsecond=0).astimezone().isoformat(timespec="seconds")


def time_edit(value: str = "") -> QDateTimeEdit:
    w = QDateTimeEdit(to_qdatetime(value) if value else QDateTime.currentDateTime())
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy年M月d日 H:mm")
    return w


class FieldEditor:
    """One registry field as a widget; ``value()`` gives the payload value back (unchanged types)."""

    def __init__(self, f: kinds.Field, value):
        self.field, self.original = f, value
        t = f.type
        if f.options:
            w = QComboBox()
            labels = kinds.OPTION_LABELS.get(f.name, {})
            if not f.required:
                w.addItem("（なし）", "")
            for o in f.options:
                w.addItem(labels.get(o, o), o)
            i = w.findData(value if value is not None else "")
            w.setCurrentIndex(max(i, 0))
        elif t == "time":
            w = time_edit(value or "")
            if not value and not f.required:
                w = QLineEdit()  # an empty optional time stays empty unless typed
                w.setPlaceholderText("空欄のまま")
                w.setEnabled(False)
        elif t == "date":
            w = QDateEdit()
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy年M月d日")
            if value:
                w.setDate(dt.date.fromisoformat(str(value)))
        elif t == "int":
            w = QSpinBox()
            w.setRange(f.minimum, min(f.maximum, 2**31 - 1))
            w.setValue(int(value or f.minimum))
        elif t == "bool":
            w = QCheckBox()
            w.setChecked(bool(value))
        elif t == "text" and f.max_len > LONG_TEXT:
            w = QPlainTextEdit(str(value or ""))
            w.setTabChangesFocus(True)
            w.setMaximumHeight(90)
        elif t == "text":
            w = QLineEdit(str(value or ""))
        elif t == "texts":
            w = QLineEdit("、".join(str(v) for v in (value or [])))
            w.setToolTip("複数のときは「、」で区切ります")
        else:  # nested objects and free values are kept as they are
            w = QLabel("（この画面では変更しません）")
        w.setAccessibleName(f.label)
        self.widget = w

    def value(self):
        f, w, t = self.field, self.widget, self.field.type
        if isinstance(w, QComboBox):
            return w.currentData()
        if t == "time":
            return from_qdatetime(w.dateTime()) if isinstance(w, QDateTimeEdit) else self.original
        if t == "date":
            return w.date().toString("yyyy-MM-dd")
        if t == "int":
            return w.value()
        if t == "bool":
            return w.isChecked()
        if t == "text":
            return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()
        if t == "texts":
            return [x.strip() for x in w.text().replace(",", "、").split("、") if x.strip()]
        return self.original

    def changed(self) -> bool:
        new = self.value()
        if self.field.type == "time" and isinstance(self.widget, QDateTimeEdit) and self.original:
            return to_qdatetime(self.original) != self.widget.dateTime()
        return new != self.original and not (new in ("", [], None) and self.original in ("", [], None))


class _ReasonDialog(QDialog):
    """A form of field editors, a reason (required) and 訂正を記録 — Enter does nothing until a reason is typed."""
    submitted = Signal(dict, str)

    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editors: dict[str, FieldEditor] = {}
        self.form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.form)
        scroll = QScrollArea()  # fits a 1366×768 screen whatever the kind's fields
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.reason = QLineEdit()
        self.reason.setObjectName("correction_reason")
        self.reason.setAccessibleName("訂正の理由")
        self.reason.setPlaceholderText("例：氏名の聞き違い、後から名乗った")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText("訂正を記録")
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.Cancel).setText("やめる")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        note = QLabel(intro)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        reason_form = QFormLayout()
        reason_form.addRow("訂正の理由（必須）", self.reason)
        layout.addLayout(reason_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, 520)

    def add(self, key: str, label: str, editor: FieldEditor) -> FieldEditor:
        self.editors[key] = editor
        editor.widget.setObjectName(f"edit_{key}")
        self.form.addRow(label, editor.widget)
        return editor

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.ok.setEnabled(bool(self.reason.text().strip()))

    def _submit(self) -> None:
        if not self.reason.text().strip():
            self.message.setText("訂正の理由を書いてください。")
            return
        replacement = self.replacement()
        if replacement is None:
            self.message.setText("変更された項目がありません。直す項目を書き換えてから記録してください。")
            return
        self.ok.setEnabled(False)
        self.message.setText("記録しています…")
        self.submitted.emit(replacement, self.reason.text().strip())

    def replacement(self) -> dict | None:  # overridden
        raise NotImplementedError


class CorrectionDialog(_ReasonDialog):
    """訂正… for one entry of the time line: its fields from the registry, or 取り消し."""

    def __init__(self, kind: str, payload: dict, parent=None):
        k = kinds.get(kind)
        super().__init__(f"訂正：{kinds.label(kind)}",
                         "直す項目を書き換え、理由を書いて「訂正を記録」を押します。元の記録は消えず、"
                         "経過に訂正前と訂正後が並んで残ります。", parent)
        self.kind, self.payload = kind, dict(payload)
        for f in (k.fields if k else ()):
            if f.type in ("obj", "any", "payload") or f.name in ("seen", "manual_edition", "imported"):
                continue
            self.add(f.name, f.label, FieldEditor(f, payload.get(f.name)))
        self.withdraw = QCheckBox("この記録を取り消す（誤って記録した場合）")
        self.withdraw.setObjectName("correction_withdraw")
        self.form.addRow("", self.withdraw)

    def replacement(self) -> dict | None:
        if self.withdraw.isChecked():
            return {"withdrawn": True}
        if not any(e.changed() for e in self.editors.values()):
            return None
        out = dict(self.payload)
        for name, e in self.editors.items():
            if not e.changed():
                continue
            v = e.value()
            if v in ("", [], None) and not e.field.required:
                out.pop(name, None)
            else:
                out[name] = v
        return out


PARTY_FIELDS = ("name", "kana", "phone", "description", "group_size")
CASE_FIELDS = ("occurred_at", "department", "summary", "demands", "place")


class CaseEditDialog(_ReasonDialog):
    """相手方・事案の訂正: 相手方 (name as entered, ふりがな, phone, description, group size), 所属, 概要,
    要求内容, 発生日時 — editable at any time, each change a correction of the 事案の記録開始 entry."""

    def __init__(self, payload: dict, parent=None):
        super().__init__("相手方・事案の情報を直す",
                         "分かったことを書き足し、違っていたことを直します。氏名は入力どおりに記録します"
                         "（字体を置き換えません）。元の内容は経過に残ります。", parent)
        self.setObjectName("case_edit_dialog")
        self.payload = dict(payload)
        created = kinds.get("incident_created")
        party_field = created.field("party")
        party = dict(payload.get("party") or {})
        for f in party_field.fields:
            if f.type == "int":  # 人数: 0 means not known
                f = kinds.Field(f.name, "int", f.label, minimum=0, maximum=f.maximum)
            ed = self.add(f"party_{f.name}", f"相手方 {f.label}", FieldEditor(f, party.get(f.name)))
            if f.type == "int":
                ed.widget.setSpecialValueText("不明")
        for name in CASE_FIELDS:
            f = created.field(name)
            self.add(name, f.label, FieldEditor(f, payload.get(name)))
        self.resize(620, 600)

    def replacement(self) -> dict | None:
        if not any(e.changed() for e in self.editors.values()):
            return None
        out = dict(self.payload)
        party = dict(out.get("party") or {})
        for key, e in self.editors.items():
            v = e.value()
            if key.startswith("party_"):
                name = key[len("party_"):]
                if v in ("", 0, None):
                    party.pop(name, None)
                else:
                    party[name] = v
            elif e.changed():
                out[key] = v
        out["party"] = party
        return out


def open_case_edit(parent, store_thread, incident_id: str, done=None) -> CaseEditDialog | None:
    """Loads the case as it reads now, then shows the dialog; a submitted change is one correction entry."""
    holder: dict = {}

    def show(entry):
        if entry is None:
            return
        dlg = CaseEditDialog(entry.payload, parent)
        _wire(dlg, store_thread, incident_id, entry.id, done)
        holder["dialog"] = dlg
        dlg.open()
        if parent is not None:
            parent._case_edit = dlg

    store_thread.submit(lambda svc: created_entry(svc, incident_id), show,
                        getattr(parent, "show_error", None))
    return holder.get("dialog")


def open_correction(parent, store_thread, incident_id: str, entry_id: str, done=None) -> None:
    def show(entry):
        if entry is None:
            return
        dlg = (CaseEditDialog(entry.payload, parent) if entry.kind == "incident_created"
               else CorrectionDialog(entry.kind, entry.payload, parent))
        _wire(dlg, store_thread, incident_id, entry.id, done)
        dlg.open()
        if parent is not None:
            parent._correction = dlg

    store_thread.submit(lambda svc: current_entry(svc, incident_id, entry_id), show,
                        getattr(parent, "show_error", None))


def _wire(dlg: _ReasonDialog, store_thread, incident_id: str, entry_id: str, done) -> None:
    from app.model.errors import MadoguchiError

    def submit(replacement: dict, reason: str):
        def ok(_entry):
            dlg.accept()
            if done:
                done()

        def failed(error):
            dlg.show_error(error.ja if isinstance(error, MadoguchiError)
                           else "訂正を記録できませんでした。もう一度お試しください。")

        store_thread.submit(lambda svc: svc.correct(incident_id, entry_id, replacement, reason), ok, failed,
                            writes=True)

    dlg.submitted.connect(submit)
