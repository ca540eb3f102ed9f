"""The case view stays live after it was closed once, and the person and the case are correctable at any
time from it (real widgets, real SQLCipher store; every write goes through the Service's door)."""
from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.model.entry import effective_entries
from app.model.service import Service
from app.ui.main_window import MainWindow
from app.ui.workspace.correct_dialog import CaseEditDialog, CorrectionDialog
from tests.ui.ime_typing import ime


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def _texts(view) -> list[str]:
    out = []
    for i in range(view.timeline.topLevelItemCount()):
        item = view.timeline.topLevelItem(i)
        out.append(item.text(3))
        out += [item.child(j).text(3) for j in range(item.childCount())]
    return out


def _open(qtbot, window, iid):
    view = window.open_incident(iid)
    qtbot.waitUntil(lambda: view.bundle is not None, timeout=10000)
    return view


def test_case_view_reopened_after_closing_is_live(qtbot, store, store_thread, sample, recwarn):
    iid = Service(store, store_thread.service.actor).create_incident(sample)
    w = MainWindow(store_thread)
    qtbot.addWidget(w)
    first = _open(qtbot, w, iid)
    first.status_reason.setText("前の人の書きかけ")
    first.close()
    qtbot.waitUntil(lambda: iid not in w.incident_views, timeout=2000)
    store_thread.submit(lambda svc: svc.append(iid, "quote", {"at": "2025-04-01T10:05:00+09:00",
                                                                "text": "閉じた後の発言"}), writes=True)
    view = _open(qtbot, w, iid)
    assert view is not first
    assert view.status_reason.text() == ""  # the previous person's unsaved input is gone with its view
    qtbot.waitUntil(lambda: any("閉じた後の発言" in t for t in _texts(view)), timeout=10000)
    # and it stays live: a write while it is open appears without reopening
    store_thread.submit(lambda svc: svc.append(iid, "answer", {"text": "制度上できないと回答した"}), writes=True)
    qtbot.waitUntil(lambda: any("制度上できないと回答した" in t for t in _texts(view)), timeout=10000)
    assert not [x for x in recwarn if "disconnect" in str(x.message)]


def test_person_and_case_corrected_any_time(qtbot, store, store_thread, sample):
    data = copy.deepcopy(sample)
    data["party"] = {"description": "40代くらいの女性"}
    iid = Service(store, store_thread.service.actor).create_incident(data)
    w = MainWindow(store_thread)
    qtbot.addWidget(w)
    view = _open(qtbot, w, iid)
    qtbot.mouseClick(view.edit_case_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: isinstance(getattr(view, "_case_edit", None), CaseEditDialog)
                    and view._case_edit.isVisible(), timeout=5000)
    dlg = view._case_edit
    ed = dlg.editors
    ime(ed["party_name"].widget, "髙橋 﨑子")
    ime(ed["party_kana"].widget, "たかはし さきこ")
    qtbot.keyClicks(ed["party_phone"].widget, "03-0000-0000")
    ed["party_group_size"].widget.setValue(2)
    ed["department"].widget.setText("戸籍住民課")
    assert not dlg.ok.isEnabled()  # no reason yet: Enter records nothing
    qtbot.keyClick(dlg.reason, Qt.Key_Return)
    assert dlg.isVisible()
    ime(dlg.reason, "後から名乗った")
    qtbot.keyClick(dlg.reason, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    state = store.incident(iid)
    assert state.party_label == "髙橋 﨑子"  # exactly as typed, never normalised
    created = next(e for e in effective_entries(store.entries(iid)) if e.kind == "incident_created")
    assert created.payload["party"] == {"name": "髙橋 﨑子", "kana": "たかはし さきこ", "phone": "03-0000-0000",
                                        "description": "40代くらいの女性", "group_size": 2}
    assert created.payload["department"] == "戸籍住民課"
    assert created.payload["summary"] == sample["summary"]
    qtbot.waitUntil(lambda: any("後から名乗った" in t for t in _texts(view)), timeout=10000)
    assert "髙橋 﨑子" in view.header.text()


def test_any_time_line_row_corrected_from_its_menu(qtbot, store, store_thread, sample):
    iid = Service(store, store_thread.service.actor).create_incident(sample)
    w = MainWindow(store_thread)
    qtbot.addWidget(w)
    view = _open(qtbot, w, iid)
    row = next(view.timeline.topLevelItem(i) for i in range(view.timeline.topLevelItemCount())
               if view.timeline.topLevelItem(i).text(2) == "発言")
    view.correct_entry(row.data(0, Qt.UserRole))
    qtbot.waitUntil(lambda: isinstance(getattr(view, "_correction", None), CorrectionDialog)
                    and view._correction.isVisible(), timeout=5000)
    dlg = view._correction
    text = dlg.editors["text"].widget
    text.selectAll()  # the typed text replaces the selection
    ime(text, "「馬鹿野郎」と怒鳴った")
    ime(dlg.reason, "聞き取りの誤り")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
    quote = next(e for e in effective_entries(store.entries(iid)) if e.kind == "quote")
    assert quote.payload["text"] == "「馬鹿野郎」と怒鳴った"
    assert quote.payload["at"] == sample["quotes"][0]["at"]  # untouched fields stay as they were
    qtbot.waitUntil(lambda: any("聞き取りの誤り" in t for t in _texts(view)), timeout=10000)
    assert any(sample["quotes"][0]["text"] in t for t in _texts(view))  # the old value stays visible


def test_evidence_dates_are_picked_not_typed(qtbot, store, store_thread, sample):
    from PySide6.QtCore import QDateTime
    from app.ui.workspace.evidence_panel import EvidencePanel
    panel = EvidencePanel(store_thread, "x")
    qtbot.addWidget(panel)
    assert panel.sns_fields() == {}  # 未入力 until a date is picked
    assert panel.sns_posted.specialValueText() == "投稿日時：未入力"
    panel.sns_posted.setDateTime(QDateTime(2025, 4, 1, 10, 0, 0))
    import datetime as dt
    posted = dt.datetime.fromisoformat(panel.sns_fields()["posted_at"])
    assert posted.tzinfo is not None and posted.astimezone().replace(tzinfo=None) == dt.datetime(2025, 4, 1, 10, 0)
