"""集計・推進委員会報告: counts with charts, drill-down to the incidents, exports and import."""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from app.model import fiscal, staff_hours, stats
from app.ui.stats.export_runner import ExportRunner, progress_dialog

ALL = "全期間"
CHARTS = (("month", "月別の件数（年/月）", False), ("channel", "手段別", True), ("judgement", "カスハラの判断", True),
          ("step", "講じた措置", True))


fiscal_label = fiscal.fiscal_label  # 令和7年度 (app/model/fiscal.py)


def key_label(dimension: str, key: str) -> str:
    if dimension == "fiscal_year" and key.isdigit():
        return fiscal_label(int(key))
    if dimension == "month" and len(key) == 7:
        return f"{int(key[:4])}/{int(key[5:])}"
    return key


class StatsDashboard(QDialog):
    drill_down = Signal(list, str)
    """(incident ids, caption): the user asked to see the incidents behind a count."""
    loaded = Signal()
    """The counts were (re)loaded and drawn."""

    def __init__(self, store_thread, parent=None):
        super().__init__(parent)
        self.setObjectName("stats_dashboard")
        self.setWindowTitle("集計・推進委員会報告")
        self.store_thread = store_thread
        self.facts: list[stats.IncidentFacts] = []
        self.totals: stats.Totals | None = None
        self.period: tuple[str | None, str | None] = (None, None)
        self.year = QComboBox(objectName="fiscal_year")
        self.year.addItem(ALL, None)
        today = dt.date.today()
        current = today.year if today.month >= 4 else today.year - 1
        for y in range(current, current - 6, -1):
            self.year.addItem(fiscal_label(y), y)
        self.year.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel(objectName="summary")
        self.hours_label = QLabel(objectName="staff_hours")
        self.staff_hours = None
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text in (("pdf", "報告書（PDF）…"), ("xlsx", "報告書（Excel）…"), ("csv-utf-8-sig", "CSV（UTF-8）…"),
                          ("csv-cp932", "CSV（Excel用 CP932）…"), ("import", "以前の記録の取り込み…")):
            b = QPushButton(text, objectName=f"button_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.import_records() if k == "import" else self.export(k))
            buttons.addWidget(b)
            self.buttons[key] = b
        top = QHBoxLayout()
        top.addWidget(QLabel("対象:"))
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        top.addWidget(self.hours_label)
        grid = QGridLayout()
        self.views: dict[str, QChartView] = {}
        for n, (dim, caption, horizontal) in enumerate(CHARTS):
            view = QChartView(objectName=f"chart_{dim}")
            view.setRenderHint(QPainter.Antialiasing)
            view.setMinimumSize(380, 240)
            self.views[dim] = view
            grid.addWidget(view, n // 2, n % 2)
        self.table = QTableWidget(0, 3, objectName="totals_table")
        self.table.setHorizontalHeaderLabels(["集計", "区分", "件数"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setToolTip("ダブルクリックで該当する事案を一覧に表示します")
        self.table.cellDoubleClicked.connect(self._table_drill)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        body = QHBoxLayout()
        body.addLayout(grid, 3)
        body.addWidget(self.table, 2)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.runner = ExportRunner(store_thread, self)
        self.runner.finished.connect(self._export_done)
        self.runner.failed.connect(self._export_failed)
        from app.ui.screen_fit import fit
        fit(self, 1280, 700)  # fits 1366×768 with a task bar
        self.reload()

    # ---- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        year = self.year.currentData()
        self.period = fiscal.fiscal_year_range(year) if year else (None, None)
        lo, hi = self.period
        self.store_thread.submit(lambda svc: stats.collect_for(svc, lo, hi), self._show, self.store_thread.failed.emit)
        self.store_thread.submit(lambda svc: svc.staff_hours(lo, hi), self._show_hours, self.store_thread.failed.emit)

    def _show(self, facts) -> None:
        self.facts = facts
        self.totals = t = stats.totals(facts)
        mean = f"{t.mean_days:g}日" if t.mean_days is not None else "―"
        self.summary.setText(f"{t.count:,}件　解決 {t.resolved_count:,}件　解決までの平均 {mean}")
        for dim, caption, horizontal in CHARTS:
            self.views[dim].setChart(self._chart(dim, caption, horizontal))
        rows = [(dim, label, key, count) for dim, label in stats.DIMENSIONS.items() for key, count in t.ordered(dim)]
        self.table.setRowCount(len(rows))
        for r, (dim, label, key, count) in enumerate(rows):
            for c, v in enumerate((label, key_label(dim, key), f"{count:,}")):
                item = QTableWidgetItem(v)
                item.setData(Qt.UserRole, (dim, key))
                if c == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self.loaded.emit()

    def _show_hours(self, hours) -> None:
        """延べ対応時間 (app/model/staff_hours.py) under the counts: the total, then by 所属, 手段 and 類型."""
        self.staff_hours = hours
        self.hours_label.setText(f"延べ対応時間 {hours.staff_hours:g}人時間（{hours.encounters:,}件"
                                 + (f"、終了時刻の記録がない {hours.unknown:,}件は含まない" if hours.unknown else "") + "）")
        rows = [("延べ対応時間", "合計", hours.staff_hours)]
        rows += [(f"延べ対応時間（{label}）", key, value)
                 for dim, label in staff_hours.DIMENSIONS.items() for key, value in hours.ordered(dim)]
        start = self.table.rowCount()
        self.table.setRowCount(start + len(rows))
        for r, (label, key, value) in enumerate(rows, start):
            for c, v in enumerate((label, key, f"{value:g}人時間")):
                item = QTableWidgetItem(v)
                if c == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)

    def _chart(self, dim: str, caption: str, horizontal: bool) -> QChart:
        items = self.totals.ordered(dim)
        if horizontal:  # Qt draws the first category at the bottom: reverse so the list reads top-down
            items = items[::-1]
        keys = [k for k, _ in items]
        bar = QBarSet("件数")
        bar.append([float(v) for _, v in items])
        bar.clicked.connect(lambda index, d=dim, ks=keys: self.drill(d, ks[index]))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bar)
        series.setLabelsVisible(True)
        chart = QChart()
        chart.setTitle(caption)
        chart.addSeries(series)
        chart.legend().hide()
        cats = QBarCategoryAxis()
        cats.append([(f"{k[2:4]}/{int(k[5:])}" if dim == "month" and len(k) == 7 else key_label(dim, k))
                     for k in keys] or ["―"])
        values = QValueAxis()
        values.setLabelFormat("%d")
        top = max([v for _, v in items] + [1])
        step = max(1, math.ceil(top / 5))
        values.setRange(0, step * math.ceil(top * 1.1 / step))
        values.setTickType(QValueAxis.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(step)
        chart.addAxis(cats, Qt.AlignLeft if horizontal else Qt.AlignBottom)
        chart.addAxis(values, Qt.AlignBottom if horizontal else Qt.AlignLeft)
        series.attachAxis(cats)
        series.attachAxis(values)
        chart.setAnimationOptions(QChart.NoAnimation)
        return chart

    # ---- drill-down ------------------------------------------------------------------------------
    def drill(self, dimension: str, key: str) -> list[str]:
        ids = stats.ids_where(self.facts, dimension, key)
        self.drill_down.emit(ids, f"{stats.DIMENSIONS[dimension]}：{key_label(dimension, key)}（{len(ids)}件）")
        return ids

    def _table_drill(self, row: int, _col: int) -> None:
        data = self.table.item(row, 0).data(Qt.UserRole)
        if data:  # the 延べ対応時間 rows have no incidents list of their own
            self.drill(*data)

    # ---- exports ---------------------------------------------------------------------------------
    def export(self, kind: str, out: Path | None = None) -> int | None:
        if out is None:
            suffix = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)"}.get(kind, "CSV (*.csv)")
            name, _ = QFileDialog.getSaveFileName(self, "保存先", "", suffix)
            if not name:
                return None
            out = Path(name)
        if out.exists():  # never overwrite
            QMessageBox.warning(self, "保存できません", f"{out.name} は既にあります。別の名前を指定してください。")
            return None
        self._progress = progress_dialog(self.runner, self, "書き出し中…")
        lo, hi = self.period
        return self.runner.run(kind, out, lo, hi)

    def _export_done(self, result) -> None:
        self.setWindowTitle(f"集計・推進委員会報告 — 保存しました（{result['rows']:,}件）")

    def _export_failed(self, error) -> None:
        if isinstance(error, InterruptedError):
            self.setWindowTitle("集計・推進委員会報告 — 書き出しを中止しました")
            return
        self.store_thread.failed.emit(error)

    def import_records(self):
        from app.ui.stats.import_dialog import ImportDialog
        dialog = ImportDialog(self.store_thread, self)
        dialog.imported.connect(lambda _ids: self.reload())
        dialog.show()
        self._import_dialog = dialog
        return dialog
