"""The case workspace driven with pytest-qt over a real SQLCipher store (fictional data)."""
from __future__ import annotations

import copy
import io
import wave

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from tests.people import judge, multi_role, judgement
from app.model import care, demo, evidence, parties
from app.model.listing import IncidentFilter
from app.model.service import Service
from app.ui.incident_model import PAGE
from app.ui.main_window import MainWindow
from app.ui.workspace.incident_view import IncidentView


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def _window(qtbot, store_thread, rows):
    w = MainWindow(store_thread)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.model.rowCount() == rows and w.model.total >= rows, timeout=10000)
    return w


def _view(qtbot, store_thread, iid, viewer=None, roles=None):
    v = IncidentView(store_thread, iid, viewer=viewer, roles=roles)
    qtbot.addWidget(v)
    qtbot.waitUntil(lambda: v.bundle is not None, timeout=10000)
    return v


def test_list_is_lazy_sorted_in_sql_and_filtered(qtbot, store, store_thread):
    demo.fill(Service(store, multi_role(store)), count=PAGE * 3 + 5)
    w = _window(qtbot, store_thread, PAGE)
    assert w.model.total == PAGE * 3 + 5 and w.model.pages_fetched == 1 and w.model.rows_fetched == PAGE
    w.table.scrollToBottom()  # the view asks for the next page itself
    qtbot.waitUntil(lambda: w.model.rows_fetched == PAGE * 2, timeout=10000)
    assert w.model.pages_fetched == 2
    # header click on 所属: ORDER BY department in SQL, back to one page
    w.table.horizontalHeader().setSortIndicator(2, Qt.AscendingOrder)
    qtbot.waitUntil(lambda: w.model.sort_key == "department" and w.model.pages_fetched == 1
                    and w.model.rowCount() == PAGE, timeout=10000)
    deps = [r["department"] for r in w.model.rows]
    assert deps == sorted(deps)
    all_deps = sorted(store.distinct_values("department"))
    assert deps[0] == all_deps[0]
    w.filter_bar.channel.setCurrentIndex(w.filter_bar.channel.findData("電話"))
    expected = store.count_incidents(IncidentFilter(channel="電話"))
    qtbot.waitUntil(lambda: w.model.total == expected, timeout=10000)
    assert {r["channel"] for r in w.model.rows} == {"電話"}
    w.filter_bar.behaviour.setCurrentIndex(w.filter_bar.behaviour.findData("長時間の拘束"))
    qtbot.waitUntil(lambda: w.model.total == store.count_incidents(
        IncidentFilter(channel="電話", behaviour="長時間の拘束")), timeout=10000)
    assert w.model.total > 0
    w.search.setText("納得できるまで切らない")
    qtbot.waitUntil(lambda: w.model.query().text == "納得できるまで切らない", timeout=5000)
    qtbot.waitUntil(lambda: w.model.total == store.count_incidents(w.model.query()), timeout=10000)
    w.filter_bar.save_current("電話の長時間")
    w.filter_bar.apply(IncidentFilter())
    w.search.setText("")
    qtbot.waitUntil(lambda: w.model.total == PAGE * 3 + 5, timeout=10000)
    w.filter_bar.load("電話の長時間")
    qtbot.waitUntil(lambda: w.search.text() == "納得できるまで切らない" and w.model.filter.channel == "電話",
                    timeout=5000)


def test_filters_by_stage_judgement_needs_check_and_resolved(qtbot, store, store_thread, sample):
    svc = Service(store, multi_role(store))
    a = svc.create_incident(sample)
    b = svc.create_incident(dict(copy.deepcopy(sample), quotes=[]))
    judge(svc, a, judgement())
    svc.append(a, "closed", {"outcome": "打ち切り", "resolved": False})
    svc.append(b, "stop_request", {"at": "2025-04-01T10:05:00+09:00"})
    w = _window(qtbot, store_thread, 2)
    fb = w.filter_bar
    for combo, value, expect in ((fb.stage, "aftercare", a), (fb.judgement, "該当", a)):
        combo.setCurrentIndex(combo.findData(value))
        qtbot.waitUntil(lambda: w.model.total == 1 and w.model.rows[0]["id"] == expect, timeout=5000)
        combo.setCurrentIndex(0)
    fb.needs_check.setChecked(True)
    qtbot.waitUntil(lambda: w.model.total == 1 and w.model.rows[0]["id"] == b, timeout=5000)
    fb.needs_check.setChecked(False)
    fb.resolved.setCurrentIndex(fb.resolved.findData("no"))
    qtbot.waitUntil(lambda: w.model.total == 1 and w.model.rows[0]["id"] == a, timeout=5000)


def test_enter_opens_the_incident_view_with_a_corrected_time_line(qtbot, store, store_thread, sample):
    svc = Service(store, multi_role(store))
    iid = svc.create_incident(sample)
    q = svc.append(iid, "quote", {"at": "2025-04-01T10:03:00+09:00", "text": "ばかやろう"})
    svc.correct(iid, q.id, {"at": "2025-04-01T10:03:00+09:00", "text": "馬鹿野郎"}, "聞き違いを訂正")
    w = _window(qtbot, store_thread, 1)
    w.table.setCurrentIndex(w.model.index(0, 0))
    view = w.open_current_incident()
    qtbot.waitUntil(lambda: view.bundle is not None, timeout=10000)
    assert view.stage_label.text() == "初期対応"
    assert view.actions_list.count() > 0
    tl = view.timeline
    row = next(tl.topLevelItem(i) for i in range(tl.topLevelItemCount())
               if tl.topLevelItem(i).data(0, Qt.UserRole) == q.id)
    assert row.text(3).endswith("ばかやろう") and "訂正あり" in row.text(2)
    child = row.child(0)
    assert child.text(2) == "訂正" and "ばかやろう → 馬鹿野郎" in child.text(3) and "聞き違いを訂正" in child.text(3)
    assert all(tl.topLevelItem(i).text(2) != "訂正" for i in range(tl.topLevelItemCount()))


