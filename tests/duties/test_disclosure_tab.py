"""pytest-qt walk of the 本人開示の請求 tab (issue 17 §3), offscreen, on a real store under a fake today: the 課長
records a 開示請求, extends it, records a 訂正請求 about a record of the incident and decides 訂正する (the
correction names the requester), decides 部分開示 and issues the 開示資料 (numbered, kept, saved to the file
picked); a 職員 is told the register is not theirs and no button acts. No internal id is shown."""
from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.model import streams
from app.model.service import Service
from app.ui.duties.disclosure_tab import NO_RIGHT, DisclosureTab
from app.ui.store_thread import StoreThread
from tests.ui.conftest import app_fonts, chief_thread, message_boxes, qapp_args  # noqa: F401 (fixtures)
from tests.ui.ime_typing import ime

NAME = "髙橋 﨑子"  # as written on the request: never normalised
TODAY = dt.date(2025, 4, 11)
SETTINGS = {"document_number_prefix": "港区区", "building_rules_articles": "第5条"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}")


def _cells(t):
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _shown(tab) -> str:
    """Everything the tab shows in words: the list, the details, the status and the forms' choices."""
    combos = [tab.correction_page.incident.itemText(i) for i in range(tab.correction_page.incident.count())]
    combos += [tab.correction_page.entry.itemText(i) for i in range(tab.correction_page.entry.count())]
    return " ".join([" ".join(" ".join(r) for r in _cells(tab.table)), tab.details.text(), tab.status.text(),
                     tab.extend_page.target.text(), *combos])


def _click(qtbot, tab, button, *signals):
    assert button.isEnabled(), button.objectName()
    if not signals:  # answered on the spot (nothing asked of the store)
        qtbot.mouseClick(button, Qt.LeftButton)
        return
    with qtbot.waitSignals([getattr(tab, s) for s in signals], timeout=10_000, order="strict"):
        qtbot.mouseClick(button, Qt.LeftButton)


def _choose(qtbot, tab, row: int):
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.table.selectRow(row)
    assert tab.detail is not None and tab.detail["id"] == tab.chosen_id


def _row_of(tab, label: str) -> int:
    return next(r for r, row in enumerate(_cells(tab.table)) if row[0] == label)


@pytest.fixture
def tab(qtbot, chief_thread):
    t = DisclosureTab(chief_thread, today=lambda: TODAY, settings=SETTINGS)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitUntil(lambda: chief_thread.pending == 0, timeout=10_000)
    return t


