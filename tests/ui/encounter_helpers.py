"""Helpers for driving encounter windows on a real store (fictional data only)."""
from __future__ import annotations

import datetime as dt

from app.model.service import Service
from app.model.settings import Settings
from app.ui.encounter.window import EncounterWindow

JST = dt.timezone(dt.timedelta(hours=9))
SETTINGS = Settings({"facility_name": "港区役所（試験）", "facility_address": "東京都港区芝公園1-5-25",
                     "time_limit_minutes": {"電話": 30, "対面": 30}})


def recent(minutes_ago: float = 1) -> dt.datetime:
    return (dt.datetime.now(JST) - dt.timedelta(minutes=minutes_ago)).replace(microsecond=0)


def make_incident(store, channel="対面", behaviours=(), staff=("港 一郎",), **kw) -> str:
    data = {"occurred_at": recent().isoformat(), "channel": channel, "place": "1階 窓口",
            "summary": kw.pop("summary", "手続の説明を求めた。"), "demands": "手続の説明",
            "party": {"description": "50代くらいの男性（架空）"}, "staff": list(staff),
            "behaviours": list(behaviours), "department": "区民課"}
    data.update(kw)
    return Service(store, clerk(store)).create_incident(data)


def clerk(store):
    """The fictional 職員 港 一郎 of tests/people.py, signed in (the store_thread fixture made the staff)."""
    from app.model.auth import Authenticator
    from tests.people import PASSWORD
    return Authenticator(store).sign_in("港 一郎", PASSWORD)


def open_window(qtbot, store_thread, incident_id, tab=0) -> EncounterWindow:
    w = EncounterWindow(store_thread, incident_id, SETTINGS, tab)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.session.is_loaded, timeout=5000)
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=2000)
    return w


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.pending == 0 and window.session.store_thread.pending == 0,
                    timeout=5000)


def kinds(store, incident_id) -> list[str]:
    return [e.kind for e in store.entries(incident_id)]


def of_kind(store, incident_id, kind) -> list[dict]:
    """What was recorded (without the author's signature, app/model/signing.py)."""
    from app.model import signing
    return [signing.strip(e.payload) for e in store.entries(incident_id) if e.kind == kind]


class Keys:
    """qtbot.keyClick that counts: the ergonomics figures come from here."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    def __call__(self, widget, key, modifier=None):
        from PySide6.QtCore import Qt
        self.count += 1
        self.qtbot.keyClick(widget, key, modifier or Qt.NoModifier)
