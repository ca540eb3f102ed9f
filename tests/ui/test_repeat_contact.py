"""新規対応: an empty dialog records nothing; a phone number or a name recognises a repeat caller at once,
with the dates and the answers given then (real widgets, real SQLCipher store)."""
from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import Qt

from app.model.service import Service
from app.ui.main_window import MainWindow
from tests.people import multi_role
from tests.ui.ime_typing import ime


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def _window(qtbot, store_thread):
    w = MainWindow(store_thread)
    qtbot.addWidget(w)
    return w


def test_empty_dialog_refuses_enter_and_takes_the_signed_in_department(qtbot, store, store_thread):
    w = _window(qtbot, store_thread)
    dialog = w.start_new_incident()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.department.text() != "", timeout=5000)
    assert dialog.department.text() == store_thread.service.my_department()
    assert not dialog.ok.isEnabled()
    qtbot.keyClick(dialog.place, Qt.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert store.count_incidents(None) == 0 if hasattr(store, "count_incidents") else True
    assert "Ctrl+Enter" in dialog.error.text()  # says what to do
    ime(dialog.demands, "証明書をすぐに出せ")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(w.incident_created, timeout=10000):
        qtbot.keyClick(dialog.place, Qt.Key_Return)
    # every row of the form has a label a screen reader can read
    assert all(x.accessibleName() for x in (dialog.channel, dialog.place, dialog.department, dialog.party_name,
                                            dialog.party_kana, dialog.party_phone, dialog.party_description,
                                            dialog.summary, dialog.demands))


def test_phone_number_recognises_a_nameless_repeat_caller_with_earlier_answers(qtbot, store, store_thread,
                                                                                 sample):
    svc = Service(store, multi_role(store))
    first = copy.deepcopy(sample)
    first.update(channel="電話", party={"description": "名乗らない男性", "phone": "03-1234-5678"},
                 occurred_at="2025-04-01T10:00:00+09:00")
    iid = svc.create_incident(first)
    svc.append(iid, "answer", {"at": "2025-04-01T10:40:00+09:00", "text": "制度上、手数料は免除できません"})
    w = _window(qtbot, store_thread)
    dialog = w.start_new_incident()
    qtbot.addWidget(dialog)
    panel = dialog.repeat_contacts
    keys = 0
    with qtbot.waitSignal(panel.found, timeout=10000):
        for ch in "0312345678":  # typed without the hyphens this time
            qtbot.keyClick(dialog.party_phone, ch)
            keys += 1
    assert panel.history is not None and len(panel.history.incidents) == 1
    text = panel.browser.toPlainText()
    assert "2025-04-01 10:00" in text and "制度上、手数料は免除できません" in text
    assert "以前の対応が 1 件あります" in panel.status_label.text()
    assert keys == 10  # the digits only: no extra key to recognise the caller


def test_near_name_suggested_never_merged(qtbot, store, store_thread, sample):
    svc = Service(store, multi_role(store))
    svc.create_incident(sample)  # 髙橋 﨑子
    w = _window(qtbot, store_thread)
    dialog = w.start_new_incident()
    qtbot.addWidget(dialog)
    panel = dialog.repeat_contacts
    with qtbot.waitSignal(panel.found, timeout=10000):
        ime(dialog.party_name, "高橋 崎子")
    assert panel.history is None
    assert "似た氏名の相手方：髙橋 﨑子" in panel.browser.toPlainText()
