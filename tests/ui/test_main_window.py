"""The first main window, driven with pytest-qt against a real SQLCipher store."""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.model import demo
from app.model.service import Service
from app.ui.incident_model import PAGE
from app.ui.main_window import MainWindow


def _wait_loaded(qtbot, window, rows):
    qtbot.waitUntil(lambda: window.model.rowCount() == rows and window.model.total >= rows, timeout=10000)


def test_list_loads_lazily_in_pages(qtbot, store, store_thread, people):
    demo.fill(Service(store, people["staff"]), count=PAGE * 2 + 15)  # same store the thread uses
    window = MainWindow(store_thread)
    qtbot.addWidget(window)
    _wait_loaded(qtbot, window, PAGE)
    assert window.model.total == PAGE * 2 + 15
    assert window.model.pages_fetched == 1  # not everything at once
    window.model.fetchMore()
    qtbot.waitUntil(lambda: window.model.rowCount() == PAGE * 2, timeout=10000)
    assert window.model.pages_fetched == 2
    assert window.count_label.text() == f"{PAGE * 2 + 15:,} 件"


def test_store_jobs_run_off_the_ui_thread(qtbot, store_thread):
    seen = []
    with qtbot.waitSignal(store_thread.changed, timeout=5000):
        store_thread.submit(lambda svc: seen.append(threading.current_thread() is threading.main_thread()),
                            writes=True)
    assert seen == [False]


def test_search_filters_the_list(qtbot, store, store_thread, sample, people):
    svc = Service(store, people["staff"])
    svc.create_incident(sample)
    svc.create_incident(dict(sample, summary="穏やかな問い合わせ", quotes=[], party={"name": "渡邊 一郎"}))
    window = MainWindow(store_thread)
    qtbot.addWidget(window)
    _wait_loaded(qtbot, window, 2)
    window.search.setText("土下座")  # Japanese arrives through the IME, not key clicks
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.rows[0]["party_label"] == "髙橋 﨑子"


def test_new_incident_dialog_records_an_incident(qtbot, store, store_thread):
    window = MainWindow(store_thread)
    qtbot.addWidget(window)
    _wait_loaded(qtbot, window, 0)
    dialog = window.start_new_incident()
    dialog.channel.setCurrentText("電話")
    dialog.party_name.setText("𠮷田 太郎")
    dialog.summary.setPlainText("同じ説明を繰り返しても納得しなかった。")
    dialog.behaviours[5].setChecked(True)  # 長時間の拘束
    with qtbot.waitSignal(window.incident_created, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)
    state = store.incident(blocker.args[0])
    assert state.channel == "電話"
    assert state.party == {"name": "𠮷田 太郎"}
    assert state.behaviours == ["長時間の拘束"]
    _wait_loaded(qtbot, window, 1)


def test_japanese_fonts_and_translations_are_bundled(app_fonts):
    from PySide6.QtGui import QFontDatabase
    families = QFontDatabase.families()
    assert "IPAexGothic" in families or "IPAexゴシック" in families
    assert app_fonts.font().families()[0] in families
    from PySide6.QtWidgets import QDialogButtonBox as Box
    box = Box(Box.Cancel)
    assert box.button(Box.Cancel).text() == "キャンセル"
