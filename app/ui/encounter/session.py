"""One incident being handled: its entries in memory, writes through the store thread, the flow state.

The UI thread never waits on the store: ``append`` submits a job and returns; the entry joins
``entries`` when the job has committed (``entry_added`` then fires). Jobs run in submission order on the
single store thread, so the local list keeps the store's order.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QObject, Signal

from app.model import flow, manual, wizard
from app.model.entry import Entry
from app.model.settings import Settings


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def iso(at: dt.datetime | None = None) -> str:
    """ISO 8601 with offset and milliseconds (quotes are stamped at the key press)."""
    return (at or now()).isoformat(timespec="milliseconds")


class IncidentSession(QObject):
    loaded = Signal()
    """Emitted once the incident's entries have been read."""
    entry_added = Signal(object)
    """Emitted with each Entry once it is durably stored."""
    failed = Signal(object)
    """Emitted with the exception of a failed read or write."""

    def __init__(self, store_thread, incident_id: str, settings: Settings | None = None,
                 edition: str | None = None, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.incident_id = incident_id
        self.settings = settings if settings is not None else Settings()
        self._edition_id = edition
        self.edition = manual.load_edition(edition) if edition else manual.load_edition()
        self.entries: list[Entry] = []
        self.is_loaded = False
        self.pending = 0  # write jobs submitted and not yet answered

    # ---- reading ---------------------------------------------------------------------------------
    def load(self) -> None:
        incident_id = self.incident_id

        def done(entries: list[Entry]) -> None:
            self.entries = list(entries)
            created = next((e for e in self.entries if e.kind == "incident_created"), None)
            wanted = (created.payload.get("manual_edition") if created else None) or self._edition_id
            if wanted and wanted != self.edition.id:
                self.edition = manual.load_edition(wanted)
            self.is_loaded = True
            self.loaded.emit()

        self.store_thread.submit(lambda svc: svc.entries(incident_id), done, self.failed.emit)

    # ---- writing ---------------------------------------------------------------------------------
    def append(self, kind: str, payload: dict, on_done: Callable[[Entry], None] | None = None) -> None:
        self.append_many([(kind, payload)], (lambda es: on_done(es[0])) if on_done else None)

    def append_many(self, items: list[tuple[str, dict | Callable[[], dict]]],
                    on_done: Callable[[list[Entry]], None] | None = None) -> None:
        """Write entries in one job (each a separate durable append, in order).

        A payload may be a callable; it then runs on the store thread (e.g. hashing a file).
        """
        if not items:
            if on_done:
                on_done([])
            return
        incident_id = self.incident_id

        def job(svc):
            # a decision this person may not take becomes a request to the person entitled (one door)
            return [svc.append_or_ask(incident_id, kind, payload() if callable(payload) else payload)
                    for kind, payload in items]

        self._write(job, on_done)

    def append_together(self, items: list[tuple[str, dict]],
                        on_done: Callable[[list[Entry]], None] | None = None) -> None:
        """Write entries in one transaction (all or nothing), e.g. the 合理的配慮の確認 with the judgement it
        precedes: each is checked with the ones before it (Service.append_many)."""
        incident_id = self.incident_id
        self._write(lambda svc: svc.append_many(incident_id, [(k, p, None) for k, p in items]), on_done)

    def _write(self, job: Callable, on_done: Callable[[list[Entry]], None] | None) -> None:
        """Run a writing job on the store thread; its entries are kept and announced one by one."""
        self.pending += 1

        def done(entries: list[Entry]) -> None:
            self.pending -= 1
            self.entries.extend(entries)
            for e in entries:
                self.entry_added.emit(e)
            if on_done:
                on_done(entries)

        def error(exc) -> None:
            self.pending -= 1
            self.failed.emit(exc)

        self.store_thread.submit(job, done, error, writes=True)

    def add_external(self, entry: Entry) -> None:
        """An entry stored by another job (a second person's confirmation): show it like our own."""
        self.entries.append(entry)
        self.entry_added.emit(entry)

    def attach_evidence(self, path, evidence_kind: str, sns: dict | None = None) -> None:
        """Encrypt a file into the store's evidence folder and record it (on the store thread)."""
        from app.model import evidence
        incident_id = self.incident_id
        self.pending += 1

        def done(entry: Entry) -> None:
            self.pending -= 1
            self.entries.append(entry)
            self.entry_added.emit(entry)

        def error(exc) -> None:
            self.pending -= 1
            self.failed.emit(exc)

        self.store_thread.submit(lambda svc: evidence.attach(svc, incident_id, path, evidence_kind, sns=sns),
                                 done, error, writes=True)

    # ---- deriving --------------------------------------------------------------------------------
    def state(self, at: dt.datetime | None = None) -> flow.FlowState:
        return flow.evaluate(self.entries, self.edition, self.settings, at or now())

    def created(self) -> dict:
        from app.model.entry import effective_entries  # as corrected (相手方 named during the call)
        e = next((e for e in effective_entries(self.entries) if e.kind == "incident_created"), None)
        return dict(e.payload) if e else {}

    def channel(self) -> str | None:
        return self.created().get("channel")

    def navigation(self) -> dict[str, wizard.WizardStep]:
        return wizard.navigation(self.edition, self.entries)

    def resume(self) -> wizard.Resume | None:
        return wizard.next_step(self.entries, self.edition)

    def of_kind(self, kind: str) -> list[Entry]:
        from app.model.entry import effective_entries
        return [e for e in effective_entries(self.entries) if e.kind == kind]
