"""After a session in the real window, no record text sits anywhere in the user's profile outside the
encrypted store (issue 17 §5): not in a saved search, a settings file, a cache, a log or a temporary file."""
from __future__ import annotations

import tempfile
from pathlib import Path

from app import paths
from app.model import datadir
from app.model.service import Service
from app.ui.main_window import MainWindow
from app.ui.store_thread import StoreThread
from tests.people import add_people

PARTY = "髙橋 﨑子"
QUOTE = "窓口で土下座しろと三回言った"


def _profile(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    for var, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"), ("TMPDIR", "tmp")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    for var in ("MADOGUCHI_DATA_DIR", "MADOGUCHI_CONFIG_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(home / "tmp"))
    return home


def _leaks(home: Path) -> list[str]:
    markers = [m.encode(enc) for m in (PARTY, QUOTE, PARTY.split()[0]) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    found = []
    for p in home.rglob("*"):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            found += [f"{p.relative_to(home)}" for m in markers if m in data]
    return sorted(set(found))


def test_a_gui_session_leaves_no_record_text_in_the_profile(tmp_path, monkeypatch, memory_keyring, qtbot, app_fonts):
    home = _profile(tmp_path, monkeypatch)
    created = datadir.init_store(paths.default_data_dir())
    assert home in paths.default_data_dir().parents  # the store itself is inside the scanned profile
    store = created.store
    people = add_people(store)
    clerk = people["staff"]
    iid = Service(store, clerk).create_incident({
        "occurred_at": "2026-11-30T10:00:00+09:00", "channel": "対面", "department": "区民部/区民課/窓口係",
        "summary": "証明書の即時発行を求めて大声", "party": {"name": PARTY},
        "quotes": [{"at": "2026-11-30T10:05:00+09:00", "speaker": "party", "text": QUOTE}]})
    thread = StoreThread(Service(store, clerk, channel="gui"))
    try:
        w = MainWindow(thread)
        qtbot.addWidget(w)
        w.show()
        w.search.setText(PARTY)
        qtbot.waitUntil(lambda: w.model.query().text == PARTY and w.model.total == 1, timeout=10000)
        w.filter_bar.save_current("常連の方")
        qtbot.waitUntil(lambda: thread.pending == 0, timeout=10000)
        view = w.open_incident(iid)
        qtbot.waitUntil(lambda: view is not None and view.bundle is not None, timeout=10000)
        view.close()
        w.close()
        qtbot.waitUntil(lambda: thread.pending == 0, timeout=10000)
    finally:
        thread.stop()
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert _leaks(home) == []
    # the search was kept (in the store) and is there for the next session
    assert Service(store, clerk).saved_searches()["常連の方"].text == PARTY
    store.close()
    assert _leaks(home) == []