def test_a_section_chief_walks_a_request_from_receipt_to_the_package(qtbot, tab, store, people, sample, tmp_path,
                                                                     monkeypatch):
    chief = Service(store, people["section_chief"])
    iid = chief.create_incident(sample)  # the party is 髙橋 﨑子, of the 課長's 課
    quote = next(e for e in store.entries(iid) if e.kind == "quote")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.Yes)
    assert not tab.extend_page.submit.isEnabled() and not tab.package_button.isEnabled()

    # 1. the request received, typed as written
    ime(tab.receive.requester, NAME)
    tab.receive.received_on.setDate(QDate(2025, 4, 1))
    ime(tab.receive.scope, "窓口での対応記録の全部")
    _click(qtbot, tab, tab.receive.submit, "done", "loaded")
    assert _cells(tab.table) == [["開示請求", NAME, "2025年4月1日", "2025年5月1日", "受付", "あと20日"]]
    assert tab.receive.requester.text() == "" and f"{NAME} さんの開示請求を受け付けました" in tab.status.text()
    [received] = [e for e in store.entries(streams.DISCLOSURES) if e.kind == "disclosure_received"]
    assert received.payload["requester"] == NAME and received.payload["received_on"] == "2025-04-01"
    _choose(qtbot, tab, 0)
    assert "期限：2025年5月1日（あと20日）" in tab.details.text() and "請求の範囲：窓口での対応記録の全部" in tab.details.text()
    assert "2025年5月31日まで延長できます" in tab.details.text()  # the limit, from the one clock
    assert tab.extend_page.submit.isEnabled() and tab.decide_page.submit.isEnabled()
    assert not tab.correction_decide_page.submit.isEnabled() and tab.package_button.isEnabled()
    assert not tab.resave_button.isEnabled()  # nothing issued yet

    # 2. extended by 20 days, with the reason; once only
    tab.forms.setCurrentWidget(tab.extend_page)
    assert tab.extend_page.days.maximum() == 30
    tab.extend_page.days.setValue(20)
    assert tab.extend_page.new_due.text() == "延長後の期限：2025年5月21日"
    ime(tab.extend_page.reason, "対象の記録が多く、確認に時間を要するため")
    _click(qtbot, tab, tab.extend_page.submit, "done", "loaded")
    assert _cells(tab.table)[0][3:] == ["2025年5月21日", "延長", "あと40日"]
    assert "延長：2025年5月1日 → 2025年5月21日（麻布 課長）　理由：対象の記録が多く" in tab.details.text()
    assert not tab.extend_page.submit.isEnabled()  # once only: the button follows the state

    # 3. a 訂正請求 about the quote: the requester's records found by the exact name, one chosen
    tab.forms.setCurrentWidget(tab.correction_page)
    assert tab.correction_page.requester.text() == NAME  # taken from the chosen 開示請求
    assert not tab.correction_page.submit.isEnabled()  # no record chosen yet
    _click(qtbot, tab, tab.correction_page.find_button, "done")
    assert tab.correction_page.incident.count() == 1 and tab.correction_page.submit.isEnabled()
    tab.correction_page.requester.setText("高橋 崎子")  # another name: the records found are not offered for it
    assert tab.correction_page.incident.count() == 0 and not tab.correction_page.submit.isEnabled()
    _click(qtbot, tab, tab.correction_page.find_button, "done")
    assert tab.correction_page.incident.count() == 0 and "扱えるものはありません" in tab.status.text()
    tab.correction_page.requester.setText(NAME)
    _click(qtbot, tab, tab.correction_page.find_button, "done")
    assert tab.correction_page.incident.count() == 1 and "区民課" in tab.correction_page.incident.itemText(0)
    entries = [tab.correction_page.entry.itemText(i) for i in range(tab.correction_page.entry.count())]
    at = next(i for i, t in enumerate(entries) if "馬鹿野郎" in t)
    tab.correction_page.entry.setCurrentIndex(at)
    tab.correction_page.received_on.setDate(QDate(2025, 4, 10))
    ime(tab.correction_page.requested, "説明をもう一度お願いしますと言った")
    _click(qtbot, tab, tab.correction_page.submit, "done", "loaded")
    [corr_req] = [e for e in store.entries(streams.DISCLOSURES) if e.kind == "correction_received"]
    assert (corr_req.payload["incident"], corr_req.payload["entry"]) == (iid, quote.id)
    assert corr_req.payload["requester"] == NAME and corr_req.payload["received_on"] == "2025-04-10"
    assert tab.table.rowCount() == 2

    # 4. the 訂正請求 chosen: its record is shown, 訂正する decided with the reason
    _choose(qtbot, tab, _row_of(tab, "訂正請求"))
    assert "訂正を求める内容：説明をもう一度お願いしますと言った" in tab.details.text()
    assert "訂正を求める記録：2025年4月1日 10:00 区民課の事案" in tab.details.text() and "馬鹿野郎" in tab.details.text()
    assert tab.correction_decide_page.submit.isEnabled() and not tab.decide_page.submit.isEnabled()
    assert not tab.package_button.isEnabled()  # a 開示資料 answers a 開示請求 only
    tab.forms.setCurrentWidget(tab.correction_decide_page)
    tab.correction_decide_page.decision.setCurrentText("訂正する")
    ime(tab.correction_decide_page.reason, "録音で確認した")
    tab.correction_decide_page.decided_on.setDate(QDate(2025, 4, 11))
    _click(qtbot, tab, tab.correction_decide_page.submit, "done", "loaded")
    [corr] = [e for e in store.entries(iid) if e.kind == "correction"]
    assert corr.supersedes == quote.id and NAME in corr.payload["reason"] and "録音で確認した" in corr.payload["reason"]
    assert "説明をもう一度お願いしますと言った" in [q["text"] for q in chief.incident(iid).quotes]
    assert _cells(tab.table)[_row_of(tab, "訂正請求")][4] == "決定済み（訂正する）"
    assert "決定：訂正する（2025年4月11日、麻布 課長）" in tab.details.text()
    assert not tab.correction_decide_page.submit.isEnabled() and not tab.extend_page.submit.isEnabled()

    # 5. the 開示請求 again: 部分開示 needs what is withheld; then decided
    _choose(qtbot, tab, _row_of(tab, "開示請求"))
    assert "同じ方の訂正請求：1件（2025年4月10日受付 決定済み（訂正する））" in tab.details.text()
    tab.forms.setCurrentWidget(tab.decide_page)
    assert tab.decide_page.decision.findText("部分開示") >= 0  # the kind's choices
    tab.decide_page.decision.setCurrentText("部分開示")
    _click(qtbot, tab, tab.decide_page.submit, "done")  # nothing withheld given: refused, said in Japanese
    assert "開示しない情報とその理由" in tab.status.text()
    assert not any(e.kind == "disclosure_decided" for e in store.entries(streams.DISCLOSURES))
    ime(tab.decide_page.withheld, "職員の所見（評価・判断に関する情報）")
    _click(qtbot, tab, tab.decide_page.submit, "done", "loaded")
    assert _cells(tab.table)[_row_of(tab, "開示請求")][4:] == ["決定済み（部分開示）", "―"]
    assert "決定：部分開示（2025年4月11日、麻布 課長）" in tab.details.text()
    assert "開示しない情報と理由：職員の所見" in tab.details.text()
    assert not tab.decide_page.submit.isEnabled() and not tab.extend_page.submit.isEnabled()

    # 6. the 開示資料: numbered, kept, recorded with the request, saved where the user picked
    out = tmp_path / "開示資料"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    _click(qtbot, tab, tab.package_button, "done", "loaded")
    assert "開示資料を発行します" in asked[-1]
    pdf = (tmp_path / "開示資料.pdf").read_bytes()
    [package] = chief.disclosure_packages()
    assert package["request"] == received.id and package["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert pdf.startswith(b"%PDF") and package["number"].endswith("港区区第1号")
    assert f"開示資料 {package['number']} を保存しました：開示資料.pdf" in tab.status.text()
    assert f"開示資料：{package['number']}（2025年4月11日" in tab.details.text()
    # saved again from what is kept: never over an existing file
    _click(qtbot, tab, tab.resave_button)  # the same name: refused before anything is read
    assert "上書きしません" in tab.status.text()
    again = tmp_path / "もう一部.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(again), "PDF (*.pdf)"))
    _click(qtbot, tab, tab.resave_button, "done")
    assert again.read_bytes() == pdf and len(chief.disclosure_packages()) == 1

    assert not UUID.search(_shown(tab)) and received.id not in _shown(tab) and iid not in _shown(tab)


def test_a_clerk_sees_the_notice_and_no_button_acts(qtbot, store, people, app_fonts, monkeypatch):
    chief = Service(store, people["section_chief"])
    chief.disclosure_request({"requester": NAME, "received_on": "2025-04-01"})
    before = len(store.entries(streams.DISCLOSURES))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file is asked for"))
    thread = StoreThread(Service(store, people["staff"], channel="gui"))
    try:
        tab = DisclosureTab(thread, today=lambda: TODAY, settings=SETTINGS)
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: tab.status.text() == NO_RIGHT, timeout=10_000)
        assert tab.table.rowCount() == 0 and not tab.forms.isEnabled()
        ime(tab.receive.requester, "𠮷田 太郎")
        buttons = (tab.receive.submit, tab.extend_page.submit, tab.decide_page.submit, tab.correction_page.find_button,
                   tab.correction_page.submit, tab.correction_decide_page.submit, tab.package_button,
                   tab.resave_button)
        for b in buttons:
            assert not b.isEnabled(), b.objectName()
            qtbot.mouseClick(b, Qt.LeftButton)
        qtbot.wait(200)
        assert thread.pending == 0 and tab.status.text() == NO_RIGHT
        assert len(store.entries(streams.DISCLOSURES)) == before
    finally:
        thread.stop()


