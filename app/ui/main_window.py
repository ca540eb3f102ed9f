"""The main window: the incident list, search and 新規対応."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from app.model.errors import MadoguchiError
from app.ui.incident_model import IncidentListModel
from app.ui.new_incident_dialog import NewIncidentDialog


class MainWindow(QMainWindow):
    incident_created = Signal(str)
    """Emitted with the new incident's id once it is stored."""

    def __init__(self, store_thread, parent=None, title_suffix: str = "", settings=None):
        super().__init__(parent)
        from app.model import settings as settings_mod
        self.settings = settings if settings is not None else settings_mod.current()  # the process's settings
        self.store_thread = store_thread
        self.setObjectName("main_window")
        self.setWindowTitle("窓口カスハラ対応記録" + title_suffix)
        self.model = IncidentListModel(store_thread, self)
        central = QWidget()
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.new_button = QPushButton("新規対応 (Ctrl+N)")
        self.new_button.setObjectName("new_incident_button")
        self.new_button.setMinimumHeight(40)
        self.new_button.clicked.connect(self.start_new_incident)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("検索（発言・概要・要求・相手方）")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(lambda: self.model.reload(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.count_label = QLabel()
        bar.addWidget(self.new_button)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        self.table = QTableView()
        self.table.setObjectName("incident_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((140, 60, 200, 160, 0, 190)):
            if width:
                self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        layout.addLayout(bar)
        self._install_workspace(layout)  # case workspace: filters, sort, incident view (app/ui/workspace)
        layout.addWidget(self.table, 1)
        self.no_list_label = QLabel()
        self.no_list_label.setObjectName("no_list_label")
        self.no_list_label.setWordWrap(True)
        self.no_list_label.setStyleSheet("font-size: 13pt; padding: 12px;")
        self.no_list_label.hide()
        layout.addWidget(self.no_list_label)
        self.setCentralWidget(central)
        act = QAction("新規対応", self)
        act.setShortcut(QKeySequence("Ctrl+N"))
        act.triggered.connect(self.start_new_incident)
        self.addAction(act)
        tools = self.menuBar().addMenu("ツール(&T)")
        tools.addAction("設定…", self.open_settings)
        from app.ui.duties.window import TABS as DUTY_TABS
        if DUTY_TABS:  # the window hosts the duties' tabs (issue 16); none has landed yet: no empty window
            duties = tools.addAction("職場の対応（相談・研修・再発防止など）…", self.open_duties)
            duties.setObjectName("open_duties")
        tools.addSeparator()
        quit_act = tools.addAction("終了 (Ctrl+Q)")
        quit_act.setObjectName("quit_action")
        quit_act.setShortcut(QKeySequence("Ctrl+Q"))
        quit_act.triggered.connect(self.request_quit)
        self.demo = bool(title_suffix) and "デモ" in title_suffix  # a demo store is gone once the app ends
        docs = QAction("文書の作成・発行…", self)
        docs.setObjectName("documents_action")
        docs.setShortcut(QKeySequence("Ctrl+D"))
        docs.triggered.connect(self.open_documents_for_selected)
        self._incident_menu = self.menuBar().addMenu("事案(&I)")
        self._incident_menu.addAction(docs)
        self.stats_menu = self.menuBar().addMenu("集計")
        stats_act = self.stats_menu.addAction("集計・推進委員会報告…")
        stats_act.setObjectName("open_stats")
        stats_act.triggered.connect(self.open_stats)
        self.stats_action, self.documents_action = stats_act, docs
        self.model.modelReset.connect(self._update_count)
        self.store_thread.changed.connect(lambda: self.model.reload())
        self.store_thread.failed.connect(self.show_error)
        self.statusBar().showMessage("準備完了")
        # --- sync status (issue 5): folder/USB sync in the background; see app/ui/sync_status.py ---
        from app.ui.sync_status import SyncStatusWidget
        self.sync_status = SyncStatusWidget(self.store_thread, self, settings=self.settings)
        self.statusBar().addPermanentWidget(self.sync_status)
        # --- end sync status ---
        from app.ui.screen_fit import fit
        fit(self, 1280, 720)
        self.model.reload()
        self._install_encounters(self.settings)

    # ---- encounters (live panel + wizard) live in app/ui/encounter/ ---------------------------------
    def _install_encounters(self, settings) -> None:
        """A new incident and a double-clicked (or Enter-activated) row open an EncounterWindow."""
        from app.ui.encounter.opener import EncounterOpener
        self.encounters = EncounterOpener(self, settings)

    # ---- case workspace (app/ui/workspace) ---------------------------------------------------------
    def _install_workspace(self, layout) -> None:
        from app.ui.workspace.filter_bar import FilterBar
        from app.ui.workspace.saved_search_cache import SavedSearchCache
        self.incident_views: dict[str, object] = {}
        self.saved_searches = SavedSearchCache(self.store_thread, self)
        self.saved_searches.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.filter_bar = FilterBar(self.saved_searches)
        self.filter_bar.text_provider = self.search.text
        self.filter_bar.changed.connect(self.model.set_filter)
        self.filter_bar.loaded.connect(lambda f: self.search.setText(f.text))
        layout.addWidget(self.filter_bar)
        self.table.horizontalHeader().setSortIndicator(0, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)  # header click -> IncidentListModel.sort -> ORDER BY in SQL
        self.table.doubleClicked.connect(lambda index: self.open_incident(index.data(Qt.UserRole)))
        self.table.setContextMenuPolicy(Qt.ActionsContextMenu)
        open_act = QAction("記録を開く (Enter)", self.table)
        open_act.setShortcuts([QKeySequence(Qt.Key_Return), QKeySequence(Qt.Key_Enter)])
        open_act.setShortcutContext(Qt.WidgetShortcut)
        open_act.triggered.connect(self.open_current_incident)
        self.table.addAction(open_act)
        self.store_thread.submit(lambda svc: svc.departments(), self.filter_bar.set_departments)

    def open_current_incident(self):
        index = self.table.currentIndex()
        return self.open_incident(index.data(Qt.UserRole)) if index.isValid() else None

    def open_incident(self, incident_id: str | None):
        """The incident view (time line, evidence, party, care …) for one incident."""
        from app.ui.workspace.incident_view import IncidentView
        if not incident_id:
            return None
        view = self.incident_views.get(incident_id)
        if view is None:
            view = IncidentView(self.store_thread, incident_id, parent=self, settings=self.settings)
            view.setWindowFlag(Qt.Window, True)
            view.closed.connect(lambda iid: self.incident_views.pop(iid, None))
            self.incident_views[incident_id] = view
        view.show()
        view.raise_()
        return view

    def _attach_repeat_contacts(self, dialog) -> None:
        """At a new encounter, a known party's earlier incidents, answers and 出入禁止 status at once."""
        from app.ui.workspace.party_panel import RepeatContactPanel
        from PySide6.QtWidgets import QGroupBox, QVBoxLayout
        box = QGroupBox("以前の対応（氏名か電話番号を入れると、一致する記録と以前の回答をここに表示します）")
        box.setObjectName("repeat_contact_box")
        panel = RepeatContactPanel(self.store_thread, box)
        panel.setMinimumHeight(90)
        QVBoxLayout(box).addWidget(panel)
        dialog.add_section(box)
        dialog.repeat_contacts = panel
        dialog.party_name.textChanged.connect(lambda text: panel.lookup(name=text))
        dialog.party_phone.textChanged.connect(lambda text: panel.lookup(phone=text))

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.model.total:,} 件")

    def start_new_incident(self) -> NewIncidentDialog | None:
        dialog = NewIncidentDialog(self)
        self._attach_repeat_contacts(dialog)
        # 所属 is the signed-in person's unless they change it: it decides whose case it is (app/model/access.py)
        self.store_thread.submit(lambda svc: svc.my_department(),
                                 lambda d: dialog.department.text() or dialog.department.setText(d))
        dialog.accepted.connect(lambda: self._create(dialog))
        dialog.setModal(True)
        dialog.show()
        self._dialog = dialog
        return dialog

    def _create(self, dialog: NewIncidentDialog) -> None:
        data = dialog.data()

        def failed(error):
            self.show_error(error)
            dialog.show_error(error.ja if isinstance(error, MadoguchiError)
                              else "記録を開始できませんでした。もう一度「記録を開始」を押してください。")
            dialog.show()

        def done(incident_id):
            self.statusBar().showMessage("事案を記録しました", 5000)
            self.incident_created.emit(incident_id)

        self.store_thread.submit(lambda svc: svc.create_incident(data), done, failed, writes=True)

    def apply_capabilities(self, caps: dict) -> None:
        """After sign-in: menus and buttons this person cannot use are hidden, or disabled saying why, so
        nothing leads to a refusal (人事課 has no incident list; a 職員 has no 集計)."""
        from app.model import permissions
        self.stats_menu.menuAction().setVisible(caps.get("stats.view", True))
        can_create = caps.get("incident.create", True)
        self.new_button.setEnabled(can_create)
        self.new_button.setToolTip("" if can_create else permissions.denied_text("incident.create"))
        can_list = caps.get("incident.list", True)
        self.table.setVisible(can_list)
        self.search.setEnabled(can_list)
        self.filter_bar.setVisible(can_list)
        self._incident_menu.menuAction().setVisible(can_list)
        self.no_list_label.setVisible(not can_list)
        self.no_list_label.setText("" if can_list else
                                   "この役職では事案の一覧は表示されません。" + (
                                       "集計は「集計」メニューから開けます。" if caps.get("stats.view") else ""))

    def incident_menu(self):
        """The 事案 menu: actions on the incident selected in the list."""
        return self._incident_menu

    def open_settings(self):
        from app.ui.settings_dialog import SettingsDialog
        dialog = SettingsDialog(self)
        dialog.open()
        return dialog

    def selected_incident_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], Qt.UserRole) if rows else None

    def open_documents_for_selected(self):
        incident_id = self.selected_incident_id()
        if not incident_id:
            self.statusBar().showMessage("一覧から事案を選んでください", 5000)
            return None
        from app.ui.documents import open_documents
        self._documents = open_documents(self, self.store_thread, incident_id)
        return self._documents

    def open_duties(self):
        """相談, 配慮措置, 再発防止, 研修・周知, 法律相談, 出入禁止 (app/ui/duties)."""
        from app.ui.duties.window import DutiesWindow
        self._duties = DutiesWindow(self.store_thread, self)
        self._duties.show()
        return self._duties

    def open_stats(self):
        """The statistics dashboard; its drill-down filters this window's list."""
        from app.ui.stats.dashboard import StatsDashboard
        dashboard = StatsDashboard(self.store_thread, self)
        dashboard.drill_down.connect(self.show_incidents)
        dashboard.show()
        self._stats = dashboard
        return dashboard

    def show_incidents(self, ids: list | None, caption: str = "") -> None:
        """Show only ``ids`` in the list (None: all again)."""
        if ids is not None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self.model.set_id_filter(ids)
        self.statusBar().showMessage(f"絞り込み：{caption}" if ids is not None else "準備完了")

    def show_error(self, error) -> None:
        if isinstance(error, MadoguchiError):
            text = error.ja  # Japanese only: what happened and what to do (never an operation id)
        else:
            text = "予期しないエラーが発生しました。記録は保存済みの分まで残っています。もう一度操作してください。"
        self.statusBar().showMessage(text.splitlines()[0], 10000)
        if self.isVisible():
            QMessageBox.warning(self, "エラー", text)

    # ---- quitting ----------------------------------------------------------------------------------
    def open_work(self) -> list[str]:
        """What would be closed by quitting now, in words (empty: nothing to ask about)."""
        out = []
        live = [w for w in self.encounters.windows.values() if w.isVisible()]
        if live:
            out.append(f"対応記録の画面 {len(live)}件（ライブ記録・記録ウィザード）")
        views = [v for v in self.incident_views.values() if v.isVisible()]
        if views:
            out.append(f"事案の記録 {len(views)}件")
        from PySide6.QtWidgets import QApplication, QDialog
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if dialogs:
            out.append("開いている画面：" + "、".join(d.windowTitle() for d in dialogs if d.windowTitle()))
        if self.demo and out:
            out.append("デモのデータは終了すると消えます")
        return out

    def confirm_close(self) -> bool:
        work = self.open_work()
        if not work:
            return True
        box = QMessageBox(QMessageBox.Question, "終了の確認",
                          "次のものが開いています。\n\n・" + "\n・".join(work) + "\n\n終了しますか？"
                          "（記録済みの内容は保存されています）", QMessageBox.Yes | QMessageBox.No, self)
        box.button(QMessageBox.Yes).setText("終了する")
        box.button(QMessageBox.No).setText("続ける")
        box.setDefaultButton(QMessageBox.No)  # Enter or a stray Alt+F4 keeps the app open
        return box.exec() == QMessageBox.Yes

    def request_quit(self) -> None:
        """ツール → 終了 (Ctrl+Q): asks first when anything is open."""
        if self.confirm_close():
            self._quit_confirmed = True
            self.close()

    def closeEvent(self, event) -> None:
        # Alt+F4 or the window's × (a spontaneous close) asks first when anything is open
        if event.spontaneous() and not getattr(self, "_quit_confirmed", False) and not self.confirm_close():
            event.ignore()
            return
        for window in list(self.encounters.windows.values()):
            window.close()  # flushes the wizard's typing before the store thread stops
        for view in list(self.incident_views.values()):
            view.close()
        self.store_thread.stop()
        super().closeEvent(event)
