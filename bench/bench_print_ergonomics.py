"""Ergonomics: the keys needed for the common live actions, counted by driving the real windows, and the time
from the first key to the recorded entry (median over the repeats).

The key counts are asserted by tests/ui/test_ergonomics.py; this prints them (it used to be the test
``test_zz_print_ergonomics``, which could not fail). Each repeat uses a new incident and new windows on one
SQLCipher store with a signed-in 職員. Fictional data; the temp folder is removed.
    QT_QPA_PLATFORM=offscreen python bench/bench_print_ergonomics.py [--repeat 5] [--quick]
--quick: 1 repeat.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from app.model.service import Service  # noqa: E402
from app.model.settings import Settings  # noqa: E402
from app.model.store import Store  # noqa: E402
from app.ui.encounter.window import WIZARD_TAB, EncounterWindow  # noqa: E402
from app.ui.main import make_app  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.store_thread import StoreThread  # noqa: E402
from bench._quick import add_quick, parse  # noqa: E402
from bench._staff import signed_in  # noqa: E402

JST = dt.timezone(dt.timedelta(hours=9))
SETTINGS = Settings({"facility_name": "港区役所（ベンチ）", "facility_address": "東京都港区芝公園1-5-25",
                     "time_limit_minutes": {"電話": 30, "対面": 30}})
BOXES: list[str] = []


def no_modal_boxes() -> None:
    """A warning or critical box would wait for a click forever: record it instead (the bench then fails)."""
    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            BOXES.append(f"{kind}: {title}: {text}")
            return QMessageBox.Ok
        return box
    QMessageBox.warning = record("warning")
    QMessageBox.critical = record("critical")


def wait_until(cond, what: str, timeout: float = 15.0) -> None:
    t0 = time.perf_counter()
    while not cond():
        if BOXES:
            raise RuntimeError(f"unexpected message box while waiting for {what}: {BOXES}")
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        QTest.qWait(2)


class Keys:
    """QTest.keyClick that counts."""

    def __init__(self):
        self.count = 0

    def __call__(self, widget, key, modifier=Qt.NoModifier):
        self.count += 1
        QTest.keyClick(widget, key, modifier)


def kinds(store, iid) -> list[str]:
    return [e.kind for e in store.entries(iid)]


def idle(w) -> None:
    wait_until(lambda: w.session.pending == 0 and w.session.store_thread.pending == 0, "the store thread")


def start_encounter(app, thread, store) -> tuple[int, float]:
    """Ctrl+N in the main window, Ctrl+Enter in the dialog (start on purpose with the defaults: 対面, now;
    a plain Enter on an empty dialog records nothing) → the encounter window, loaded."""
    window = MainWindow(thread, settings=SETTINGS)
    window.show()
    window.activateWindow()
    wait_until(window.isActiveWindow, "the main window to be active")
    created: list[str] = []
    window.incident_created.connect(created.append)
    keys = Keys()
    t0 = time.perf_counter()
    keys(window, Qt.Key_N, Qt.ControlModifier)
    wait_until(lambda: app.activeWindow() not in (None, window), "the new-incident dialog")
    dialog = app.activeWindow()
    keys(dialog.focusWidget() or dialog, Qt.Key_Return, Qt.ControlModifier)
    wait_until(lambda: created, "the incident to be created")
    enc = window.encounters.windows[created[0]]
    wait_until(lambda: enc.session.is_loaded, "the encounter window to load")
    ms = (time.perf_counter() - t0) * 1000
    if store.incident(created[0]).channel != "対面":
        raise RuntimeError("the new incident is not 対面")
    enc.hide()
    window.hide()
    return keys.count, ms


def live_actions(svc, thread, store) -> dict[str, tuple[int, float]]:
    """From the wizard tab: a verbatim quote, a 退去要求, the 110 card and the call recorded."""
    now = dt.datetime.now(JST).replace(microsecond=0) - dt.timedelta(minutes=1)
    iid = svc.create_incident({"occurred_at": now.isoformat(), "channel": "対面", "place": "1階 窓口",
                               "summary": "手続の説明を求めた（架空）。", "demands": "手続の説明",
                               "party": {"description": "50代くらいの男性（架空）"}, "staff": ["港 一郎"],
                               "behaviours": [], "department": "区民課"})
    w = EncounterWindow(thread, iid, SETTINGS, WIZARD_TAB)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    wait_until(lambda: w.session.is_loaded and w.isActiveWindow(), "the encounter window")
    out = {}
    keys = Keys()
    t0 = time.perf_counter()
    keys(w, Qt.Key_F5)  # from the wizard tab: switches to the live panel and stamps the time
    w.live.quote_edit.setText("いつまで待たせるんだ")  # the words themselves (IME) are not counted
    keys(w.live.quote_edit, Qt.Key_Return)
    idle(w)
    wait_until(lambda: "quote" in kinds(store, iid), "the quote")
    out["log a verbatim quote (plus the words)"] = (keys.count, (time.perf_counter() - t0) * 1000)

    keys = Keys()
    t0 = time.perf_counter()
    keys(w, Qt.Key_F7)
    idle(w)
    wait_until(lambda: "leave_request" in kinds(store, iid), "the 退去要求")
    out["log a 退去要求"] = (keys.count, (time.perf_counter() - t0) * 1000)

    keys = Keys()
    w.tabs.setCurrentIndex(WIZARD_TAB)
    field = w.wizard.page.first_input()
    field.setFocus()
    t0 = time.perf_counter()
    keys(field, Qt.Key_F9)
    wait_until(w.police_card.isVisible, "the 110 card")
    out["reach the 110 card from anywhere (wizard field)"] = (keys.count, (time.perf_counter() - t0) * 1000)
    keys(w.police_card, Qt.Key_Return)
    idle(w)
    wait_until(lambda: kinds(store, iid)[-1] == "police_call", "the 110 call entry")
    out["reach the 110 card and record the call"] = (keys.count, (time.perf_counter() - t0) * 1000)
    w.hide()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    add_quick(ap)
    args = parse(ap, repeat=1)
    app = make_app()
    no_modal_boxes()
    tmp = Path(tempfile.mkdtemp(prefix="madoguchi-bench-ergo-"))
    results: dict[str, list[tuple[int, float]]] = {}
    try:
        store = Store.create(tmp / "store.db", os.urandom(32))
        svc = Service(store, signed_in(store), channel="gui")  # 港 一郎, 職員
        thread = StoreThread(svc)
        try:
            for _ in range(args.repeat):
                results.setdefault("start a new encounter (from the main window)", []).append(
                    start_encounter(app, thread, store))
                for name, r in live_actions(svc, thread, store).items():
                    results.setdefault(name, []).append(r)
        finally:
            thread.stop()
            store.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if BOXES:
        raise RuntimeError(f"unexpected message box: {BOXES}")
    print(f"ergonomics: keys per live action (asserted in tests/ui/test_ergonomics.py), first key → recorded, "
          f"median of {args.repeat}")
    print(f"{'action':<50}{'keys':>6}{'ms':>9}")
    for name, rs in results.items():
        counts = sorted({k for k, _ in rs})
        keys = str(counts[0]) if len(counts) == 1 else "/".join(map(str, counts))
        print(f"{name:<50}{keys:>6}{statistics.median(ms for _, ms in rs):>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