def test_another_section_s_record_is_not_shown_and_a_record_without_text_is_not_corrected_here(
        qtbot, tab, store, people, sample):
    from tests.people import person
    chief = Service(store, people["section_chief"])
    iid = chief.create_incident(sample)
    opening = next(e for e in store.entries(iid) if e.kind == "incident_created")
    req = chief.correction_request({"requester": NAME, "incident": iid, "entry": opening.id,
                                    "requested": "発生日時が違う", "received_on": "2025-04-10"})
    other = Service(store, person(store, "section_chief", "福祉部/福祉課/"))
    seen = other.disclosure_request_detail(req.id, TODAY.isoformat())
    assert seen["record"] == {"shown": False} and seen["requested"] == "発生日時が違う"
    mine = chief.disclosure_request_detail(req.id, TODAY.isoformat())
    assert mine["record"]["shown"] and mine["record"]["department"] == "区民課"

    tab.refresh()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10_000)
    _choose(qtbot, tab, 0)
    assert "訂正を求める記録：2025年4月1日 10:00 区民課の事案" in tab.details.text()
    tab.correction_decide_page.decision.setCurrentText("訂正する")
    ime(tab.correction_decide_page.reason, "確認した")
    _click(qtbot, tab, tab.correction_decide_page.submit, "done")
    said = tab.status.text()
    assert "「事案の記録開始」の記録には文章の欄がない" in said and "replacement" not in said
    assert "右クリックし「訂正…」" in said and "もう一度「訂正する」" in said and "「訂正しない」" in said  # what to do
    assert not any(e.kind == "correction" for e in store.entries(iid))
    assert tab.correction_decide_page.reason.toPlainText() == "確認した"  # what was typed is kept
    # done as it says: the record corrected in the case, then 訂正する records that correction, writes no other
    from app.model import signing
    chief.correct(iid, opening.id, {**signing.strip(opening.payload), "occurred_at": "2025-04-01T11:00:00+09:00"},
                  f"訂正請求による訂正（請求者：{NAME}、受付日：2025-04-10）")
    _click(qtbot, tab, tab.correction_decide_page.submit, "done", "loaded")
    assert [e.kind for e in store.entries(iid)].count("correction") == 1
    [decided] = [e for e in store.entries(streams.DISCLOSURES) if e.kind == "correction_decided"]
    assert decided.payload["decision"] == "訂正する" and "記録を訂正しました" in tab.status.text()


