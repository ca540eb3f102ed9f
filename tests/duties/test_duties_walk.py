"""One walk through the duties window (issue 16), offscreen, on one real store, role after role, under a fake clock:
a worker's 相談 marked 判断が微妙; the 課長 opens an incident from it (the worker agreed); a 配慮措置 whose
follow-up becomes due; a 再発防止 item closed; a 研修 with three attendees; a 法律相談 carried from 依頼書 to
報告書; a 出入禁止 the 部長 approves that lapses at its review date; the committee report, written by the
statistics window's exporter, shows each of them and the 延べ対応時間."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from app.export import issue
from app.model import streams
from app.model.service import Service
from app.ui.duties.window import DutiesWindow
from app.ui.store_thread import StoreThread
from tests.duties.test_legal import REPORT, REQ, SETTINGS
from tests.export.pdfcheck import all_text
from tests.people import PEOPLE
from tests.ui.ime_typing import ime

JST = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.date.today()


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class Clock:
    """The fake today every tab of a window reads."""

    def __init__(self):
        self.today = TODAY

    def attach(self, window: DutiesWindow) -> None:
        window.set_today(lambda: self.today)


@pytest.fixture
def walk(store, people, qapp):
    from app.ui.fonts import load_fonts
    load_fonts(qapp)
    made: list[StoreThread] = []
    clock = Clock()

    def window_for(qtbot, role: str) -> DutiesWindow:
        thread = StoreThread(Service(store, people[role], channel="gui"))
        made.append(thread)
        w = DutiesWindow(thread)
        qtbot.addWidget(w)
        clock.attach(w)
        w.resize(1366, 768)
        w.show()
        qtbot.waitUntil(lambda: thread.pending == 0, timeout=10_000)
        return w

    yield window_for, clock
    for t in made:
        t.stop()


def show(qtbot, window: DutiesWindow, cls: str):
    page = window.page(cls)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(window.tabs.indexOf(page)).center())
    assert window.tabs.currentWidget() is page
    return page


def reload(qtbot, page) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.refresh_button, Qt.LeftButton)


def test_the_employer_s_duties_walked_through_the_window(qtbot, store, people, sample, walk, tmp_path):
    window_for, clock = walk
    # an encounter of the counter, recorded earlier (the live panel's own walk is tests/ui): 40 min, 3 staff
    enc = copy.deepcopy(sample)
    enc["occurred_at"] = f"{day(-2).isoformat()}T10:00:00+09:00"
    enc.pop("quotes")
    enc["staff"] = ["港 一郎", "芝 花子", "芝 係長"]
    clerk_svc = Service(store, people["staff"])
    counter = clerk_svc.create_incident(enc)
    clerk_svc.append(counter, "note", {"at": f"{day(-2).isoformat()}T10:40:00+09:00", "text": "対応を終えました",
                                       "event": "encounter_ended"})

    # 1. the worker: the notice first, then the 相談, 判断が微妙, agreeing that the 課 is told
    worker = window_for(qtbot, "staff")
    page = show(qtbot, worker, "ConsultationsTab")
    assert "不利益" in page.notice.text() and not page.form_box.isEnabled()
    qtbot.mouseClick(page.read_notice, Qt.LeftButton)
    ime(page.what, "窓口で毎朝のように怒鳴られ、土下座を求められる（架空）")
    page.harassment.setCurrentText("判断が微妙")
    page.window_choice.setCurrentText("課長")
    qtbot.mouseClick(page.consent, Qt.LeftButton, pos=QPoint(8, page.consent.height() // 2))  # the box itself
    assert page.consent.isChecked()
    with qtbot.waitSignal(page.saved, timeout=10_000):
        qtbot.mouseClick(page.save, Qt.LeftButton)
    [raw] = [e for e in store.entries(streams.CONSULTATIONS)]
    assert "怒鳴られ" not in str(raw.payload)  # sealed in the store

    # 2. the 課長 opens an incident from it (the worker agreed)
    chief = window_for(qtbot, "section_chief")
    page = show(qtbot, chief, "ConsultationsTab")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.opened, timeout=10_000):
        qtbot.mouseClick(page.open_incident, Qt.LeftButton)
    opened = [i["id"] for i in store.list_incidents() if i["id"] != counter]
    assert len(opened) == 1

    # 3. a 配慮措置 for the worker, whose follow-up becomes due as the clock moves on
    page = show(qtbot, chief, "MeasuresTab")
    reload(qtbot, page)
    page.incident.setCurrentIndex(page.incident.findData(opened[0]))
    assert page.incident.currentData() == opened[0] and opened[0] not in page.incident.currentText()
    ime(page.staff, PEOPLE["staff"][0])
    page.measure.setCurrentIndex(page.measure.findText("対応者の交代"))
    ime(page.detail, "当面は係長が窓口に立つ")
    page.followup.setDate(qdate(day(7)))
    with qtbot.waitSignal(page.saved, timeout=10_000):
        qtbot.mouseClick(page.add_button, Qt.LeftButton)
    reload(qtbot, page)
    assert page.table.rowCount() == 0          # not due yet
    clock.today = day(8)
    reload(qtbot, page)
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "1日"
    clock.today = TODAY

    # 4. a 再発防止 item linked to the incident, then closed
    page = show(qtbot, chief, "PreventionTab")
    qtbot.waitUntil(lambda: page.incidents.count() >= 1, timeout=10_000)
    page.what.insertPlainText("窓口に呼出ボタンを設置する")
    page.owner.insert("区民課 庶務係")
    page.due.setDate(qdate(day(30)))
    page.incidents.item(0).setCheckState(Qt.Checked)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    page.note.insert("設置した")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.done_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.table.item(0, 3).text() == "完了", timeout=10_000)

    # 5. a 研修 with three attendees from the directory
    page = show(qtbot, chief, "TrainingTab")
    qtbot.waitUntil(lambda: page.attendees.count() >= 8, timeout=10_000)
    page.course.setCurrentText("悪質クレームの法的対応")
    page.held_on.setDate(qdate(day(-1)))
    for i in range(page.attendees.count()):
        if page.attendees.item(i).text() in ("港 一郎", "芝 係長", "麻布 課長"):
            page.attendees.item(i).setCheckState(Qt.Checked)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.table.item(0, 2).text() == "3人"

    # 6. a 法律相談 from the 依頼書 to the 報告書 (the documents are issued from the incident's 文書 dialog)
    chief_svc = Service(store, people["section_chief"])
    now = dt.datetime.combine(TODAY, dt.time(10), JST)
    issue.issue_for(chief_svc, counter, "legal-request", settings=SETTINGS, extra=REQ, now=now)
    page = show(qtbot, chief, "LegalTab")

    def stage(expected: str, lawyer: str = "", contact: str = "") -> None:
        reload(qtbot, page)
        page.table.selectRow(0)
        assert page.stage.text() == expected
        page.date.setDate(qdate(TODAY))
        if lawyer:
            ime(page.lawyer, lawyer)
            ime(page.contact, contact)
        with qtbot.waitSignal(page.saved, timeout=10_000):
            qtbot.mouseClick(page.save_button, Qt.LeftButton)

    stage("調整済み", "赤坂 三郎", "文書係 白金")
    stage("実施")
    issue.issue_for(chief_svc, counter, "legal-report", settings=SETTINGS, extra=REPORT, now=now)
    stage("報告書提出")
    reload(qtbot, page)
    assert page.table.rowCount() == 0  # 報告書提出: no longer waiting
    assert chief_svc.legal_state(counter)["stage"] == "報告書提出"

    # 7. the 課長 decides a 出入禁止 after the 合理的配慮の確認; the 部長 approves; it lapses after the review date
    page = show(qtbot, chief, "BansTab")
    page.incident_combo.setCurrentIndex(next(i for i in range(page.incident_combo.count())
                                             if "髙橋 﨑子" in page.incident_combo.itemText(i)))
    page.reason.insertPlainText("3回にわたり職員を怒鳴りつけ、退去命令にも従わなかった")
    for question in ("needs_accommodation", "harm_to_life_or_health"):  # answered, never assumed いいえ
        page.check_box.inputs[question].setCurrentText("いいえ")
    page.start.setDate(qdate(day(1)))
    page.review.setDate(qdate(day(60)))
    page.end.setDate(qdate(day(120)))
    qtbot.mouseClick(page.decide_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    assert page.table.item(0, 2).text() == "承認待ち"
    director = window_for(qtbot, "director")
    dpage = show(qtbot, director, "BansTab")
    qtbot.waitUntil(lambda: dpage.table.rowCount() == 1, timeout=10_000)
    dpage.table.selectRow(0)
    qtbot.mouseClick(dpage.approve_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dpage.table.item(0, 2).text() == "開始前", timeout=10_000)
    clock.today = day(2)
    dpage.refresh()
    qtbot.waitUntil(lambda: dpage.table.item(0, 2).text() == "有効", timeout=10_000)
    clock.today = day(61)
    dpage.refresh()
    qtbot.waitUntil(lambda: dpage.table.item(0, 2).text() == "失効", timeout=10_000)
    clock.today = TODAY

    # 8. the committee report, as the statistics window writes it
    from app.ui.stats.export_runner import ExportRunner
    out = tmp_path / "committee.pdf"
    runner = ExportRunner(chief.page("BansTab").store_thread)
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        runner.run("pdf", out, day(-30).isoformat(), day(30).isoformat())
    text = all_text(out.read_bytes()).replace("\n", "")
    assert "窓口に呼出ボタンを設置する" in text and "完了" in text       # 再発防止
    assert "悪質クレームの法的対応" in text                                # 研修
    assert "延べ対応時間" in text
    for heading in ("職員からの相談", "職員への配慮措置", "法律相談", "出入禁止"):  # each duty counted
        assert heading in text, heading
    # the incident opened from the 相談 (with the worker's consent) is a case of the report like any other; the
    # report names no member of staff but its reporter (the 課長 who writes it)
    assert "土下座を求められる" in text
    assert [name for name, _ in PEOPLE.values() if name in text] == [PEOPLE["section_chief"][0]]
