from __future__ import annotations

import pytest

from app.model.service import Service
from app.ui.store_thread import StoreThread


@pytest.fixture(scope="session")
def qapp_args():
    return ["madoguchi-tests"]


@pytest.fixture
def app_fonts(qapp):
    from app.ui.main import install_translations
    from app.ui.fonts import load_fonts
    load_fonts(qapp)
    install_translations(qapp)
    return qapp


@pytest.fixture
def store_thread(store, people, app_fonts):
    thread = StoreThread(Service(store, people["staff"], channel="gui"))
    yield thread
    thread.stop()


@pytest.fixture
def chief_thread(store, people, app_fonts):
    """The store thread of a signed-in 課長 (judgement, legal consultation, the 課's statistics)."""
    thread = StoreThread(Service(store, people["section_chief"], channel="gui"))
    yield thread
    thread.stop()


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Modal warning/critical boxes would block a test forever: they are recorded instead, and a test that
    did not expect one fails with its text. A test that expects one takes this fixture and clears the list."""
    from PySide6.QtWidgets import QMessageBox
    shown: list[str] = []

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            shown.append(f"{kind}: {title}: {text}")
            return QMessageBox.Ok
        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    yield shown
    assert not shown, f"unexpected message box: {shown}"


@pytest.fixture
def manager_thread(store, people, app_fonts):
    """The store thread of the signed-in 庁舎管理者 (who alone records a 退去命令)."""
    thread = StoreThread(Service(store, people["facility_manager"], channel="gui"))
    yield thread
    thread.stop()