def test_attach_and_open_evidence(qtbot, store, store_thread, sample, tmp_path):
    svc = Service(store, multi_role(store))
    iid = svc.create_incident(sample)
    img = QImage(64, 48, QImage.Format_RGB32)
    img.fill(QColor("#3366cc"))
    png = tmp_path / "投稿のスクリーンショット.png"
    img.save(str(png))
    view = _view(qtbot, store_thread, iid)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.attach(str(png), "screenshot", {"url": "https://sns.example/p/1", "account": "@fictional"})
    qtbot.waitUntil(lambda: view.evidence.table.rowCount() == 1, timeout=10000)
    att = view.evidence.items[0]
    assert view.evidence.table.item(0, 3).text() == att.sha256 and att.account == "@fictional"
    view.evidence.table.setCurrentCell(0, 0)
    qtbot.waitUntil(lambda: view.evidence.pixmap is not None, timeout=10000)
    assert view.evidence.pixmap.width() == 64 and "sns.example" in view.evidence.details.text()
    # audio: played from the encrypted file through a decrypting device
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wv:
        wv.setnchannels(1)
        wv.setsampwidth(2)
        wv.setframerate(8000)
        wv.writeframes(b"\x00\x10" * 8000)
    wav = tmp_path / "録音.wav"
    wav.write_bytes(buf.getvalue())
    evidence.attach(svc, iid, wav, "audio")
    view.reload()
    qtbot.waitUntil(lambda: view.evidence.table.rowCount() == 2, timeout=10000)
    view.evidence.table.setCurrentCell(1, 0)
    assert view.evidence.play_button.isEnabled()
    view.evidence.play_button.click()
    qtbot.waitUntil(lambda: view.evidence.device is not None, timeout=10000)
    playing = view.evidence.device
    with open(playing, "rb") as f:
        assert f.read(4) == b"RIFF"
    from PySide6.QtMultimedia import QMediaPlayer
    qtbot.waitUntil(lambda: view.evidence.player.mediaStatus() in (
        QMediaPlayer.LoadedMedia, QMediaPlayer.BufferedMedia, QMediaPlayer.BufferingMedia, QMediaPlayer.EndOfMedia),
        timeout=10000)
    view.evidence.stop()
    import os
    assert not os.path.exists(playing)  # the decrypted copy is gone once playback stops


def test_repeat_contact_surfaces_earlier_answers_and_entry_ban(qtbot, store, store_thread, sample):
    svc = Service(store, multi_role(store))
    first = svc.create_incident(sample)
    svc.append(first, "answer", {"at": "2025-04-01T10:20:00+09:00", "text": "手数料の免除はできないとお伝えしました"})
    parties.set_status(svc, first, "警告済", "2025-04-02", "暴言を繰り返した")
    from tests.duties.ban_helpers import old_ban_status  # recorded by an older version: still warns the counter
    old_ban_status(svc, first, {"since": "2025-05-01", "until": "2099-12-31", "reason": "退去命令に従わなかった"})
    w = _window(qtbot, store_thread, 1)
    dialog = w.start_new_incident()
    qtbot.addWidget(dialog)
    panel = dialog.repeat_contacts
    with qtbot.waitSignal(panel.found, timeout=10000):
        dialog.party_name.setText(sample["party"]["name"])
    assert panel.history is not None and panel.history.banned
    assert "出入禁止" in panel.status_label.text()
    assert "手数料の免除はできないとお伝えしました" in panel.browser.toPlainText()
    with qtbot.waitSignal(panel.found, timeout=10000):
        dialog.party_name.setText("髙橋 崎子")  # a near match is only suggested
    assert panel.history is None and panel.status_label.text() == ""
    assert "似た氏名" in panel.browser.toPlainText()


def test_care_task_visible_only_to_the_right_roles(qtbot, store, people, sample):
    """Signed in as each person in turn: the member concerned, their 課長 and 人事課 see the care task."""
    from app.ui.store_thread import StoreThread
    svc = Service(store, multi_role(store))
    iid = svc.create_incident(sample)
    care.refer(svc, iid, "港 一郎", "2099-01-31", "保健師面談（架空）")
    seen = {}
    for role in ("staff", "chief", "section_chief", "director"):
        thread = StoreThread(Service(store, people[role], channel="gui"))
        v = _view(qtbot, thread, iid, viewer=None, roles=None)
        seen[role] = (v.tabs.isTabVisible(v.care_index), v.care.rowCount(),
                      any(v.timeline.topLevelItem(i).text(2) == "職員保健室への連絡"
                          for i in range(v.timeline.topLevelItemCount())))
        v.close()
        thread.stop()
    assert seen == {"staff": (True, 1, True), "chief": (False, 0, False), "section_chief": (True, 1, True),
                    "director": (False, 0, False)}
    # 人事課 does not open incidents at all (permission table); its care follow-up is the referral's details
    from app.model.errors import PermissionDenied
    import pytest
    with pytest.raises(PermissionDenied):
        Service(store, people["hr"]).entries(iid)


def test_csv_export_from_the_view(qtbot, store, store_thread, sample, tmp_path):
    iid = Service(store, multi_role(store)).create_incident(sample)
    view = _view(qtbot, store_thread, iid)
    out = tmp_path / "経過.csv"
    view.export_csv(str(out))
    qtbot.waitUntil(out.exists, timeout=5000)
    qtbot.waitUntil(lambda: "土下座" in out.read_text(encoding="utf-8-sig"), timeout=5000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
