"""Sign-in, auto-lock, the privacy screen (F12) and the access toolbar, wrapped around the main window.

The window's own central widget is put in a stack with the lock screen; while locked the incident list is
emptied, other windows are hidden, and the store thread acts as ``PC:<device>`` (emergency capture only),
so the model itself refuses to show a record.
"""
from __future__ import annotations

import time

import shiboken6
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QToolBar

from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.service import Service
from app.model import settings as settings_mod
from app.model.session import Session
from app.ui.approval_queue import ApprovalQueue
from app.ui.audit_view import AuditView
from app.ui.lock_screen import LockScreen

ACTIVITY = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel, QEvent.TouchBegin}


MENU_OPERATIONS = ("incident.list", "incident.create", "stats.view", "document.legal-request")


class AccessController(QObject):
    signed_in = Signal(object)
    """Emitted with the Actor after a successful sign-in."""
    locked = Signal()
    """Emitted when the screen locks (idle, shift over, or on request)."""
    claimed = Signal(int)
    """Emitted with the number of emergency captures claimed."""

    def __init__(self, window, store_thread, clock: Callable[[], float] = time.monotonic,
                 idle_seconds: float | None = None, check_ms: int = 1000, settings=None):
        super().__init__(window)
        if idle_seconds is None:  # the deployment's auto_lock_minutes (app/model/settings.py)
            settings = settings if settings is not None else getattr(window, "settings", None) or settings_mod.current()
            idle_seconds = float(settings.auto_lock_minutes) * 60
        self.window, self.thread, self.clock, self.idle_seconds = window, store_thread, clock, idle_seconds
        store = store_thread.service.store
        self.device_actor = Actor.device(store.device_id)
        self.device_service = Service(store, self.device_actor, channel="gui")
        self.session: Session | None = None
        self.privacy = False
        self._hidden: list = []
        self.stack = QStackedWidget()
        self.stack.addWidget(window.takeCentralWidget())
        self.lock_screen = LockScreen(store_thread, self.device_actor)
        self.stack.addWidget(self.lock_screen)
        window.setCentralWidget(self.stack)
        self.user_label = QLabel()
        self.user_label.setObjectName("signed_in_user")
        window.statusBar().addPermanentWidget(self.user_label)
        self.toolbar = self._toolbar()
        self.lock_screen.form.submitted.connect(self.sign_in)
        QShortcut(QKeySequence("F12"), window, self.toggle_privacy, context=Qt.ApplicationShortcut)
        # idle: a single-shot timer of auto_lock_minutes, restarted by every input event while signed in
        self.idle_timer = QTimer(self, singleShot=True, interval=max(1, round(idle_seconds * 1000)))
        self.idle_timer.setTimerType(Qt.PreciseTimer)
        self.idle_timer.timeout.connect(self._idle_timeout)
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self, interval=check_ms)  # the shift's end (and the session's own idle clock)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        self.lock()

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("アクセス")
        bar.setObjectName("access_toolbar")
        self.queue_action = bar.addAction("承認待ち", self.open_queue)
        self.audit_action = bar.addAction("監査ログ", self.open_audit)
        self.claim_action = bar.addAction("緊急記録の引き継ぎ", self.claim_captures)
        bar.addAction("ロック", self.lock)
        bar.addAction("プライバシー (F12)", self.toggle_privacy)
        self.window.addToolBar(bar)
        return bar

    # ---- activity and idle -----------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if self.session is not None and event.type() in ACTIVITY:
            self.session.touch()
            if not self.session.locked:
                self.idle_timer.start()
        return False

    def _idle_timeout(self) -> None:
        if self.session is not None and not self.session.locked:
            self.lock()

    def check_idle(self) -> None:
        if self.session is not None and not self.session.locked and self.session.check():
            self.lock()

    # ---- locking ---------------------------------------------------------------------------------
    def _cover(self) -> None:
        """Hide everything personal: other windows, the list's rows, the user's name, status messages."""
        for w in QApplication.topLevelWidgets():
            if w is not self.window and w.isVisible() and (self._owned(w) or self._app_window(w)):
                self._hidden.append(w)
                w.hide()
        self.toolbar.hide()
        self.user_label.clear()
        self.window.statusBar().clearMessage()
        self.stack.setCurrentWidget(self.lock_screen)

    @staticmethod
    def _app_window(w) -> bool:
        """A window of this app that has no parent (the encounter windows): hidden at lock like the rest."""
        from PySide6.QtWidgets import QMainWindow
        return isinstance(w, QMainWindow) and w.parent() is None

    def _owned(self, w) -> bool:
        parent = w.parent()
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parent()
        return False

    def lock(self) -> None:
        self.idle_timer.stop()
        if self.session is not None:
            self.session.lock()
            self.thread.service.sign_out()  # the person's signing key leaves memory
        self.privacy = False
        self._cover()
        self.window.model.enabled = False
        self.window.model.clear()
        self._saved_searches("clear")
        self.thread.set_service(self.device_service)
        self.lock_screen.set_mode("lock")
        self.locked.emit()

    def toggle_privacy(self) -> None:
        if self.session is None or self.session.locked:
            return
        if not self.privacy:
            self.privacy = True
            self._cover()
            self.lock_screen.set_mode("privacy")
        else:
            self.privacy = False
            self._uncover()

    def _uncover(self) -> None:
        self.stack.setCurrentIndex(0)
        self.toolbar.show()
        self.user_label.setText(f"サインイン中: {self.session.actor.name}")
        for w in self._hidden:
            if shiboken6.isValid(w):
                w.show()
        self._hidden = []

    # ---- signing in ------------------------------------------------------------------------------
    def sign_in(self, name: str, password: str) -> None:
        def job(svc):
            actor = Authenticator(svc.store, channel="gui").sign_in(name, password)
            s = svc.with_actor(actor)
            return actor, {op: s.can(op) for op in ("audit.view", "approval.queue", "incident.claim", *MENU_OPERATIONS)}

        self.thread.submit(job, self._signed_in, lambda e: self.lock_screen.form.show_error(
            getattr(e, "ja", "サインインできませんでした。")))

    def _signed_in(self, result) -> None:
        actor, caps = result
        same = self.session is not None and self.session.unlock(actor)
        if not same:
            for w in self._hidden:
                if shiboken6.isValid(w):
                    w.close()
            self._hidden = []
            self.session = Session(actor, clock=self.clock, idle_seconds=self.idle_seconds)
        self.thread.set_service(Service(self.device_service.store, actor, channel="gui"))
        self._saved_searches("reload")
        self.lock_screen.emergency.reset()
        self.audit_action.setVisible(caps["audit.view"])
        self.queue_action.setVisible(caps["approval.queue"])
        self.claim_action.setVisible(caps["incident.claim"])
        self.window.model.enabled = caps.get("incident.list", True)
        self.window.apply_capabilities(caps)  # what this person cannot use is hidden or says why
        self._uncover()
        if self.window.model.enabled:
            self.window.model.reload()
        self.idle_timer.start()
        self.signed_in.emit(actor)

    def _saved_searches(self, what: str) -> None:
        cache = getattr(self.window, "saved_searches", None)
        if cache is not None:
            getattr(cache, what)()

    # ---- approvals, audit, claims ----------------------------------------------------------------
    def open_queue(self) -> ApprovalQueue:
        self.queue = ApprovalQueue(self.thread, self.window)
        self.queue.show()
        return self.queue

    def open_audit(self) -> AuditView:
        self.audit = AuditView(self.thread, self.window)
        self.audit.show()
        return self.audit

    def claim_captures(self) -> None:
        device = self.device_actor.device_id

        def job(svc):
            mine = [c["incident_id"] for c in svc.unclaimed_captures() if c["device"] == device]
            return [svc.claim(i) for i in mine]

        self.thread.submit(job, lambda claimed: self.claimed.emit(len(claimed)), self.window.show_error,
                           writes=True)
