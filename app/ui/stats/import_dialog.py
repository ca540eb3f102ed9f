"""以前の記録の取り込み: choose a CSV / Excel file, map its columns, preview with errors per row, import all or
nothing (app/model/importer.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from app.model import importer

NONE = "（使わない）"
PREVIEW_ROWS = 200
#: words that suggest a column for a target when the file is opened
HINTS = {"occurred_at": ("発生日", "日時", "日付"), "channel": ("手段", "方法"), "department": ("所属", "課"),
         "place": ("場所",), "summary": ("概要", "内容", "発生状況"), "demands": ("要求",),
         "party.name": ("相手方", "氏名"), "party.description": ("特徴",), "staff": ("職員", "対応者"),
         "behaviours": ("類型", "行為"), "judgement": ("判断",), "handling": ("対処", "対応内容"),
         "resolved": ("解決",), "closed_at": ("終了",)}


class ImportDialog(QDialog):
    imported = Signal(list)
    """The ids of the incidents created by the import."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle("以前の記録の取り込み")
        self.store_thread = store_thread
        self.header: list[str] = []
        self.rows: list[list] = []
        self.path: Path | None = None
        self.checked: importer.Checked | None = None
        self.file_label = QLabel("ファイルが選ばれていません")
        choose = QPushButton("ファイルを選ぶ…", objectName="choose_file")
        choose.clicked.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for target, label in importer.TARGETS.items():
            combo = QComboBox(objectName=f"map_{target}")
            combo.currentIndexChanged.connect(lambda _i: self.check())
            self.combos[target] = combo
            form.addRow(label, combo)
        self.preview = QTableWidget(0, 0, objectName="preview")
        self.preview.setEditTriggers(QTableWidget.NoEditTriggers)
        self.status = QLabel(objectName="import_status")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("取り込む", QDialogButtonBox.AcceptRole)
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        body = QHBoxLayout()
        body.addLayout(form, 1)
        body.addWidget(self.preview, 3)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(1200, 640)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "以前の記録", "", "CSV / Excel (*.csv *.xlsx)")
        if name:
            self.load(Path(name))

    def load(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.header, self.rows = importer.read_table(path, sheet)
        self.file_label.setText(f"{path.name}（{len(self.rows):,}行）")
        for target, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NONE)
            combo.addItems(self.header)
            guess = next((h for h in self.header for w in HINTS.get(target, ()) if w in h), None)
            if guess and guess not in [c.currentText() for c in self.combos.values()]:
                combo.setCurrentText(guess)
            combo.blockSignals(False)
        self.check()

    def mapping(self) -> importer.Mapping | None:
        columns = {t: c.currentText() for t, c in self.combos.items() if c.currentText() not in ("", NONE)}
        try:
            return importer.Mapping.from_dict({"columns": columns})
        except Exception as exc:  # a required column not chosen yet
            self.status.setText(getattr(exc, "ja", str(exc)))
            return None

    def check(self) -> importer.Checked | None:
        """Check every row with the current mapping; fill the preview with the row's state."""
        self.import_button.setEnabled(False)
        self.checked = None
        mapping = self.mapping() if self.header else None
        if mapping is None:
            self._fill_preview({})
            return None
        self.checked = importer.check_rows(self.header, self.rows, mapping, self.path.name if self.path else "")
        errors: dict[int, list[str]] = {}
        for e in self.checked.errors:
            errors.setdefault(e.row, []).append(e.message)
        self._fill_preview(errors)
        if self.checked.errors:
            first = "\n".join(f"{e.row}行目: {e.message}" for e in self.checked.errors[:5])
            self.status.setText(f"{len(self.checked.errors)}件のエラーがあります。直すまで取り込めません（一部だけの取り込みはしません）。\n{first}")
        else:
            self.status.setText(f"{self.checked.rows:,}行すべて取り込めます。")
            self.import_button.setEnabled(self.checked.rows > 0)
        return self.checked

    def _fill_preview(self, errors: dict[int, list[str]]) -> None:
        shown = self.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(self.header) + 2)
        self.preview.setHorizontalHeaderLabels(["行", "状態"] + self.header)
        self.preview.setRowCount(len(shown))
        for r, row in enumerate(shown):
            n = r + 2
            msgs = errors.get(n, [])
            state = QTableWidgetItem("エラー: " + " / ".join(msgs) if msgs else "OK")
            if msgs:
                state.setForeground(QColor("#b00020"))
            self.preview.setItem(r, 0, QTableWidgetItem(str(n)))
            self.preview.setItem(r, 1, state)
            for c, v in enumerate(row[:len(self.header)]):
                self.preview.setItem(r, c + 2, QTableWidgetItem("" if v is None else str(v)))

    def run_import(self) -> None:
        checked = self.check()
        if not checked or checked.errors:
            return
        self.import_button.setEnabled(False)

        def job(svc):
            return importer.import_for(svc, checked)

        def done(ids):
            self.status.setText(f"{len(ids):,}件を取り込みました。")
            self.imported.emit(ids)
            self.accept()

        def failed(error):
            self.status.setText(getattr(error, "ja", "できませんでした。もう一度お試しください。"))
            self.import_button.setEnabled(True)

        self.store_thread.submit(job, done, failed, writes=True)
