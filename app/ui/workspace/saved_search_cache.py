"""The signed-in member's saved searches for the filter bar.

They are kept in the store (app/model/saved_searches.py), which only the store thread touches: the list is
read once from there and every change is written through it, so the filter bar never waits and nothing of a
search text is written to a file outside the store."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SavedSearchCache(QObject):
    changed = Signal()
    """Emitted when the list was read from the store (or a write was refused and the list re-read)."""
    failed = Signal(str)
    """Emitted with a message a person can act on when the store refused to keep a search."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self._items: dict = {}
        actor = getattr(store_thread.service, "actor", None)
        if getattr(actor, "is_staff", False):
            self.reload()

    def reload(self) -> None:
        """Read the searches of whoever is signed in now (after a sign-in)."""
        self.store_thread.submit(lambda svc: svc.saved_searches(), self._set, lambda _e: self._set({}))

    def clear(self) -> None:
        """Forget the list (the PC was locked): the next person sees only their own."""
        self._set({})

    def all(self) -> dict:
        return dict(self._items)

    def save(self, name: str, f) -> None:
        self._items[name] = f
        self.store_thread.submit(lambda svc: svc.save_search(name, f), None, self._refused)

    def delete(self, name: str) -> None:
        self._items.pop(name, None)
        self.store_thread.submit(lambda svc: svc.delete_search(name), None, self._refused)

    def _set(self, items: dict) -> None:
        self._items = dict(items)
        self.changed.emit()

    def _refused(self, error) -> None:
        self.failed.emit(getattr(error, "ja", "") or "検索を保存できませんでした。")
        self.reload()
