"""The document dialog: choose the kind, edit the fields, see a live draft, then 発行 / 印刷… / 保存….

Qt widgets only: the fields come from app/export/issue.py (pure), the store is used through the store
thread, and drafts are rendered on a thread pool (debounced) so typing never waits on reportlab.
"""
from __future__ import annotations

import datetime as _dt
import itertools
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QRunnable, QSize, Qt, QThreadPool, \
    QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from app.export import issue
from app.model import roles
from app.model import settings as settings_mod
from app.model.errors import MadoguchiError, StoreExistsError

#: per kind: (field, label, widget) — line: one line; text: several lines; lines: a list, one per line
FORMS: dict[str, list[tuple[str, str, str]]] = {
    "legal-request": [
        ("subject", "件名", "line"),
        ("requester_name", "依頼者（課長）氏名", "line"),
        ("contact_name", "担当者", "line"),
        ("extension", "内線", "line"),
        ("background", "経緯・背景", "text"),
        ("current_status", "現状", "text"),
        ("planned_response", "検討している対処内容", "text"),
        ("questions", "質問事項", "lines"),
        ("preferred_dates", "希望日時", "lines"),
        ("attendees", "出席予定者", "lines"),
    ],
    "legal-report": [
        ("subject", "件名", "line"),
        ("reporter_name", "報告者（課長）氏名", "line"),
        ("consulted_at", "相談日時", "line"),
        ("consulted_until", "相談の終了日時", "line"),
        ("place_method", "場所・方法", "line"),
        ("lawyer_name", "弁護士名", "line"),
        ("law_office", "事務所名", "line"),
        ("attendees", "出席者", "lines"),
        ("policy", "今後の対応方針", "text"),
    ],
    "eviction-order": [
        ("addressee", "宛名", "line"),
        ("issuer_name", "庁舎管理者 氏名", "line"),
        ("place", "場所", "line"),
    ],
    "record": [
        ("summary", "概要", "text"),
        ("harm", "被害の状況", "text"),
    ],
    "ban-notice": [  # the incident's latest 出入禁止 (the 部長 must have approved it before it is issued)
        ("addressee", "宛名", "line"),
        ("scope", "対象の範囲・場所", "line"),
        ("contact", "問合せ先（電話番号など）", "line"),
    ],
}


