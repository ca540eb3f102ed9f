"""Every window and dialog fits a 1366×768 screen (a task bar leaves 728 px): no top-level widget's minimum
size is larger, so 発行 / 印刷 / 次の対応 are never below or beside the screen. Real widgets, loaded with a
real incident from a real SQLCipher store."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from app.model.service import Service
from tests.people import multi_role

from .encounter_helpers import SETTINGS

SCREEN = QSize(1366, 728)


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def minimum(w) -> QSize:
    return w.minimumSize().expandedTo(w.minimumSizeHint())


def too_big(widgets) -> list[str]:
    out = []
    for w in widgets:
        m = minimum(w).expandedTo(w.size())  # neither its minimum nor the size it opens at
        if m.width() > SCREEN.width() or m.height() > SCREEN.height():
            out.append(f"{w.objectName() or type(w).__name__} 「{w.windowTitle()}」: {m.width()}×{m.height()}")
    return out


def test_every_window_and_dialog_fits_1366x728(qtbot, store, people, chief_thread, sample):
    from app.ui.documents import DocumentDialog
    from app.ui.encounter.window import WIZARD_TAB, EncounterWindow
    from app.ui.live.police_card import PoliceCard
    from app.ui.live.scenario_card import ScenarioCard
    from app.ui.main_window import MainWindow
    from app.ui.new_incident_dialog import NewIncidentDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.approval_queue import ApprovalQueue
    from app.ui.audit_view import AuditView
    from app.ui.stats.dashboard import StatsDashboard
    from app.ui.stats.import_dialog import ImportDialog
    from app.ui.second_person_dialog import SecondPersonDialog
    from app.ui.workspace.correct_dialog import CaseEditDialog, CorrectionDialog
    from app.model import kinds

    svc = Service(store, multi_role(store))
    sample["summary"] = "長い概要。" * 80
    iid = svc.create_incident(sample)
    shown = []

    def add(w):
        qtbot.addWidget(w)
        w.show()
        shown.append(w)
        return w

    main = add(MainWindow(chief_thread, settings=SETTINGS))
    view = main.open_incident(iid)
    shown.append(view)
    qtbot.waitUntil(lambda: view.bundle is not None, timeout=10000)
    for tab in (0, WIZARD_TAB):
        enc = add(EncounterWindow(chief_thread, iid, SETTINGS, tab))
        qtbot.waitUntil(lambda: enc.session.is_loaded, timeout=10000)
    for kind in ("legal-request", "legal-report", "eviction-order", "record"):
        d = add(DocumentDialog(chief_thread, iid, settings={"department": "区民課"}))
        d.set_kind(kind)
    new = main.start_new_incident()  # with its repeat-contact box, as the person sees it
    shown.append(new)
    add(CaseEditDialog(sample))
    for kind in ("judgement", "incident_created", "attachment_added", "backup_call"):
        add(CorrectionDialog(kind, {}))
    add(SettingsDialog(main))
    add(StatsDashboard(chief_thread, main))
    add(ApprovalQueue(chief_thread, main))
    add(AuditView(chief_thread, main))
    add(ImportDialog(chief_thread, main))
    add(PoliceCard(SETTINGS, "暴行", "ただちに警察に通報します。" * 10, "50代くらいの男性"))
    for card in enc.session.edition["scenarios"]:
        add(ScenarioCard(card))
    add(SecondPersonDialog(chief_thread, iid, "eviction_order", {"at": "2025-04-01T10:00:00+09:00"}, "庁舎管理者"))
    QApplication.processEvents()
    assert too_big(shown) == []
    for d in shown:
        if hasattr(d, "wait_idle"):
            d.wait_idle()
