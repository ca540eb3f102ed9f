"""Starting the desktop app: fonts, Qt's Japanese translations, the store, the main window."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from app import paths
from app.model import datadir, demo
from app.model.errors import KeyUnavailableError, MadoguchiError, StoreMissingError
from app.model.service import Service
from app.model.store import Store
from app.ui.fonts import load_fonts
from app.model.actor import Actor
from app.ui.access_controller import AccessController
from app.ui.main_window import MainWindow
from app.ui.store_thread import StoreThread


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("madoguchi")
    app.setApplicationDisplayName("窓口カスハラ対応記録")
    QLocale.setDefault(QLocale(QLocale.Japanese, QLocale.Japan))
    load_fonts(app)
    install_translations(app)
    return app


def install_translations(app: QApplication) -> bool:
    translator = QTranslator(app)
    ok = translator.load(QLocale(QLocale.Japanese), "qtbase", "_",
                         QLibraryInfo.path(QLibraryInfo.TranslationsPath))
    if ok:
        app.installTranslator(translator)
    return ok


DEMO_PASSWORD = "demo-pass"


def open_demo_store() -> Store:
    """A throw-away store in a temporary folder; its key lives only in memory. Fictional staff, one password."""
    folder = Path(tempfile.mkdtemp(prefix="madoguchi-demo-"))
    store = Store.create(folder / "store.db", os.urandom(32))
    demo.fill(Service(store, demo.add_demo_staff(store, DEMO_PASSWORD)))
    return store


def _ensure_admin(store: Store) -> bool:
    """A store with no staff: create the first システム管理者 (bootstrap mode allows nothing else)."""
    from app.model import staff
    if not staff.directory(store).empty:
        return True
    from app.model.first_admin import create_first_admin
    name, ok = QInputDialog.getText(None, "最初のシステム管理者", "職員が登録されていません。システム管理者の氏名:")
    if not ok or not name:
        return False
    password, ok = QInputDialog.getText(None, "最初のシステム管理者", "パスワード（8文字以上）:", QLineEdit.Password)
    if not ok:
        return False
    create_first_admin(store, name, password)
    return True


def _open_real_store(data_dir: Path, passphrase: str | None = None) -> Store | None:
    try:
        return datadir.open_store(data_dir, passphrase)
    except StoreMissingError:
        created = datadir.init_store(data_dir) if _keyring_ok() else _init_with_passphrase(data_dir)
        if created is None:
            return None
        QMessageBox.information(None, "復旧キー",
                                "データを作成しました。次の復旧キーは一度だけ表示します。印刷し、課長が保管してください。\n\n"
                                + created.recovery_key)
        return created.store
    except KeyUnavailableError as exc:
        if "passphrase" not in exc.en:
            raise
        text, ok = QInputDialog.getText(None, "パスフレーズ", "データのパスフレーズ:", QLineEdit.Password)
        return datadir.open_store(data_dir, text) if ok else None


def _keyring_ok() -> bool:
    from app.model.keys import keyring_usable
    return keyring_usable()


def _init_with_passphrase(data_dir: Path):
    text, ok = QInputDialog.getText(None, "パスフレーズの設定",
                                    "このPCにはOSの資格情報ストアがありません。データを守るパスフレーズ（8文字以上）:",
                                    QLineEdit.Password)
    return datadir.init_store(data_dir, text) if ok else None


def install_crash_handler(app: QApplication) -> None:
    from app import crashlog

    def hook(exc_type, exc, tb):
        try:
            crashlog.write(exc_type, exc, tb)
        finally:
            QMessageBox.critical(None, "予期しないエラー",
                                 "予期しないエラーが発生しました。記録済みの内容は保存されています。\n"
                                 "アプリを再起動すると、途中の手順から再開できます。\n\n"
                                 f"（エラーの種類: {exc_type.__name__}。詳細は記録されたログをシステム管理者に伝えてください）")

    sys.excepthook = hook


def run_gui(args) -> int:
    app = make_app()
    from app.ui.single_instance import SingleInstance
    instance = SingleInstance(parent=app)
    if instance.notify_running():
        return 0  # the running window comes to the front
    instance.listen()
    install_crash_handler(app)
    try:
        from app.model import settings
        process_settings, problems = settings.start()  # the one Settings object of this process
        if problems:  # the app starts anyway: what was broken falls back to the value below it or the default
            QMessageBox.warning(None, "設定ファイルの問題", "\n".join(p.ja for p in problems))
        if getattr(args, "demo", False):
            store, suffix = open_demo_store(), f"（デモ：架空のデータ・パスワード {DEMO_PASSWORD}）"
        else:
            from app.model.secret_file import read_secret
            folder = Path(args.data_dir) if args.data_dir else paths.default_data_dir()
            store, suffix = _open_real_store(folder, read_secret(args.passphrase_file, "passphrase")), ""
        if store is not None and not _ensure_admin(store):
            return 1
    except MadoguchiError as exc:
        QMessageBox.critical(None, "データを開けません", exc.ja)
        return exc.exit_code
    if store is None:
        return 1
    thread = StoreThread(Service(store, Actor.device(store.device_id), channel="gui"))  # locked until sign-in
    window = MainWindow(thread, title_suffix=suffix, settings=process_settings)
    window.access = AccessController(window, thread, settings=process_settings)
    if getattr(args, "demo", False):
        from app.model import roles
        window.access.lock_screen.set_demo_users(
            [(name, "・".join(roles.LABELS.get(r, r) for r in rs)) for name, rs, _dept in demo.DEMO_STAFF], DEMO_PASSWORD)
    instance.activate_requested.connect(lambda: (window.showNormal(), window.raise_(), window.activateWindow()))
    from app.ui import paint_probe
    paint_probe.attach(window)
    window.show()
    return app.exec()
