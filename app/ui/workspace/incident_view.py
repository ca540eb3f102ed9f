"""The incident view: time line (corrections beside what they superseded), stage and next actions,
documents, evidence, the party and its earlier contacts, internet steps, care (restricted), escalation."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QMainWindow, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from app.model import evidence, kinds, parties, workspace
from app.model.errors import MadoguchiError
from app.ui.workspace.evidence_panel import EvidencePanel
from app.ui.workspace.party_panel import RepeatContactPanel

PRIORITY = {0: "至急", 1: "高", 2: "通常", 3: "低"}


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.horizontalHeader().setStretchLastSection(True)
    t.setEditTriggers(QTableWidget.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))


class IncidentView(QMainWindow):
    loaded = Signal()
    """Emitted each time the view has (re)loaded the incident from the store."""
    closed = Signal(str)
    """Emitted with the incident id when the view is closed (the opener then forgets it: a view is never
    shown again after closing, so the next person never sees the previous person's view or input)."""

    def __init__(self, store_thread, incident_id: str, viewer: str | None = None, roles=None, parent=None,
                 settings=None):
        super().__init__(parent)
        from app.model import settings as settings_mod
        self.settings = settings if settings is not None else settings_mod.current()  # the flow's settings
        self.setObjectName("incident_view")
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.store_thread = store_thread
        self.incident_id = incident_id
        self.viewer = viewer  # None: whoever is signed in (read on the store thread)
        self.roles = tuple(roles) if roles is not None else None
        self.bundle: workspace.Bundle | None = None
        self.setWindowTitle("事案の記録")
        self.header = QLabel()
        self.header.setObjectName("incident_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("stage_label")
        self.stage_label.setStyleSheet("font-size: 16px; font-weight: bold")
        self.actions_list = QListWidget()
        self.actions_list.setObjectName("next_actions")
        self.export_button = QPushButton("経過をCSVで書き出す…")
        self.export_button.setObjectName("export_csv")
        self.export_button.clicked.connect(self._choose_export)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addWidget(QLabel("現在の段階"))
        sl.addWidget(self.stage_label)
        sl.addWidget(QLabel("次の対応"))
        sl.addWidget(self.actions_list, 1)
        sl.addWidget(self.export_button)
        self.edit_case_button = QPushButton("相手方・事案の情報を直す…")
        self.edit_case_button.setObjectName("edit_case")
        self.edit_case_button.setToolTip("氏名・ふりがな・電話番号・特徴・人数、所属、概要、発生日時")
        self.edit_case_button.clicked.connect(self.edit_case)
        sl.insertWidget(0, self.edit_case_button)

        self.timeline = QTreeWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setHeaderLabels(["日時", "記録者", "種類", "内容"])
        self.timeline.setWordWrap(True)
        self.timeline.setUniformRowHeights(False)
        self.timeline.header().setStretchLastSection(True)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # 内容 wraps instead
        self.timeline.setContextMenuPolicy(Qt.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self._timeline_menu)
        self.timeline.itemDoubleClicked.connect(lambda item, _col: self.correct_entry(item.data(0, Qt.UserRole)))
        self.timeline.setToolTip("行を右クリック（またはダブルクリック）すると訂正できます")
        self.documents = _table(["文書", "文書番号", "発行日時", "SHA-256"], "documents_table")
        self.evidence = EvidencePanel(store_thread, incident_id)
        self.evidence.attach_requested.connect(self.attach)
        self.party = RepeatContactPanel(store_thread)
        self.internet = _table(["手順", "日時", "運営会社", "結果", "記録者"], "internet_table")
        self.escalations = _table(["段階", "日時", "理由", "記録者"], "escalation_table")
        self.care = _table(["職員", "期限", "お知らせ", "メモ", "連絡者"], "care_table")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("incident_tabs")
        self.tabs.addTab(self.timeline, "経過")
        self.tabs.addTab(self.documents, "文書")
        self.tabs.addTab(self.evidence, "証拠")
        self.tabs.addTab(self._party_tab(), "相手方")
        self.tabs.addTab(self._internet_tab(), "インターネット")
        self.tabs.addTab(self.escalations, "エスカレーション")
        self.care_index = self.tabs.addTab(self.care, "ケア")
        self.tabs.setTabVisible(self.care_index, False)
        from app.ui.workspace.looked_tab import LookedTab
        self.looked = LookedTab()
        self.looked_index = self.tabs.addTab(self.looked, LookedTab.TITLE)
        self.tabs.setTabVisible(self.looked_index, False)

        split = QSplitter()
        split.addWidget(self.tabs)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 330])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)
        self.setCentralWidget(central)
        from app.ui.screen_fit import fit
        fit(self, 1280, 720)
        # Live: every write the Service reports (here, in another window, a second person's entry, a sync)
        # reloads the view while it is open. Connected for the view's whole life, never disconnected by
        # hand (a failed disconnect once left a reopened view stale); a closed view is deleted.
        self.store_thread.changed.connect(self._changed)
        self._closed = False
        self.reload()

    # --- tabs with forms ---
    def _party_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.addWidget(self.party, 1)
        form = QHBoxLayout()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("party_status_combo")
        self.status_combo.addItems(parties.CHOOSABLE)  # 出入禁止 only through its decision (課長 → 部長)
        self.status_since, self.status_until = QDateEdit(), QLineEdit()
        self.status_since.setCalendarPopup(True)
        self.status_since.setDisplayFormat("yyyy年M月d日")
        self.status_since.setDate(self.status_since.date().currentDate())
        self.status_since.setAccessibleName("開始日")
        self.status_until = QDateEdit()
        self.status_until.setCalendarPopup(True)
        self.status_until.setDisplayFormat("yyyy年M月d日")
        self.status_until.setMinimumDate(self.status_since.date().currentDate().addDays(-1))
        self.status_until.setSpecialValueText("期限なし")  # the minimum date reads 期限なし
        self.status_until.setDate(self.status_until.minimumDate())
        self.status_until.setAccessibleName("期限（期限なしのときはそのまま）")
        self.status_reason = QLineEdit()
        self.status_reason.setPlaceholderText("理由")
        record = QPushButton("状態を記録")
        record.setObjectName("record_party_status")
        record.clicked.connect(self.record_status)
        for x in (QLabel("状態"), self.status_combo, self.status_since, self.status_until, self.status_reason, record):
            form.addWidget(x)
        layout.addLayout(form)
        ban_note = QLabel("出入禁止は「状態」ではなく、合理的配慮の確認の後に課長が決め、部長が承認します"
                          "（記録の手順の「出入禁止」、又は「職場の対応」の「出入禁止」タブ）。")
        ban_note.setObjectName("ban_flow_note")
        ban_note.setWordWrap(True)
        layout.addWidget(ban_note)
        return w

    def _internet_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        note = QLabel("情報流通プラットフォーム対処法：運営会社への削除請求・発信者情報開示請求（必ず応じてもらえる"
                      "ものではありません）。スクリーンショットは「証拠」に添付します。")
        note.setWordWrap(True)  # a long line would make the whole case view wider than a 1366-px screen
        layout.addWidget(note)
        layout.addWidget(self.internet, 1)
        form = QHBoxLayout()
        self.step_kind = QComboBox()
        for kind in ("takedown_request", "disclosure_request"):
            self.step_kind.addItem(kinds.label(kind), kind)
        from app.ui.workspace.correct_dialog import time_edit
        self.step_at, self.step_platform, self.step_result = time_edit(), QLineEdit(), QLineEdit()
        self.step_at.setAccessibleName("請求の日時")
        self.step_platform.setPlaceholderText("運営会社")
        self.step_result.setPlaceholderText("結果（請求中・削除済・不開示 など）")
        add = QPushButton("記録")
        add.setObjectName("record_internet_step")
        add.clicked.connect(self.record_internet_step)
        for x in (self.step_kind, self.step_at, self.step_platform, self.step_result, add):
            form.addWidget(x)
        layout.addLayout(form)
        return w

    # --- loading ---
    def _changed(self) -> None:
        if not self._closed:
            self.reload()

    def reload(self) -> None:
        if self._closed:
            return
        iid, settings = self.incident_id, self.settings
        self.store_thread.submit(lambda svc: workspace.bundle(svc, iid, settings=settings),  # as the person sees it
                                 self.show_bundle,
                                 self.show_error)

    def show_bundle(self, b: workspace.Bundle) -> None:
        if self._closed:
            return
        self.bundle = b
        s = b.state
        when = workspace.local_time(s.occurred_at)
        self.setWindowTitle(f"事案 {when} {s.party_label}")
        import html
        e = html.escape
        banned = b.party.status if b.party else None
        ban = (f"<span style='color:#b00020;font-weight:bold'>【{e(banned.status)}】</span> " if banned else "")
        self.header.setText(
            f"{ban}<b>{e(when)}　{e(s.channel)}　{e(s.department)}　相手方：{e(s.party_label)}"
            f"</b><br>{e(s.summary)}" + (f"<br>要求内容：{e(s.demands)}" if s.demands else ""))
        self.stage_label.setText(b.flow.stage_label)
        self.actions_list.clear()
        for a in b.flow.actions:
            self.actions_list.addItem(f"[{PRIORITY.get(a.priority, a.priority)}] {a.label}")
        self._fill_timeline(b.timeline)
        lt = workspace.local_time
        from app.export.issue import KIND_LABELS as DOC_TITLES
        _fill(self.documents, [[d.get("title") or DOC_TITLES.get(d.get("doc_kind", ""), ""), d.get("number", ""), lt(d.get("at", "")),
                                 d.get("sha256", "")]
                               for d in b.documents])
        self.evidence.set_items(b.attachments)
        self.party.show_history((b.party if (b.party.incidents or b.party.statuses) else None,
                                 b.party.suggestions if b.party else []))
        _fill(self.internet, [[i.label, lt(i.at), i.platform, i.result, i.author] for i in b.internet])
        _fill(self.escalations, [[x.get("level", ""), lt(x.get("at", "")), x.get("reason", ""), x.get("author", "")]
                                 for x in b.escalations])
        today = workspace.today_iso()
        _fill(self.care, [[t.staff, t.due, "完了" if t.done else t.reminder(today), t.note, t.referred_by]
                          for t in b.care_tasks])
        self.tabs.setTabVisible(self.care_index, b.care_visible)
        self._load_looked()
        self.loaded.emit()

    def _load_looked(self) -> None:
        """閲覧記録 for those the rule lets see it (Service.who_looked refuses the others: the tab stays hidden)."""
        from app.model.errors import PermissionDenied
        from app.ui.workspace.looked_tab import rows
        iid = self.incident_id

        def job(svc):
            if not svc.can("audit.view"):
                return None
            try:
                return rows(svc.who_looked(iid), workspace.local_time)
            except PermissionDenied:
                return None

        def done(shown):
            if self._closed:
                return
            self.tabs.setTabVisible(self.looked_index, shown is not None)
            if shown is not None:
                self.looked.show_rows(shown)
        self.store_thread.submit(job, done, self.show_error)

    def _fill_timeline(self, items: list[workspace.TimelineItem]) -> None:
        self.timeline.clear()
        for i in items:
            row = QTreeWidgetItem([workspace.local_time(i.at), i.author, i.label, i.original])
            if i.at != i.recorded_at and workspace.local_time(i.at) != workspace.local_time(i.recorded_at):
                row.setToolTip(0, f"記録した日時：{workspace.local_time(i.recorded_at)}")
            row.setData(0, Qt.UserRole, i.entry_id)
            row.setToolTip(3, i.original)
            if i.corrections:
                row.setForeground(3, QBrush(QColor("#777")))
                row.setText(2, i.label + "（訂正あり）")
            for c in i.corrections:
                what = "取り消し" if c.withdrawn else "；".join(f"{f}：{o} → {n}" for f, o, n in c.changes)
                child = QTreeWidgetItem([workspace.local_time(c.recorded_at), c.author, "訂正",
                                         f"{what}（理由：{c.reason}）"])
                child.setData(0, Qt.UserRole, c.entry_id)
                child.setForeground(2, QBrush(QColor("#b00020")))
                row.addChild(child)
            self.timeline.addTopLevelItem(row)
            row.setExpanded(True)
        for col in (0, 1, 2):  # 日時・記録者・種類 fit their text; 内容 takes the rest and wraps
            self.timeline.resizeColumnToContents(col)

    # --- correcting ---
    def _timeline_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu
        item = self.timeline.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self.timeline)
        entry_id = item.data(0, Qt.UserRole)
        is_correction = item.parent() is not None
        act = menu.addAction("訂正…", lambda: self.correct_entry(entry_id))
        if is_correction:
            act.setEnabled(False)
            act.setText("訂正…（訂正の記録は直せません。元の行を訂正してください）")
        self._menu = menu
        menu.popup(self.timeline.viewport().mapToGlobal(pos))

    def correct_entry(self, entry_id: str | None) -> None:
        """訂正… for one time-line row (a correction's own row: its original is corrected instead)."""
        if not entry_id:
            return
        item = next((i for i in (self.bundle.timeline if self.bundle else []) if i.entry_id == entry_id), None)
        if item is None:
            for i in (self.bundle.timeline if self.bundle else []):
                if any(c.entry_id == entry_id for c in i.corrections):
                    item = i
        if item is None:
            return
        from app.ui.workspace.correct_dialog import open_correction
        open_correction(self, self.store_thread, self.incident_id, item.entry_id,
                        done=lambda: self.statusBar().showMessage("訂正を記録しました", 5000))

    def edit_case(self) -> None:
        from app.ui.workspace.correct_dialog import open_case_edit
        open_case_edit(self, self.store_thread, self.incident_id,
                       done=lambda: self.statusBar().showMessage("相手方・事案の情報を直しました", 5000))

    # --- writing ---
    def _write(self, job, message: str) -> None:
        self.store_thread.submit(job, lambda _r: self._closed or self.statusBar().showMessage(message, 5000),
                                 self.show_error, writes=True)

    def attach(self, path: str, kind: str, sns: dict) -> None:
        iid = self.incident_id
        self.statusBar().showMessage("暗号化して保存しています…")
        self._write(lambda svc: evidence.attach(svc, iid, path, kind, sns=sns), "証拠を添付しました")

    def record_status(self) -> None:
        iid, status = self.incident_id, self.status_combo.currentText()
        since = self.status_since.date().toString("yyyy-MM-dd")
        until = ("" if self.status_until.date() == self.status_until.minimumDate()
                 else self.status_until.date().toString("yyyy-MM-dd"))
        reason = self.status_reason.text()
        self._write(lambda svc: parties.set_status(svc, iid, status, since, reason, until=until), "状態を記録しました")

    def record_internet_step(self) -> None:
        iid, kind = self.incident_id, self.step_kind.currentData()
        from app.ui.workspace.correct_dialog import from_qdatetime
        payload = {"at": from_qdatetime(self.step_at.dateTime()), "platform": self.step_platform.text(),
                   "result": self.step_result.text()}
        self._write(lambda svc: svc.append(iid, kind, payload), "記録しました")

    def export_csv(self, path: str) -> None:
        items = self.bundle.timeline if self.bundle else []
        self.store_thread.submit(lambda _svc: workspace.export_csv(items, path),
                                 lambda n: self.statusBar().showMessage(f"{n}件を書き出しました", 5000), self.show_error)

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "経過をCSVで書き出す", "経過.csv", "CSV (*.csv)",
                                              options=QFileDialog.DontConfirmOverwrite)
        if path:
            self.export_csv(path)

    def show_error(self, error) -> None:
        if self._closed:
            return
        text = error.ja if isinstance(error, MadoguchiError) else "表示できませんでした。もう一度開いてください。"
        self.statusBar().showMessage(text, 10000)

    def closeEvent(self, event) -> None:
        self.evidence.stop()
        self._closed = True
        super().closeEvent(event)
        self.closed.emit(self.incident_id)
        self.deleteLater()
