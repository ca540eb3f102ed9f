"""Locking hides the encounter windows too (they have no parent window), and a different person signing in
does not get them back; the same person does."""
from __future__ import annotations

from app.model.service import Service
from tests.people import multi_role

from .test_access import locked_app, sign_in  # noqa: F401  (fixture and helper)


def test_lock_hides_an_open_encounter(qtbot, locked_app, store, sample):  # noqa: F811
    window, ctl, _clock = locked_app
    iid = Service(store, multi_role(store)).create_incident(sample)
    sign_in(qtbot, ctl, "staff")
    enc = window.encounters.open(iid)
    qtbot.waitUntil(lambda: enc.session.is_loaded, timeout=10000)
    assert enc.isVisible()
    ctl.lock()
    assert not enc.isVisible()
    sign_in(qtbot, ctl, "staff")
    assert enc.isVisible()  # the same person: back as it was
    ctl.lock()
    sign_in(qtbot, ctl, "chief")
    assert not enc.isVisible()  # someone else: closed, not shown
