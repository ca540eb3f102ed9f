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
