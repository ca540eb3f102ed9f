"""Sign-in, auto-lock with a fake clock, privacy screen, emergency capture and claim, approvals, audit view."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit

from app.model.actor import Actor
from app.model.service import Service
from app.ui.access_controller import AccessController
from app.ui.main_window import MainWindow
from app.ui.store_thread import StoreThread
from tests.people import PASSWORD, PEOPLE, judgement


class FakeClock:
    def __init__(self):
        self.t = 5000.0

    def __call__(self):
        return self.t


@pytest.fixture
def locked_app(qtbot, store, people, app_fonts):
    thread = StoreThread(Service(store, Actor.device(store.device_id), channel="gui"))
    window = MainWindow(thread)
    qtbot.addWidget(window)
    clock = FakeClock()
    ctl = AccessController(window, thread, clock=clock, idle_seconds=180, check_ms=60_000)
    window.show()
    yield window, ctl, clock
    thread.stop()


def sign_in(qtbot, ctl, role):
    form = ctl.lock_screen.form
    form.name.setText(PEOPLE[role][0])
    form.password.setText(PASSWORD)
    with qtbot.waitSignal(ctl.signed_in, timeout=10000):
        qtbot.mouseClick(form.button, Qt.LeftButton)


def visible_texts() -> list[str]:
    """Every text a person could read on screen: labels, line edits, text edits, table cells, list items."""
    out = []
    for w in QApplication.allWidgets():
        if not w.isVisible():
            continue
        if w.isWindow():
            out.append(w.windowTitle())
        if isinstance(w, (QLabel, QLineEdit)):
            out.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            out.append(w.toPlainText())
        elif isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            out += [str(m.index(r, c).data() or "") for r in range(m.rowCount()) for c in range(m.columnCount())]
    return out


def names(sample) -> list[str]:
    return [sample["party"]["name"], *sample["staff"], *(n for n, _ in PEOPLE.values())]


def test_auto_lock_hides_every_name(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    Service(store, people["staff"]).create_incident(sample)
    assert not any(n in t for t in visible_texts() for n in names(sample))  # locked at start
    sign_in(qtbot, ctl, "staff")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    dialog = window.start_new_incident()
    dialog.party_name.setText("齋藤 花子")
    texts = visible_texts()
    assert any(sample["party"]["name"] in t for t in texts) and any(PEOPLE["staff"][0] in t for t in texts)
    clock.t += 179
    ctl.check_idle()
    assert ctl.session and not ctl.session.locked
    clock.t += 1
    ctl.check_idle()
    assert ctl.session.locked
    texts = visible_texts()
    assert not any(n in t for t in texts for n in names(sample) + ["齋藤 花子"]), texts
    assert window.model.rowCount() == 0 and not dialog.isVisible()
    sign_in(qtbot, ctl, "staff")  # same person: the draft comes back
    assert dialog.isVisible() and dialog.party_name.text() == "齋藤 花子"


def test_privacy_screen_toggles_with_f12(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    Service(store, people["staff"]).create_incident(sample)
    sign_in(qtbot, ctl, "staff")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    qtbot.keyClick(window, Qt.Key_F12)
    assert ctl.privacy
    assert not any(n in t for t in visible_texts() for n in names(sample))
    qtbot.keyClick(window, Qt.Key_F12)
    assert not ctl.privacy and any(sample["party"]["name"] in t for t in visible_texts())


def test_wrong_password_shows_no_record(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    Service(store, people["staff"]).create_incident(sample)
    form = ctl.lock_screen.form
    form.name.setText(PEOPLE["staff"][0])
    form.password.setText("wrong-password")
    qtbot.mouseClick(form.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: form.error.text() != "", timeout=10000)
    assert ctl.session is None and window.model.rowCount() == 0


def test_emergency_capture_while_locked_then_claim(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    Service(store, people["staff"]).create_incident(sample)  # a stored record that must not appear
    screen = ctl.lock_screen
    qtbot.mouseClick(screen.emergency_button, Qt.LeftButton)
    panel = screen.emergency
    with qtbot.waitSignal(panel.recorded, timeout=10000):
        qtbot.mouseClick(panel.start_button, Qt.LeftButton)
    panel.quote.setText("今すぐ責任者を出せ")
    with qtbot.waitSignal(panel.recorded, timeout=10000):
        qtbot.mouseClick(panel.quote_button, Qt.LeftButton)
    for _ in range(2):
        with qtbot.waitSignal(panel.recorded, timeout=10000):
            qtbot.mouseClick(panel.leave_button, Qt.LeftButton)
    with qtbot.waitSignal(panel.recorded, timeout=10000):
        qtbot.mouseClick(panel.police_button, Qt.LeftButton)
    assert panel.card.isVisible() and "110" in panel.card.text()
    assert not any(n in t for t in visible_texts() for n in names(sample))
    iid = panel.incident_id
    entries = store.entries(iid)
    assert {e.author for e in entries} == {f"PC:{store.device_id}"}
    assert [e.kind for e in entries] == ["incident_created", "quote", "leave_request", "leave_request", "police_call"]
    assert window.model.rowCount() == 0
    sign_in(qtbot, ctl, "staff")
    with qtbot.waitSignal(ctl.claimed, timeout=10000) as blocker:
        ctl.claim_action.trigger()
    assert blocker.args == [1]
    claim = [e for e in store.entries(iid) if e.kind == "claimed"]
    assert len(claim) == 1 and claim[0].author == PEOPLE["staff"][0]
    assert Service(store, people["staff"]).unclaimed_captures() == []
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10000)


def test_section_chief_approves_on_the_same_pc(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    clerk.request_approval(iid, "judgement", judgement(at=sample["occurred_at"]))
    sign_in(qtbot, ctl, "staff")
    queue = ctl.open_queue()
    qtbot.addWidget(queue)
    qtbot.waitUntil(lambda: queue.list.count() == 1, timeout=10000)
    dialog = queue.open_request(0)
    dialog.form.name.setText(PEOPLE["staff"][0])  # the clerk cannot approve
    dialog.form.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.form.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.error.text() != "", timeout=10000)
    # the approver takes the 判断: the dialog asks the 合理的配慮の確認 (the edition's wording) first
    box = dialog.check_box
    assert box is not None and box.isVisible()
    assert any("障害その他の事情" in label.text() for label in box.findChildren(QLabel))
    dialog.form.name.setText(PEOPLE["section_chief"][0])
    dialog.form.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.form.button, Qt.LeftButton)
    assert "はい か いいえ" in dialog.form.error.text() and store.incident(iid).judgement is None
    box.findChild(QComboBox, "needs_accommodation").setCurrentText("はい")
    box.findChild(QComboBox, "harm_to_life_or_health").setCurrentText("いいえ")
    dialog.form.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.form.button, Qt.LeftButton)
    assert "理由" in dialog.form.error.text() and store.incident(iid).judgement is None
    box.findChild(QLineEdit, "accommodation_reason").setText("架空：筆談での説明が必要")
    dialog.form.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.approved, timeout=10000):
        qtbot.mouseClick(dialog.form.button, Qt.LeftButton)
    state = store.incident(iid)
    assert state.judgement["author"] == PEOPLE["section_chief"][0]
    check = [e for e in store.entries(iid) if e.kind == "accommodation_check"]
    assert [(e.author, e.payload["about"], e.payload["needs_accommodation"], e.payload["accommodation_reason"])
            for e in check] == [(PEOPLE["section_chief"][0], "judgement", True, "架空：筆談での説明が必要")]
    assert ctl.session.actor.name == PEOPLE["staff"][0]  # the clerk is still signed in
    qtbot.waitUntil(lambda: queue.list.count() == 0, timeout=10000)


def test_audit_view_for_section_chief_only(qtbot, locked_app, store, people, sample):
    window, ctl, clock = locked_app
    sign_in(qtbot, ctl, "staff")
    assert not ctl.audit_action.isVisible()
    ctl.lock()
    sign_in(qtbot, ctl, "section_chief")
    assert ctl.audit_action.isVisible()
    view = ctl.open_audit()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        pass
    actions = {view.table.item(r, 2).text() for r in range(view.table.rowCount())}
    assert "サインイン" in actions
