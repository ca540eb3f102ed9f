"""保存年限・廃棄 tab: the records past their 保存年限 (as of the tab's today), the approval (an incident: the
課長; a 相談: 人事課), the システム管理者's execution, and the tombstones of what was disposed of (no content).

Every read and write goes through the Service on the store thread (retention_queue, approve_disposal,
execute_disposal, approve_consultation_disposal, execute_consultation_disposal, disposals,
consultation_disposals); the 課長 is given his 課's incidents, the システム管理者 all and the 相談 人事課 approved,
人事課 the 相談.
``today`` is the window's (a fake one in tests)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QTableWidgetItem

from app.model import permissions, retention
from app.ui.duties.common import Today, day_text, list_table
from app.ui.duties.queue_tab import QueueTab
from app.ui.store_thread import guarded

DUE_COLUMNS = ("事案（発生日時・所属）", "保存年限の区分", "起算の基準", "完了日", "廃棄できる日", "承認")
GONE_COLUMNS = ("保存年限の区分", "対応終了日", "出入禁止の終了日", "廃棄日", "承認者")
CONSULTATION_APPROVAL = permissions.operation_for_entry("consultation_disposal_approved")  # 人事課 (the registry)


class RetentionTab(QueueTab):
    TITLE = "保存年限・廃棄"
    loaded = Signal()
    """Emitted after both lists were shown (or the refusal to show them)."""
    done = Signal()
    """Emitted after an approval or an execution was written (or refused)."""

    def __init__(self, store_thread, parent=None, today: Today | None = None):
        super().__init__(store_thread, parent, today, "retention", "retention_due", DUE_COLUMNS, stretch=2)
        self._note = ""  # what the last approval or execution did, shown with the reloaded lists
        self.rows: list[dict] = []
        self.gone: list[dict] = []
        layout = self.body
        self.approve_button = self.add_button("廃棄を承認する（課長・人事課）", "retention_approve", self.approve)
        self.execute_button = self.add_button("廃棄を実施する（システム管理者）", "retention_execute", self.execute)
        layout.addWidget(QLabel("廃棄済み（記録の内容は残っていません）"))
        self.gone_table = list_table("retention_gone", GONE_COLUMNS)
        layout.addWidget(self.gone_table, 1)
        self.info = QLabel()
        self.info.setObjectName("retention_info")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        store_thread.changed.connect(self.refresh)
        self.refresh()

    # ---- loading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = self.today().isoformat()
        self.heading.setText(f"保存年限が過ぎた記録（{day_text(today)}現在）")

        def job(svc):
            if not svc.can("retention.list"):
                return None
            return (svc.retention_queue(today), svc.disposals() + svc.consultation_disposals(),
                    svc.can("retention.approve") or svc.can(CONSULTATION_APPROVAL), svc.can("retention.dispose"))
        self.load(job, self._show, self._failed)

    def _show(self, result) -> None:
        if result is None:
            self.rows, self.gone = [], []
            self.table.setRowCount(0)
            self.gone_table.setRowCount(0)
            self.approve_button.setEnabled(False)
            self.execute_button.setEnabled(False)
            self.info.setText("保存年限が過ぎた記録の一覧は、課長・人事課・システム管理者が見られます。")
            self.loaded.emit()
            return
        self.rows, self.gone, may_approve, may_execute = result
        self.approve_button.setVisible(may_approve)
        self.execute_button.setVisible(may_execute)
        self.approve_button.setEnabled(may_approve)
        self.execute_button.setEnabled(may_execute)
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            approval = f"承認済み（{d['approved_by']}）" if d["approved_by"] else "未承認"
            values = (d["label"], d["class_label"], d["start"], day_text(d["completed"]), day_text(d["disposal_on"]), approval)
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        self.gone_table.setRowCount(len(self.gone))
        for r, g in enumerate(self.gone):
            cls = retention.BY_ID.get(g.get("class", ""))
            values = (cls.label if cls else "", day_text(g.get("closed", "")), day_text(g.get("ended", "")),
                      day_text(g.get("at", "")), g.get("approver", ""))
            for c, v in enumerate(values):
                self.gone_table.setItem(r, c, QTableWidgetItem(v))
        self.gone_table.resizeColumnsToContents()
        note, self._note = self._note, ""
        self.info.setText(f"{note}保存年限が過ぎた記録：{len(self.rows)}件　廃棄済み：{len(self.gone)}件")
        self.loaded.emit()

    def _failed(self, error) -> None:
        self.info.setText(getattr(error, "ja", "") or "処理できませんでした。")
        self.loaded.emit()
        self.done.emit()

    # ---- the two steps -------------------------------------------------------------------------------
    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.Yes

    def _chosen(self) -> dict | None:
        d = self.selected()
        if d is None:
            self.info.setText("一覧から記録を選んでください。")
        return d

    def _what(self, d: dict) -> str:
        if d["record"] == "consultation":
            return (f"相談記録「{d['label']}」（{d['class_label']}、廃棄できる日 {day_text(d['disposal_on'])}）"
                    "の内容（相談・経過・訂正）")
        return (f"事案「{d['label']}」（{d['class_label']}、廃棄できる日 {day_text(d['disposal_on'])}）の記録 {d['records']}件"
                "の内容（経過・発言・相手方・発行した文書・証拠ファイル・ケアの記録）")

    def approve(self) -> None:
        d = self._chosen()
        if d is None:
            return
        if not self.confirm("廃棄の承認", f"{self._what(d)}を廃棄することを承認します。システム管理者が実施すると、"
                            "すべてのPCから内容が消え、元に戻せません。よろしいですか。"):
            return
        today, iid, rid = self.today().isoformat(), d["incident_id"], d.get("record_id", "")
        if d["record"] == "consultation":
            work = lambda svc: svc.approve_consultation_disposal([rid], today)  # noqa: E731
        else:
            work = lambda svc: svc.approve_disposal([iid], today)  # noqa: E731
        self.store_thread.submit(work,
                                 guarded(self, self._written("廃棄を承認しました。システム管理者が実施します。")),
                                 guarded(self, self._failed), writes=True)

    def execute(self) -> None:
        d = self._chosen()
        if d is None:
            return
        if not d["approved_by"]:
            who = "人事課" if d["record"] == "consultation" else "課長"
            self.info.setText(f"この記録の廃棄はまだ{who}に承認されていません。")
            return
        if not self.confirm("廃棄の実施", f"{self._what(d)}を、このPCから直ちに消去し、同期ですべてのPCから消去します。"
                            f"承認者：{d['approved_by']}。元に戻せません。よろしいですか。"):
            return
        today, iid, rid = self.today().isoformat(), d["incident_id"], d.get("record_id", "")
        if d["record"] == "consultation":
            work = lambda svc: svc.execute_consultation_disposal(rid, today)  # noqa: E731
        else:
            work = lambda svc: svc.execute_disposal(iid, today)  # noqa: E731
        self.store_thread.submit(work,
                                 guarded(self, self._written("廃棄を実施しました。記録の内容は消去され、廃棄済みの一覧に残ります。")),
                                 guarded(self, self._failed), writes=True)

    def _written(self, text: str):
        def shown(_result) -> None:
            self._note = text + "　"
            self.info.setText(text)
            self.done.emit()
        return shown
