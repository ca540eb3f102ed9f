"""The incident list as a Qt model that fetches pages lazily through the store thread."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.model.listing import SORTABLE, IncidentFilter

PAGE = 200
COLUMNS = [("occurred_at", "発生日時"), ("channel", "手段"), ("department", "所属"),
           ("party_label", "相手方"), ("summary", "概要"), ("status", "状態")]
STATUS_LABELS = {"open": "対応中", "closed": "終了"}


def _stage_label(stage_id) -> str:
    """A stage id of the response flow in the manual's words (the default edition's stage labels)."""
    if not stage_id:
        return ""
    from app.model import vocab
    st = vocab.default_edition().stage(stage_id) or {}
    return st.get("label", "")


class IncidentListModel(QAbstractTableModel):
    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.store_thread = store_thread
        self.rows: list[dict] = []
        self.total = 0
        self.search = ""
        self.filter = IncidentFilter()
        self.sort_key, self.sort_descending = "occurred_at", True
        self.pages_fetched = 0
        self.rows_fetched = 0
        self._loading = False
        self._generation = 0
        self.enabled = True  # False while the screen is locked: nothing is loaded or kept
        self.id_filter: list[str] | None = None  # drill-down from the statistics: only these incidents

    def set_id_filter(self, ids: list[str] | None) -> None:
        """Show only ``ids`` (None: the whole list again)."""
        self.id_filter = list(ids) if ids is not None else None
        self.reload()

    # --- loading ---
    def clear(self) -> None:
        """Drop every row (on lock) and ignore answers to jobs already under way."""
        self._generation += 1
        self.beginResetModel()
        self.rows, self.total, self.pages_fetched, self._loading = [], 0, 0, False
        self.endResetModel()

    def query(self) -> IncidentFilter:
        return replace(self.filter, text=self.search)

    def set_filter(self, f: IncidentFilter) -> None:
        """Filters other than the search text (the list reloads from page one)."""
        self.filter = replace(f, text="")
        self.reload()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Header click: ORDER BY in SQL over whitelisted columns; the list reloads from page one."""
        key = COLUMNS[column][0]
        if key not in SORTABLE:
            return
        self.sort_key, self.sort_descending = key, order == Qt.DescendingOrder
        self.reload()

    def reload(self, search: str | None = None) -> None:
        if search is not None:
            self.search = search
            if search:  # typing a search leaves the drill-down list
                self.id_filter = None
        if not self.enabled:
            return
        self._generation += 1
        generation, query, sort, desc = self._generation, self.query(), self.sort_key, self.sort_descending
        self._loading = True

        ids = self.id_filter

        def job(svc):
            if ids is not None:
                rows = svc.incident_rows(ids)
                return len(rows), rows
            return svc.count_incidents(query), svc.list_incidents(query, limit=PAGE, offset=0, sort=sort,
                                                                  descending=desc)

        def done(result):
            if generation != self._generation:
                return
            self.beginResetModel()
            self.total, self.rows = result
            self.pages_fetched = 1
            self.rows_fetched = len(self.rows)
            self._loading = False
            self.endResetModel()

        self.store_thread.submit(job, done, lambda e: self._failed(e, generation))

    def _failed(self, error, generation=None) -> None:
        if generation is not None and generation != self._generation:
            return
        self._loading = False
        self.store_thread.failed.emit(error)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._loading and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, query, offset = self._generation, self.query(), len(self.rows)
        sort, desc = self.sort_key, self.sort_descending

        def done(rows):
            if generation != self._generation:
                return
            self._loading = False
            if not rows:
                return
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.pages_fetched += 1
            self.rows_fetched += len(rows)
            self.endInsertRows()

        self.store_thread.submit(lambda svc: svc.list_incidents(query, limit=PAGE, offset=offset, sort=sort,
                                                                descending=desc), done,
                                 lambda e: self._failed(e, generation))

    # --- Qt model ---
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.ToolTipRole, Qt.UserRole):
            return None
        row = self.rows[index.row()]
        if role == Qt.UserRole:
            return row["id"]
        key = COLUMNS[index.column()][0]
        value = row.get(key) or ""
        if key == "status":
            label = STATUS_LABELS.get(value, value)
            stage = _stage_label(row.get("stage"))
            if value == "open" and stage and stage != label:  # the stage reached (初期対応, 二次対応 …)
                label = f"{label}（{stage}）"
            return f"{label}・要確認" if row.get("needs_review") else label
        if key == "occurred_at" and value:
            from app.model.workspace import local_time
            return local_time(value)
        if key == "summary" and role == Qt.DisplayRole:
            return value.replace("\n", " ")[:80]
        return value
