"""Status-bar widget for folder/USB sync: last sync, pending, problems (in Japanese), a progress bar.

Sync runs in the background on its own connection to the store (app/model/sync), never on the UI
thread and never on the store thread, so recording is never blocked. Problems are shown, not raised.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.model.errors import MadoguchiError

log = logging.getLogger(__name__)

REASONS_JA = {
    "truncated": "途中までしか届いていないファイル", "empty": "空のファイル", "trailing_data": "余分なデータ付きのファイル",
    "bad_signature": "署名が正しくないファイル", "bad_certificate": "登録されていない端末のファイル",
    "decrypt_failed": "復号できないファイル", "needs_upgrade": "新しい版のアプリが必要なファイル",
    "needs_key_epoch": "新しい鍵が必要なファイル", "name_mismatch": "名前と内容が一致しないファイル",
    "header_mismatch": "置き場所が正しくないファイル", "too_large": "大きすぎるファイル",
    "header_too_large": "壊れたファイル", "other_organisation": "別の組織のファイル",
    "signer_not_this_pc": "このPCの名前で別のPCが書いたファイル（取り込みません）",
    "device_not_signer": "そのPCの鍵で署名されていないファイル（別のPCの名前で書かれたもの。取り込みません）",
}


SKIPPED_JA = {"fifo": "名前付きパイプ", "socket": "ソケット", "device": "デバイス", "link": "リンク", "folder": "フォルダ"}


def describe_problems(report: dict) -> list[str]:
    """One Japanese line per problem (no personal data: file names are ASCII ids)."""
    lines = [f"{REASONS_JA.get(r['reason'], '読み込めないファイル')}: {r['file']}" for r in report.get("rejected", [])]
    lines += ["同期フォルダへの書き込みに失敗しました（次回もう一度送ります）" for _ in report.get("problems", [])]
    kinds = {a["kind"] for a in report.get("alerts", [])}
    if kinds & {"clock_ahead", "clock_behind", "clock_jumped_back"}:
        lines.append("時計のずれたPCがあります（記録の順序は保たれています）")
    if "device_id_reused" in kinds:
        lines.append("複製されたPCが見つかりました（両方の記録を保管しています）")
    lines += [f"ファイルでないもの（{SKIPPED_JA.get(x['type'], 'その他')}）を開かずに飛ばしました: {x['file']}"
              for x in report.get("skipped", [])]
    if report.get("reissued"):
        lines.append(f"複製されたPCの記録 {report['reissued']}件をこのPCから送り直しました")
    if report.get("held"):
        lines.append(f"事案本体の到着待ちの記録: {report['held']}件")
    return lines


class SyncStatusWidget(QWidget):
    finished = Signal(dict)
    """Emitted on the UI thread with the report of each finished sync."""
    _result = Signal(object, object)

    def __init__(self, store_thread, parent=None, *, folder: str | None = None, interval_ms: int = 300_000,
                 first_ms: int = 5_000, settings=None):
        super().__init__(parent)
        from app.model import settings as settings_mod
        self.setObjectName("sync_status")
        self.store_thread = store_thread
        self.folder = folder
        self.settings = settings if settings is not None else settings_mod.current()
        self.running = False
        self.last_report: dict | None = None
        self.last_label = QLabel("同期: 未実行")
        self.pending_label = QLabel("")
        self.problem_label = QLabel("")
        self.problem_label.setStyleSheet("color: #a40000;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(80)
        self.progress.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.progress, self.last_label, self.pending_label, self.problem_label):
            layout.addWidget(w)
        self._result.connect(self._on_result)
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.sync_now)
        if interval_ms > 0:
            self._timer.start()
        self._first = QTimer(self, singleShot=True, interval=max(first_ms, 0))  # dies with the widget
        self._first.timeout.connect(self.sync_now)
        if first_ms >= 0:
            self._first.start()

    def sync_now(self) -> None:
        """Start a sync in the background if a folder is configured and none is running."""
        if self.running:
            return
        self.running = True
        explicit = self.folder or self.settings.shared_folder  # the setting, else the folder the store remembers

        def prepare(svc):  # on the store thread: quick reads only
            folder = explicit or svc.store.meta("sync_folder")
            return (folder, svc.store) if folder else (None, None)

        self.store_thread.submit(prepare, self._start, self._prepare_failed)

    def _prepare_failed(self, error) -> None:
        self.running = False
        self.problem_label.setText("同期の準備に失敗しました")

    def _start(self, prepared) -> None:
        folder, store = prepared
        if not folder:
            self.running = False
            self.last_label.setText("同期フォルダ未設定")
            return
        self.progress.show()
        threading.Thread(target=self._work, args=(folder, store), daemon=True, name="sync").start()

    def _work(self, folder: str, store) -> None:
        from app.model.sync import load_device_keys, sync_folder
        report, error, copy = None, None, None
        try:
            if not os.path.isdir(folder):  # may take long on a lost share: never on the UI thread
                raise MadoguchiError("同期フォルダに接続できません（記録はこのPCに保存されています）",
                                     "The sync folder is not reachable.")
            keys = load_device_keys(store)
            if keys is None:
                raise MadoguchiError("このPCはまだ組織に参加していません（madoguchi org join）",
                                     "This PC has not joined an organisation.")
            copy = store.reopen()
            report = sync_folder(copy, folder, keys).to_dict()
        except Exception as exc:  # shown in the status bar, never raised into recording
            error = exc
        finally:
            if copy is not None:
                copy.close()
        try:
            self._result.emit(report, error)
        except RuntimeError:
            pass  # the widget is gone (window closed)

    def _on_result(self, report, error) -> None:
        self.running = False
        self.progress.hide()
        if error is not None:
            text = error.ja if isinstance(error, MadoguchiError) else "同期できませんでした"
            log.warning("sync failed: %s", type(error).__name__)
            self.problem_label.setText(text)
            self.problem_label.setToolTip(text)
            return
        self.last_report = report
        self.last_label.setText(f"最終同期 {dt.datetime.now():%H:%M}")
        self.pending_label.setText(f"未送信 {report['pending']}件" if report["pending"] else "未送信なし")
        problems = describe_problems(report)
        self.problem_label.setText(f"要確認 {len(problems)}件" if problems else "")
        self.problem_label.setToolTip("\n".join(problems))
        if any(a["kind"] == "device_id_changed" for a in report["alerts"]):
            self.store_thread.submit(lambda svc: setattr(svc.store, "device_id", svc.store.meta("device_id")))
        if report["imported"]:
            self.store_thread.changed.emit()
        self.finished.emit(report)
