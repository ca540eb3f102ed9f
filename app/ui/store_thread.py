"""One worker thread owns the store; the UI thread never waits on it (Anki's taskman habit).

``submit(job, on_done, on_error)`` runs ``job(service)`` on the store thread and calls back on the UI thread.
Jobs must not touch widgets.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class _Worker(QObject):
    finished = Signal(int, object, object)  # job id, result, error

    def __init__(self, service):
        super().__init__()
        self.service = service

    @Slot(int, object)
    def run(self, job_id: int, job: Callable) -> None:
        try:
            result = job(self.service)
        except Exception as exc:  # reported to the UI thread, never swallowed
            self.finished.emit(job_id, None, exc)
            return
        self.finished.emit(job_id, result, None)


def _unless_gone(callback: Callable | None) -> Callable | None:
    """A widget's method whose widget was closed and deleted while its job ran: dropped, not called."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return None
    return callback


def guarded(owner: QObject, callback: Callable, current: Callable[[], bool] | None = None) -> Callable:
    """``callback`` for a job's answer, called only while ``owner`` exists and (if given) ``current()`` holds:
    a reload's answer that a newer reload has overtaken is dropped too."""
    def call(result):
        if shiboken6.isValid(owner) and (current is None or current()):
            callback(result)
    return call


class StoreThread(QObject):
    """Owns the store's thread. ``changed`` is emitted after a job that wrote something."""

    _request = Signal(int, object)
    changed = Signal()
    """Emitted on the UI thread after a write job finished."""
    failed = Signal(object)
    """Emitted with the exception of a job that had no error callback."""

    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self._thread = QThread()
        self._thread.setObjectName("store")
        self._worker = _Worker(service)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.finished.connect(self._done)
        self._callbacks: dict[int, tuple] = {}
        self._ids = itertools.count(1)
        self._thread.start()

    def submit(self, job: Callable[[Any], Any], on_done: Callable | None = None,
               on_error: Callable | None = None, writes: bool = False) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error, writes)
        self._request.emit(job_id, job)
        return job_id

    def set_service(self, service) -> None:
        """Jobs submitted after this call run with ``service`` (a new actor after sign-in or lock)."""
        self.service = service
        worker = self._worker
        self.submit(lambda _old: setattr(worker, "service", service))

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    @Slot(int, object, object)
    def _done(self, job_id: int, result, error) -> None:
        on_done, on_error, writes = self._callbacks.pop(job_id, (None, None, False))
        gone = on_error is not None and _unless_gone(on_error) is None
        on_done, on_error = _unless_gone(on_done), _unless_gone(on_error)
        if error is not None:
            if on_error:
                on_error(error)
            elif gone:
                log.info("store job failed after its window closed: %s", type(error).__name__)
            else:
                log.error("store job failed: %s", type(error).__name__)
                self.failed.emit(error)
            return
        if on_done:
            on_done(result)
        if writes:
            self.changed.emit()

    def stop(self) -> None:
        """Finish the jobs already submitted (their callbacks are dropped), then end the thread."""
        if self._thread.isRunning():
            self._request.emit(0, lambda _svc: QThread.currentThread().quit())
        self._thread.wait(5000)
