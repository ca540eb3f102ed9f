"""Quitting asks when anything is open; demo mode names a fictional user for every role on the lock screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.model import demo, roles
from app.model.service import Service
from app.ui.main_window import MainWindow
from tests.people import multi_role


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def test_quit_asks_when_an_encounter_is_open(qtbot, store, store_thread, sample, monkeypatch):
    iid = Service(store, multi_role(store)).create_incident(sample)
    w = MainWindow(store_thread, title_suffix="（デモ：架空のデータ）")
    qtbot.addWidget(w)
    w.show()
    assert w.open_work() == []
    enc = w.encounters.open(iid)
    qtbot.waitUntil(lambda: enc.session.is_loaded, timeout=10000)
    work = w.open_work()
    assert any("対応記録の画面 1件" in x for x in work) and any("デモのデータは終了すると消えます" in x for x in work)
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.No)
    from PySide6.QtGui import QAction
    quit_action = w.findChild(QAction, "quit_action")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert asked and "終了しますか" in asked[0]
    assert w.isVisible() and enc.isVisible()  # 続ける: nothing closed
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.Yes)
    w.request_quit()
    assert not w.isVisible()


def test_demo_has_a_user_for_every_role():
    assert {r for _n, rs, _d in demo.DEMO_STAFF for r in rs} == set(roles.LABELS)


def test_demo_users_fill_the_sign_in_form(qtbot, store, people, app_fonts):
    from app.model.actor import Actor
    from app.ui.access_controller import AccessController
    from app.ui.store_thread import StoreThread
    thread = StoreThread(Service(store, Actor.device(store.device_id), channel="gui"))
    w = MainWindow(thread)
    qtbot.addWidget(w)
    ctl = AccessController(w, thread)
    users = [(n, "・".join(roles.LABELS[r] for r in rs)) for n, rs, _d in demo.DEMO_STAFF]
    ctl.lock_screen.set_demo_users(users, "demo-pass")
    w.show()
    texts = [b.text() for b in ctl.lock_screen.demo_buttons]
    assert "デモ 庁舎管理者（庁舎管理者）" in texts and len(texts) == len(roles.LABELS)
    qtbot.mouseClick(ctl.lock_screen.demo_buttons[1], Qt.LeftButton)
    assert ctl.lock_screen.form.name.text() == demo.DEMO_STAFF[1][0]
    thread.stop()