#: hints shown inside empty fields
PLACEHOLDERS = {
    "questions": "法的な問題点・質問事項を1行に1つ",
    "preferred_dates": "1行に1つ（例 2025-06-16T10:00:00+09:00、月〜金 9時〜17時）",
    "attendees": "1行に1人",
    "consulted_at": "例 2025-06-20T14:00:00+09:00",
}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def print_pdf(printer, document: QPdfDocument) -> int:
    """Paint every page of ``document`` onto ``printer`` at the printer's resolution; returns the pages."""
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("printer")
    try:
        dpi = printer.resolution()
        for i in range(document.pageCount()):
            if i:
                printer.newPage()
            pt = document.pagePointSize(i)
            image = document.render(i, QSize(int(pt.width() / 72 * dpi), int(pt.height() / 72 * dpi)))
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(area.x(), area.y(), image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


class _RenderSignals(QObject):
    done = Signal(int, object, object)  # generation, pdf bytes, error


class _RenderJob(QRunnable):
    def __init__(self, generation: int, fn):
        super().__init__()
        self.generation, self.fn = generation, fn
        self.signals = _RenderSignals()

    def run(self) -> None:
        try:
            pdf = self.fn()
        except Exception as exc:  # shown in the dialog, never swallowed
            self.signals.done.emit(self.generation, None, exc)
            return
        self.signals.done.emit(self.generation, pdf, None)


class DocumentDialog(QDialog):
    issued = Signal(object)
    """Emitted with the ``issue.Issued`` result once a document is issued and recorded."""
    saved = Signal(str)
    """Emitted with the path once a saved copy is written (after the export was audited)."""
    preview_ready = Signal()
    """Emitted when a PDF (draft or issued) is shown in the preview."""

    DEBOUNCE_MS = 350

    def __init__(self, store_thread, incident_id: str, parent=None, *, settings=None):
        super().__init__(parent)
        self.setObjectName("document_dialog")
        self.setWindowTitle("文書の作成・発行")
        self.store_thread = store_thread
        self.incident_id = incident_id
        self.settings = settings if settings is not None else self._load_settings()
        self.entries = None
        self.request_fields = None
        self.pdf: bytes | None = None  # what the preview shows
        self.warnings: list[str] = []  # shown under the preview: variant forms without a glyph, empty fields
        self.shown_issued = None  # issue.Issued or dict when an issued document is shown
        self._generation = itertools.count(1)
        self._latest = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._jobs: set = set()
        self._prefill: dict[str, str] = {}
        self.inputs: dict[str, QWidget] = {}

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind, label in issue.KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.role = QComboBox()
        self.role.setObjectName("role")
        for key, label in roles.LABELS.items():
            self.role.addItem(label, key)
        self.role.setEnabled(False)  # the signed-in person's role: shown, not chosen
        self.role.setToolTip("サインインしている職員の役職です（課長の依頼書・庁舎管理者の退去命令書）")
        self._held_roles: list[str] = []
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.issued_list = QListWidget()
        self.issued_list.setObjectName("issued_list")
        self.issued_list.setMaximumHeight(110)
        self.issued_list.itemActivated.connect(self._show_kept)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        self.issue_button = QPushButton("発行（番号を付けて記録）")
        self.issue_button.setObjectName("issue_button")
        self.print_button = QPushButton("印刷…")
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton("保存…")
        self.save_button.setObjectName("save_button")
        close = QPushButton("閉じる")
        self.issue_button.clicked.connect(self.issue_document)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        close.clicked.connect(self.reject)

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None

        left = QWidget()
        lv = QVBoxLayout(left)
        top = QFormLayout()
        top.addRow("文書", self.kind)
        top.addRow("発行者の役職", self.role)
        lv.addLayout(top)
        from PySide6.QtWidgets import QScrollArea
        self.form_scroll = QScrollArea()  # the fields scroll; 発行 / 印刷 / 保存 stay on a 768-px screen
        self.form_scroll.setObjectName("form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form_host)
        lv.addWidget(self.form_scroll, 1)
        lv.addWidget(QLabel("発行済み（ダブルクリックで保管された文書を表示）"))
        lv.addWidget(self.issued_list)
        lv.addWidget(self.status)
        buttons = QHBoxLayout()
        for b in (self.issue_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lv.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(split)

        self._timer = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._render_draft)
        self.kind.currentIndexChanged.connect(lambda _i: (self._select_role(), self._rebuild_form()))
        self._set_busy(True)
        from app.ui.screen_fit import fit
        fit(self, 1200, 700)
        self.reload()

    # ---- data --------------------------------------------------------------------------------------
    @staticmethod
    def _load_settings() -> dict:
        return dict(settings_mod.current())  # the process's settings (app/model/settings.py)

    def reload(self) -> None:
        iid = self.incident_id

        def job(svc):
            issued = issue.listed(svc, iid)
            return svc.entries(iid), svc.last_request_fields(iid), issued, sorted(svc.roles())

        self.store_thread.submit(job, self._loaded, self._failed)

    def _loaded(self, result) -> None:
        first = self.entries is None
        self.entries, self.request_fields, issued, held = result
        self._held_roles = held
        self._select_role()
        self.issued_list.clear()
        for d in issued:
            item = QListWidgetItem(f"{d['number']}　{d['title']}　{d['issued_at'][:16].replace('T', ' ')}　{d['issued_by']}")
            item.setData(Qt.UserRole, d)
            self.issued_list.addItem(item)
        if first:
            self._rebuild_form()
        self._set_busy(False)

    def _select_role(self) -> None:
        role = issue.issuer_role(self.current_kind(), self._held_roles)
        self.role.setCurrentIndex(max(0, self.role.findData(role)) if role else -1)

    def current_kind(self) -> str:
        return self.kind.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _rebuild_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs.clear()
        self._prefill.clear()
        if self.entries is None:
            return
        kind = self.current_kind()
        try:
            fields = issue.build(kind, self.entries, self.settings, today=_dt.date.today(),
                                 request_fields=self.request_fields if kind == "legal-report" else None)
        except MadoguchiError as exc:
            self._show_status(exc.ja, error=True)
            return
        for name, label, widget in FORMS[kind]:
            value = _as_text(getattr(fields, name, ""))
            if widget == "line":
                w = QLineEdit(value)
                w.textChanged.connect(self._changed)
            else:
                w = QPlainTextEdit(value)
                w.setMinimumHeight(140 if name == "background" else 60)
                w.textChanged.connect(self._changed)
            w.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            w.setObjectName(f"field_{name}")
            self.inputs[name] = w
            self._prefill[name] = value
            self.form.addRow(label, w)
        self._changed()

    def field_text(self, name: str) -> str:
        w = self.inputs[name]
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()

    def extra(self) -> dict:
        """Only what the user changed: the rest comes from the entries, with its own types."""
        kind = self.current_kind()
        out = {}
        for name, _label, widget in FORMS[kind]:
            text = self.field_text(name)
            if text == self._prefill.get(name):
                continue
            out[name] = [ln for ln in text.splitlines() if ln.strip()] if widget == "lines" else text
        return out

    # ---- preview -----------------------------------------------------------------------------------
    def _changed(self, *_a) -> None:
        self.shown_issued = None
        self._timer.start()

    def _render_draft(self) -> None:
        if self.entries is None:
            return
        kind, entries, settings, extra = self.current_kind(), self.entries, dict(self.settings), self.extra()
        request = self.request_fields if kind == "legal-report" else None
        gen = next(self._generation)
        self._latest = gen
        job = _RenderJob(gen, lambda: issue.draft_with_warnings(kind, entries, settings, extra,
                                                                 today=_dt.date.today(), request_fields=request))
        job.signals.done.connect(self._rendered, Qt.QueuedConnection)
        self._jobs.add(job)
        self._pool.start(job)

    def _rendered(self, generation: int, pdf, error) -> None:
        self._jobs = {j for j in self._jobs if j.generation > generation}
        if generation != self._latest or self.shown_issued is not None:
            return  # a newer draft is on its way, or an issued document is shown
        if error is not None:
            self._show_status(error.ja if isinstance(error, MadoguchiError) else f"下書きを作成できません（{error}）",
                              error=True)
            return
        pdf, self.warnings = pdf  # the draft and what the issuer should know (variant forms, empty fields)
        self._show_pdf(pdf)
        self._show_status("　".join(["下書き（番号なし・未記録）", *self.warnings]))

    def _show_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.ReadOnly)
        self.document.load(buffer)
        old, self._buffer = self._buffer, buffer
        if old is not None:
            old.deleteLater()
        self.preview_ready.emit()

    def wait_idle(self, ms: int = 10000) -> bool:
        return self._pool.waitForDone(ms)

    # ---- actions -----------------------------------------------------------------------------------
    def confirm_issue(self, kind: str) -> bool:
        answer = QMessageBox.question(
            self, "発行", f"「{issue.KIND_LABELS[kind]}」を発行します。文書番号を付け、事案の記録に残します。"
            "発行した文書は変更できません。よろしいですか。")
        return answer == QMessageBox.Yes

    def issue_document(self) -> None:
        if self.entries is None:
            return
        kind, role, extra, settings = self.current_kind(), self.role.currentData(), self.extra(), dict(self.settings)
        try:
            issue.coerce_extra(kind, extra)
            issue.check_may_issue(kind, role)
        except MadoguchiError as exc:
            self._show_status(exc.ja, error=True)
            return
        if not self.confirm_issue(kind):
            return
        iid = self.incident_id
        self._set_busy(True)

        def done(result):
            self._set_busy(False)
            self.shown_issued = result
            self._show_pdf(result.pdf)
            self.warnings = list(result.warnings)
            self._show_status("　".join([f"発行しました：{result.number}（SHA-256 {result.sha256[:16]}…）",
                                        *self.warnings]))
            self.issued.emit(result)
            self.reload()

        def failed(error):
            self._set_busy(False)
            self._show_status(error.ja if isinstance(error, MadoguchiError) else f"発行できません（{error}）", error=True)

        self.store_thread.submit(lambda svc: issue.issue_for(svc, iid, kind, settings=settings, extra=extra),
                                 done, failed, writes=True)

    def _show_kept(self, item: QListWidgetItem) -> None:
        d = item.data(Qt.UserRole)
        iid = self.incident_id

        def done(pdf):
            self.shown_issued = d
            self._show_pdf(pdf)
            self._show_status(f"保管された文書：{d['number']}（{d['title']}）")

        self.store_thread.submit(lambda svc: svc.reprint(iid, d["sha256"]), done, self._failed)

    def default_file_name(self) -> str:
        title = issue.KIND_LABELS[self.current_kind()]
        if isinstance(self.shown_issued, issue.Issued):
            return f"{title}_{self.shown_issued.number}.pdf"
        if isinstance(self.shown_issued, dict):
            return f"{self.shown_issued['title']}_{self.shown_issued['number']}.pdf"
        return f"{title}_下書き.pdf"

    def save_document(self) -> Path | None:
        """Ask for a new file; the export is checked and audited on the store thread, then written.

        Returns the chosen path (written once ``saved`` is emitted), or None when nothing will be written."""
        if not self.pdf:
            return None
        name, _ = QFileDialog.getSaveFileName(self, "保存", self.default_file_name(), "PDF (*.pdf)",
                                              options=QFileDialog.DontConfirmOverwrite)
        if not name:
            return None
        path, pdf, iid, kind = Path(name), self.pdf, self.incident_id, self.current_kind()
        if path.exists():
            self._show_status(f"出力先のファイルが既にあります（上書きしません）: {path.name}", error=True)
            return None

        def done(_):
            from app.model.files import write_new
            try:
                write_new(path, pdf)
            except StoreExistsError as exc:
                self._show_status(exc.ja, error=True)
                return
            except OSError as exc:
                self._show_status(f"保存できません（{exc.strerror}）", error=True)
                return
            self._show_status(f"保存しました：{path.name}")
            self.saved.emit(str(path))

        self.store_thread.submit(lambda svc: svc.record_output(iid, "export", detail=f"save:{kind}"), done,
                                 self._failed, writes=True)
        return path

    def print_document(self) -> None:
        if not self.pdf:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.default_file_name())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.Accepted:
            return
        iid, kind = self.incident_id, self.current_kind()

        def done(_):
            pages = print_pdf(printer, self.document)
            self._show_status(f"印刷しました（{pages}ページ）")

        self.store_thread.submit(lambda svc: svc.record_output(iid, "print", detail=kind), done, self._failed,
                                 writes=True)

    # ---- state -------------------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        for b in (self.issue_button, self.print_button, self.save_button):
            b.setEnabled(not busy)

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #a00000;" if error else "")

    def _failed(self, error) -> None:
        self._set_busy(False)
        self._show_status(error.ja if isinstance(error, MadoguchiError) else "できませんでした。もう一度お試しください。",
                          error=True)

    def done(self, result: int) -> None:
        self._timer.stop()
        self._pool.waitForDone(10000)
        super().done(result)


def open_documents(parent, store_thread, incident_id: str, *, kind: str | None = None,
                   settings=None) -> DocumentDialog:
    """Open the document dialog for an incident (non-modal; returns it)."""
    dialog = DocumentDialog(store_thread, incident_id, parent, settings=settings)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    if kind:
        dialog.set_kind(kind)
    dialog.show()
    return dialog
