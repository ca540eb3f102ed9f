"""The process's settings in the GUI: auto_lock_minutes locks the screen, shared_folder is the sync folder,
and the case view evaluates the flow with them."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.model import flow
from app.model import settings as settings_mod
from app.model.actor import Actor
from app.model.service import Service
from app.model.settings import Settings
from app.ui.access_controller import AccessController
from app.ui.main_window import MainWindow
from app.ui.store_thread import StoreThread
from app.ui.sync_status import SyncStatusWidget
from app.ui.workspace.incident_view import IncidentView
from tests.people import PASSWORD, PEOPLE


@pytest.fixture
def device_thread(store, people, app_fonts):
    thread = StoreThread(Service(store, Actor.device(store.device_id), channel="gui"))
    yield thread
    thread.stop()


def _sign_in(qtbot, ctl, role="staff"):
    form = ctl.lock_screen.form
    form.name.setText(PEOPLE[role][0])
    form.password.setText(PASSWORD)
    with qtbot.waitSignal(ctl.signed_in, timeout=10000):
        qtbot.mouseClick(form.button, Qt.LeftButton)


def _move(widget):
    pos = QPointF(5, 5)
    QApplication.sendEvent(widget, QMouseEvent(QEvent.MouseMove, pos, widget.mapToGlobal(pos), Qt.NoButton,
                                               Qt.NoButton, Qt.NoModifier))


def test_auto_lock_minutes_locks_after_that_long_without_input(qtbot, device_thread):
    idle = Settings({"auto_lock_minutes": 1 / 60})  # one second (the file only takes whole minutes)
    window = MainWindow(device_thread, settings=idle)
    qtbot.addWidget(window)
    ctl = AccessController(window, device_thread, check_ms=600_000)  # the window's settings
    window.show()
    assert ctl.idle_seconds == pytest.approx(1.0)
    _sign_in(qtbot, ctl)
    assert ctl.stack.currentIndex() == 0 and not ctl.session.locked
    for _ in range(8):  # input keeps it open for longer than the limit
        qtbot.wait(200)
        _move(window)
    assert not ctl.session.locked and ctl.stack.currentIndex() == 0
    with qtbot.waitSignal(ctl.locked, timeout=5000):
        pass  # no input: locks on its own, like the lock button
    assert ctl.session.locked and ctl.stack.currentWidget() is ctl.lock_screen
    assert window.model.rowCount() == 0 and not ctl.idle_timer.isActive()


def test_the_lock_delay_is_the_setting(qtbot, device_thread):
    window = MainWindow(device_thread, settings=Settings({"auto_lock_minutes": 7}))
    qtbot.addWidget(window)
    assert AccessController(window, device_thread).idle_seconds == 420
    assert AccessController(window, device_thread, settings=Settings()).idle_seconds == 180
    assert AccessController(window, device_thread, idle_seconds=5).idle_timer.interval() == 5000


def test_shared_folder_is_the_sync_folder_and_the_store_meta_a_fallback(qtbot, store_thread, store, tmp_path):
    missing = tmp_path / "share-not-mounted"
    widget = SyncStatusWidget(store_thread, settings=Settings({"shared_folder": str(missing)}), interval_ms=0,
                              first_ms=-1)
    qtbot.addWidget(widget)
    store.set_meta("sync_folder", str(tmp_path))  # the setting wins over what the store remembers
    widget.sync_now()
    qtbot.waitUntil(lambda: not widget.running, timeout=10000)
    assert "同期フォルダに接続できません" in widget.problem_label.text()

    unset = SyncStatusWidget(store_thread, settings=Settings(), interval_ms=0, first_ms=-1)
    qtbot.addWidget(unset)
    store.set_meta("sync_folder", str(missing))
    unset.sync_now()
    qtbot.waitUntil(lambda: not unset.running, timeout=10000)
    assert "同期フォルダに接続できません" in unset.problem_label.text()  # the meta value was used

    store.set_meta("sync_folder", "")
    unset.sync_now()
    qtbot.waitUntil(lambda: not unset.running, timeout=10000)
    assert unset.last_label.text() == "同期フォルダ未設定"


def test_the_case_view_evaluates_the_flow_with_the_process_settings(qtbot, store_thread, sample, monkeypatch):
    seen = []
    real = flow.evaluate
    monkeypatch.setattr(flow, "evaluate", lambda entries, edition, settings=None, now=None:
                        seen.append(settings) or real(entries, edition, settings, now))
    iid = store_thread.service.create_incident(sample)
    mine = Settings({"time_limit_minutes": {"電話": 1, "対面": 1}})
    monkeypatch.setattr(settings_mod, "_process", (mine, []))
    window = MainWindow(store_thread)
    qtbot.addWidget(window)
    view = window.open_incident(iid)
    qtbot.waitUntil(lambda: view.bundle is not None, timeout=10000)
    assert view.settings is mine and seen and all(s is mine for s in seen)
    other = Settings({"office_hours": "09:00-17:00"})
    given = IncidentView(store_thread, iid, settings=other)
    qtbot.addWidget(given)
    qtbot.waitUntil(lambda: given.bundle is not None, timeout=10000)
    assert seen[-1] is other
