"""Filters over the incident list (period, 所属, 手段, 迷惑行為, 段階, 判断, 要確認, 解決, エスカレーション)
and saved searches."""
from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QInputDialog, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from app.model.listing import IncidentFilter
from app.model import vocab

STAGES = [("", "段階：すべて"), ("initial_response", "初期対応"), ("first_response", "一次対応"),
          ("second_response", "二次対応"), ("closure", "対応終了"), ("aftercare", "発生後の対応")]
JUDGEMENTS = [("", "判断：すべて")] + [(r, r) for r in vocab.judgement_results()] + [("none", vocab.UNJUDGED)]
RESOLVED = [("", "解決：すべて"), ("yes", "解決"), ("no", "未解決"), ("unknown", "未記録")]
ESCALATIONS = [("", "エスカレーション：すべて")] + [(lv, f"{lv}（{who}）") for lv, who in vocab.escalation_labels().items()]
NO_DATE = QDate(2000, 1, 1)


def _combo(items: list[tuple[str, str]], name: str) -> QComboBox:
    c = QComboBox()
    c.setObjectName(name)
    for value, label in items:
        c.addItem(label, value)
    return c


def _date(name: str) -> QDateEdit:
    d = QDateEdit()
    d.setObjectName(name)
    d.setCalendarPopup(True)
    d.setDisplayFormat("yyyy-MM-dd")
    d.setMinimumDate(NO_DATE)
    d.setSpecialValueText("指定なし")
    d.setDate(NO_DATE)
    return d


class FilterBar(QWidget):
    changed = Signal(object)
    """Emitted with the new IncidentFilter (without the search text) whenever a filter changes."""

    def __init__(self, saved, parent=None):
        """``saved``: the member's saved searches (all/save/delete; a ``changed`` signal when it has one),
        normally a SavedSearchCache over the store thread."""
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self.saved = saved
        self.date_from, self.date_to = _date("filter_from"), _date("filter_to")
        self.department = _combo([("", "所属：すべて")], "filter_department")
        self.channel = _combo([("", "手段：すべて")] + [(c, c) for c in vocab.channels()], "filter_channel")
        self.behaviour = _combo([("", "迷惑行為：すべて")] + [(b, b) for b in vocab.behaviours()], "filter_behaviour")
        self.behaviour.setMaximumWidth(220)
        self.stage = _combo(STAGES, "filter_stage")
        self.judgement = _combo(JUDGEMENTS, "filter_judgement")
        self.resolved = _combo(RESOLVED, "filter_resolved")
        self.escalation = _combo(ESCALATIONS, "filter_escalation")
        self.needs_check = QCheckBox("要確認")
        self.needs_check.setObjectName("filter_needs_check")
        self.saved_combo = QComboBox()
        self.saved_combo.setObjectName("saved_searches")
        self.save_button = QPushButton("検索を保存")
        self.save_button.setObjectName("save_search")
        self.clear_button = QPushButton("条件クリア")
        rows = QVBoxLayout(self)  # two rows so that the bar fits 1366 px at 200 %
        rows.setContentsMargins(0, 0, 0, 0)
        layout, second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(layout)
        rows.addLayout(second)
        layout.addWidget(QLabel("期間"))
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("〜"))
        layout.addWidget(self.date_to)
        for w in (self.department, self.channel, self.behaviour):
            layout.addWidget(w)
        layout.addStretch(1)
        for w in (self.stage, self.judgement, self.needs_check, self.resolved, self.escalation):
            second.addWidget(w)
        second.addStretch(1)
        second.addWidget(self.saved_combo)
        second.addWidget(self.save_button)
        second.addWidget(self.clear_button)
        for c in (self.department, self.escalation, self.saved_combo):
            c.setMaximumWidth(220)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._emit)
        for c in (self.department, self.channel, self.behaviour, self.stage, self.judgement, self.resolved,
                  self.escalation):
            c.currentIndexChanged.connect(self._emit)
        self.needs_check.toggled.connect(self._emit)
        self.save_button.clicked.connect(self._ask_save)
        self.clear_button.clicked.connect(lambda: self.apply(IncidentFilter()))
        self.saved_combo.activated.connect(self._load_saved)
        self._applying = False
        if hasattr(saved, "changed"):
            saved.changed.connect(self.refresh_saved)
        self.refresh_saved()

    def set_departments(self, names: list[str]) -> None:
        current = self.department.currentData()
        self._applying = True
        self.department.clear()
        self.department.addItem("所属：すべて", "")
        for n in names:
            self.department.addItem(n, n)
        self.department.setCurrentIndex(max(0, self.department.findData(current)))
        self._applying = False

    def current(self) -> IncidentFilter:
        def day(d: QDateEdit) -> str:
            return "" if d.date() == NO_DATE else d.date().toString("yyyy-MM-dd")
        return IncidentFilter(period_from=day(self.date_from), period_to=day(self.date_to),
                              department=self.department.currentData() or "", channel=self.channel.currentData() or "",
                              behaviour=self.behaviour.currentData() or "", stage=self.stage.currentData() or "",
                              judgement=self.judgement.currentData() or "", needs_check=self.needs_check.isChecked(),
                              resolved=self.resolved.currentData() or "",
                              escalation=self.escalation.currentData() or "")

    def apply(self, f: IncidentFilter) -> None:
        """Show ``f`` in the widgets (its search text is the caller's) and emit once."""
        self._applying = True
        for d, value in ((self.date_from, f.period_from), (self.date_to, f.period_to)):
            d.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
        if f.department and self.department.findData(f.department) < 0:
            self.department.addItem(f.department, f.department)
        for c, value in ((self.department, f.department), (self.channel, f.channel), (self.behaviour, f.behaviour),
                         (self.stage, f.stage), (self.judgement, f.judgement), (self.resolved, f.resolved),
                         (self.escalation, f.escalation)):
            c.setCurrentIndex(max(0, c.findData(value)))
        self.needs_check.setChecked(f.needs_check)
        self._applying = False
        self._emit()

    def _emit(self, *_):
        if not self._applying:
            self.changed.emit(self.current())

    # --- saved searches ---
    text_provider = staticmethod(lambda: "")

    def refresh_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem("保存した検索…", None)
        for name in sorted(self.saved.all()):
            self.saved_combo.addItem(name, name)

    def save_current(self, name: str) -> None:
        f = self.current()
        f.text = self.text_provider()
        self.saved.save(name, f)
        self.refresh_saved()

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(self, "検索を保存", "名前:")
        if ok and name:
            self.save_current(name)

    loaded = Signal(object)
    """Emitted with a saved IncidentFilter (including its search text) when one is chosen."""

    def load(self, name: str) -> None:
        f = self.saved.all().get(name)
        if f is not None:
            self.loaded.emit(f)
            self.apply(f)

    def _load_saved(self, index: int) -> None:
        name = self.saved_combo.itemData(index)
        if name:
            self.load(name)
