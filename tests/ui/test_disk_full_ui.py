"""Issue 13 item 7 at the GUI: a quote typed when the store cannot grow is refused with the Japanese
disk-full message in the encounter window; what was recorded stays readable; recording works again once
there is room."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .encounter_helpers import Keys, idle, make_incident, of_kind, open_window


def test_quote_on_a_full_store_says_disk_full(qtbot, store, store_thread, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    iid = make_incident(store, channel="対面")
    w = open_window(qtbot, store_thread, iid)
    panel, keys = w.live, Keys(qtbot)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as on a full disk
    for n in range(8):
        keys(w, Qt.Key_F5)
        panel.quote_edit.setText("架空の発言：" + "大声で同じ要求を繰り返した。" * 60 + str(n))
        keys(panel.quote_edit, Qt.Key_Return)
        idle(qtbot, w)
        if shown:
            break
    assert shown and "ディスクの空き容量" in shown[0] and "Traceback" not in shown[0]
    assert "ディスクの空き容量" in w.statusBar().currentMessage()
    assert store.incident(iid) is not None  # reading still works
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    keys(w, Qt.Key_F5)
    panel.quote_edit.setText("架空の発言：空きができてから")
    keys(panel.quote_edit, Qt.Key_Return)
    idle(qtbot, w)
    assert of_kind(store, iid, "quote")[-1]["text"] == "架空の発言：空きができてから"
