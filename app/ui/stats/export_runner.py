"""Long exports on the store thread with progress and cancel (the UI thread never waits)."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.model import stats


class ExportRunner(QObject):
    progress = Signal(int, int)
    """(done, total), emitted from the store thread; delivered queued on the UI thread."""
    finished = Signal(object)
    """The result dict of a finished export."""
    failed = Signal(object)
    """The exception of a failed or cancelled export (InterruptedError when cancelled)."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self._cancel.is_set()

    def run(self, kind: str, out: Path, date_from: str | None, date_to: str | None, reporter: str = "") -> int:
        """kind: pdf | xlsx | csv-utf-8-sig | csv-cp932. Writes a new file (never overwrites)."""
        self._cancel.clear()
        report = self._report

        def job(svc):
            if kind in ("pdf", "xlsx"):  # the committee report: the 課's statistics, always de-identified
                facts = stats.collect_for(svc, date_from, date_to)  # for_service audits the export
            else:  # the facts CSV: whoever may export incidents, or see statistics (then de-identified)
                facts, deidentify = stats.export_facts(svc, False, date_from, date_to)
            if report(0, len(facts)) is False:
                raise InterruptedError("cancelled")
            if kind.startswith("csv-"):
                from app.export import csv_export
                return csv_export.write_csv(facts, out, kind[4:], progress=report, deidentify=deidentify)
            from app.export import committee_report as cr
            rep = cr.for_service(svc, date_from, date_to, dt.date.today().isoformat(), reporter=reporter,
                                 facts=facts)
            data = cr.render_pdf(rep) if kind == "pdf" else cr.render_xlsx(rep, progress=report)
            if self._cancel.is_set():
                raise InterruptedError("cancelled")
            with open(out, "xb") as fh:
                fh.write(data)
            report(len(facts), len(facts))
            return {"rows": len(facts), "path": str(out)}

        return self.store_thread.submit(job, self.finished.emit, self.failed.emit)


def progress_dialog(runner: ExportRunner, parent: QWidget, label: str) -> QProgressDialog:
    dlg = QProgressDialog(label, "中止", 0, 0, parent)
    dlg.setObjectName("export_progress")
    dlg.setWindowModality(Qt.WindowModal)
    dlg.setMinimumDuration(300)
    dlg.canceled.connect(runner.cancel)

    def on_progress(done, total):
        dlg.setMaximum(max(total, 1))
        dlg.setValue(min(done, max(total, 1)))
    runner.progress.connect(on_progress)
    runner.finished.connect(lambda _r: dlg.reset())
    runner.failed.connect(lambda _e: dlg.reset())
    return dlg
