"""The statistics dashboard as a user sees it: counts, charts, drill-down, exports with progress, import."""
from __future__ import annotations

import csv
import os

import pytest

from app.model import stats
from app.ui.main_window import MainWindow
from tests.stats import fixture_data


@pytest.fixture
def window(qtbot, chief_thread, service, people):
    ids = fixture_data.build(service, people)
    w = MainWindow(chief_thread)  # a 課長 reports the 課's cases
    qtbot.addWidget(w)
    w.ids = ids
    return w


def _open(qtbot, window):
    dash = window.open_stats()
    qtbot.addWidget(dash)
    qtbot.waitUntil(lambda: dash.totals is not None, timeout=5000)
    return dash


def test_menu_opens_dashboard_with_counts_and_charts(qtbot, window):
    action = window.findChild(type(window.menuBar().actions()[0]), "open_stats")
    assert action is not None and action.text().startswith("集計")
    dash = _open(qtbot, window)
    assert dash.totals.count == len(fixture_data.CASES)
    assert dash.summary.text().startswith(f"{len(fixture_data.CASES)}件")
    chart = dash.views["judgement"].chart()
    values = [chart.series()[0].barSets()[0].at(i) for i in range(4)]
    exp = fixture_data.expected()["judgement"]
    assert values[::-1] == [exp.get(k, 0) for k in stats.JUDGEMENTS]  # horizontal: drawn bottom-up
    assert dash.table.rowCount() > 10
    if os.environ.get("MADOGUCHI_GRAB"):
        dash.show()
        qtbot.wait(200)
        dash.grab().save(os.environ["MADOGUCHI_GRAB"])


def test_drill_down_filters_the_main_list(qtbot, window):
    dash = _open(qtbot, window)
    with qtbot.waitSignal(window.model.modelReset, timeout=5000):
        with qtbot.waitSignal(dash.drill_down) as sig:
            bar = dash.views["judgement"].chart().series()[0].barSets()[0]
            bar.clicked.emit(3)  # 該当 (the top bar of the horizontal chart)
    ids, caption = sig.args
    assert set(ids) == {window.ids[i] for i in (0, 2, 6)} and "該当" in caption
    assert {r["id"] for r in window.model.rows} == set(ids) and window.model.total == 3
    with qtbot.waitSignal(window.model.modelReset, timeout=5000):
        window.show_incidents(None)
    assert window.model.total == len(fixture_data.CASES)


def test_table_double_click_drills(qtbot, window):
    dash = _open(qtbot, window)
    row = next(r for r in range(dash.table.rowCount()) if dash.table.item(r, 1).text() == "退去命令")
    with qtbot.waitSignal(dash.drill_down) as sig:
        dash.table.cellDoubleClicked.emit(row, 1)
    assert sig.args[0] == [window.ids[0]]


@pytest.mark.parametrize("kind,name", [("csv-cp932", "a.csv"), ("xlsx", "a.xlsx"), ("pdf", "a.pdf")])
def test_export_in_background(qtbot, window, tmp_path, kind, name):
    dash = _open(qtbot, window)
    out = tmp_path / name
    with qtbot.waitSignal(dash.runner.finished, timeout=20000) as sig:
        dash.export(kind, out)
    assert sig.args[0]["rows"] == len(fixture_data.CASES) and out.exists()
    if kind == "csv-cp932":
        with open(out, encoding="cp932", newline="") as fh:
            assert len(list(csv.reader(fh))) == len(fixture_data.CASES) + 1


def test_export_cancel_leaves_no_file(qtbot, window, tmp_path):
    dash = _open(qtbot, window)
    out = tmp_path / "c.csv"
    dash.runner._report = lambda done, total: False  # the user pressed 中止
    with qtbot.waitSignal(dash.runner.failed, timeout=20000) as sig:
        dash.runner.run("csv-utf-8-sig", out, None, None)
    assert isinstance(sig.args[0], InterruptedError) and not out.exists()


def test_import_dialog_preview_errors_then_import(qtbot, window, tmp_path):
    dash = _open(qtbot, window)
    src = tmp_path / "old.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["発生日", "手段", "概要", "相手方"], ["2024/5/1 10:00", "対面", "怒鳴った", "架空 一郎"],
                                  ["きのう", "対面", "x", ""]])
    dialog = dash.import_records()
    qtbot.addWidget(dialog)
    dialog.load(src)
    assert dialog.combos["occurred_at"].currentText() == "発生日"
    assert dialog.combos["party.name"].currentText() == "相手方"
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.item(1, 1).text().startswith("エラー") and dialog.preview.item(0, 1).text() == "OK"
    src.write_text("発生日,手段,概要,相手方\n2024/5/1 10:00,対面,怒鳴った,架空 一郎\n", encoding="utf-8")
    dialog.load(src)
    assert dialog.import_button.isEnabled()
    before = window.store_thread.service.count_incidents()
    with qtbot.waitSignal(dialog.imported, timeout=5000) as sig:
        dialog.import_button.click()
    assert len(sig.args[0]) == 1
    assert window.store_thread.service.count_incidents() == before + 1
