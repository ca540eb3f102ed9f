"""The recording wizard for one incident: one page per step of wizard.navigation, writes at once.

Typing is written as ``step_input`` entries after a 500 ms pause, and at once when the page changes or
the window closes; 次へ writes the page's own entries and ``step_done``. Where to resume is
``wizard.next_step`` over the stored entries, so a crash loses at most the last half second of typing.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.model import wizard as wizard_model
from app.model.facts import collect
from app.ui.encounter.session import IncidentSession, iso
from app.ui.wizard.pages import make_page
from app.ui.wizard.step_page import StepPage, wrap_label

DEBOUNCE_MS = 500
PROPOSED_STEP = "judgement"
UNSTORED_STEPS = ("judgement", "care")  # a decision's draft and care details are not step inputs


def qt_text(source: str) -> str:
    """A standard button text from Qt's own translation (qtbase_ja), e.g. 「次へ(&N) >」."""
    return QCoreApplication.translate("QWizard", source)


class WizardWidget(QWidget):
    step_shown = Signal(str)
    """Emitted with the step id whenever a page (or ``"finished"``) is shown."""

    def __init__(self, session: IncidentSession, judge: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("wizard")
        self.session = session
        self.judge = judge
        self.step: str | None = None
        self.page: StepPage | None = None
        self.busy = False
        self._dirty: set[str] = set()
        self._typed: dict[str, dict[str, Any]] = {}    # step -> field -> latest value typed here
        self._written: dict[str, dict[str, Any]] = {}  # step -> field -> value last sent to the store
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

        self.progress = QLabel()
        self.progress.setObjectName("wizard_progress")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.NoFrame)
        self.problems = wrap_label("", "wizard_problems", "color:#b00020;")
        self.back_button = QPushButton(qt_text("< &Back"))
        self.back_button.setObjectName("wizard_back")
        self.next_button = QPushButton(qt_text("&Next >"))
        self.next_button.setObjectName("wizard_next")
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.back_button)
        bar.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.problems)
        layout.addLayout(bar)
        session.entry_added.connect(lambda _e: self.refresh_warnings())
        self.may_judge = False  # until the store thread says (a 課長 records the judgement; others propose)
        session.store_thread.submit(lambda svc: (svc.can("entry.judgement"),
                                                 getattr(svc.actor, "name", "") or svc.actor.author),
                                    self._judge_known, lambda _e: None)
        if session.is_loaded:
            self.resume()
        else:
            session.loaded.connect(self.resume)

    def _judge_known(self, result) -> None:
        self.may_judge, name = result
        self.judge = name if self.may_judge else ""
        if self.step == PROPOSED_STEP and self.page is not None:
            self.show_step(self.step)

    # ---- where we are ----------------------------------------------------------------------------
    def resume(self) -> None:
        r = self.session.resume()
        self.show_step(r.step if r else None)

    def order(self) -> list[str]:
        return wizard_model.walk(self.session.navigation())

    def show_step(self, step_id: str | None) -> None:
        self.problems.setText("")
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.step = step_id
        order = self.order()
        if step_id is None:
            self.page = None
            done = wrap_label("全ての手順を記録しました。必要があれば「戻る」で見直せます。", "wizard_finished")
            done.setStyleSheet("font-size: 14pt; padding: 20px;")
            self.scroll.setWidget(done)
            self.progress.setText(f"手順 {len(order)} / {len(order)}　完了")
            self.next_button.setEnabled(False)
            self.back_button.setEnabled(bool(order))
            self.step_shown.emit("finished")
            return
        page = make_page(self.session.edition, step_id, self.judge, proposal=not self.may_judge)
        # the judgement's choices are not kept as entries: nothing someone else ticked is pre-selected
        stored = ({} if step_id in UNSTORED_STEPS else
                  collect(self.session.entries, self.session.edition).inputs.get(step_id, {}))
        self._written[step_id] = dict(stored)
        page.set_values({**stored, **self._typed.get(step_id, {})})
        page.edited.connect(self._edited)
        self.page = page
        self.scroll.setWidget(page)
        pos = order.index(step_id) + 1 if step_id in order else 0
        self.progress.setText(f"手順 {pos} / {len(order)}")
        nxt = self.session.navigation().get(step_id)
        last = nxt is not None and nxt.next is None
        self.next_button.setText(qt_text("&Finish") if last else qt_text("&Next >"))
        self.next_button.setEnabled(True)
        self.back_button.setEnabled(wizard_model.previous_step(step_id, self.session.entries,
                                                               self.session.edition) is not None)
        self.refresh_warnings()
        first = page.first_input()
        if first is not None and self.isVisible():
            first.setFocus()
        self.step_shown.emit(step_id)

    def refresh_warnings(self) -> None:
        """Show the engine's warnings on the page (deferred while the wizard tab is hidden)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self.page is not None:
            self.page.show_warnings(list(self.session.state().warnings))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self.refresh_warnings()

    # ---- typing ----------------------------------------------------------------------------------
    def _edited(self, field_id: str) -> None:
        if self.page is None:
            return
        self._typed.setdefault(self.step, {})[field_id] = self.page.fields[field_id].value()
        self._dirty.add(field_id)
        self._timer.start()

    def flush(self) -> None:
        """Write every changed input of the current page now (one store job)."""
        self._timer.stop()
        if self.page is None or not self._dirty or self.step in UNSTORED_STEPS:
            self._dirty.clear()
            return
        step, written = self.step, self._written.setdefault(self.step, {})
        items = []
        for fid in sorted(self._dirty):
            value = self.page.fields[fid].value()
            if written.get(fid) != value:
                items.append(("step_input", {"step": step, "field": fid, "value": value}))
                written[fid] = value
        self._dirty.clear()
        self.session.append_many(items)

    # ---- moving ----------------------------------------------------------------------------------
    def go_next(self) -> None:
        if self.busy or self.page is None:
            return
        self.flush()
        self.problems.setText("")
        problems = self.page.problems()
        if problems:
            self.problems.setText("\n".join(problems))
            return
        at = iso()
        step = self.step
        self.busy = True
        self.next_button.setEnabled(False)
        if getattr(self.page, "proposal", False):  # a clerk: the 課長 decides; the clerk goes on
            self._send_proposal(step, self.page.draft(at))
            return
        items = self.page.entries(at) + [("step_done", {"step": step, "at": at})]

        def done(_entries) -> None:
            self.busy = False
            nav = self.session.navigation()
            self.show_step(nav[step].next if step in nav else self._first_open())

        if getattr(self.page, "together", False):  # a decision and the check before it: one transaction
            self.session.append_together(items, done)
        else:
            self.session.append_many(items, done)

    def _send_proposal(self, step: str, draft: dict) -> None:
        iid = self.session.incident_id

        def done(entry) -> None:
            self.busy = False
            self.session.add_external(entry)
            self._typed.pop(step, None)
            self.step_shown.emit("proposal_sent")
            nav = self.session.navigation()
            self.show_step(nav[step].next if step in nav else self._first_open())
            self.progress.setText(self.progress.text() + "　（カスハラの判断：課長の承認待ち）")

        def failed(error) -> None:
            self.busy = False
            self.next_button.setEnabled(True)
            self.problems.setText(getattr(error, "ja", "課長に送れませんでした。もう一度「次へ」を押してください。"))

        self.session.store_thread.submit(lambda svc: svc.request_approval(iid, "judgement", draft), done, failed,
                                         writes=True)

    def _first_open(self) -> str | None:
        r = self.session.resume()
        return r.step if r else None

    def go_back(self) -> None:
        if self.busy:
            return
        self.flush()
        order = self.order()
        if self.step is None:
            target = order[-1] if order else None
        else:
            target = wizard_model.previous_step(self.step, self.session.entries, self.session.edition)
        if target is not None:
            self.show_step(target)

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)