def _days(tab) -> list[QDate]:
    return [tab.receive.received_on.date(), tab.decide_page.decided_on.date(), tab.correction_page.received_on.date(),
            tab.correction_decide_page.decided_on.date()]


def test_the_forms_days_follow_the_tabs_today(qtbot, chief_thread, store):
    clock = {"today": TODAY}
    tab = DisclosureTab(chief_thread, today=lambda: clock["today"], settings=SETTINGS)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: chief_thread.pending == 0, timeout=10_000)
    assert _days(tab) == [QDate(2025, 4, 11)] * 4
    tab.correction_page.received_on.setDate(QDate(2025, 4, 9))  # a day the user chose stays
    clock["today"] = dt.date(2025, 4, 21)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        qtbot.mouseClick(tab.refresh_button, Qt.LeftButton)
    assert _days(tab) == [QDate(2025, 4, 21), QDate(2025, 4, 21), QDate(2025, 4, 9), QDate(2025, 4, 21)]
    # a request received on another day: once recorded, the form is back to today
    ime(tab.receive.requester, NAME)
    tab.receive.received_on.setDate(QDate(2025, 4, 18))
    _click(qtbot, tab, tab.receive.submit, "done", "loaded")
    assert [e.payload["received_on"] for e in store.entries(streams.DISCLOSURES)] == ["2025-04-18"]
    assert tab.receive.received_on.date() == QDate(2025, 4, 21)


def test_the_window_s_today_reaches_the_forms(qtbot, store, people, app_fonts):
    from app.ui.duties.window import DutiesWindow
    thread = StoreThread(Service(store, people["section_chief"], channel="gui"))
    try:
        w = DutiesWindow(thread)
        qtbot.addWidget(w)
        w.set_today(lambda: TODAY)  # after the tabs were made, as the walk's fake clock does
        w.show()
        page = w.page("DisclosureTab")
        w.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda: thread.pending == 0, timeout=10_000)
        assert _days(page) == [QDate(2025, 4, 11)] * 4
    finally:
        thread.stop()
