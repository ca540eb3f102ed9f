"""The sync status widget: syncs in the background, shows problems in Japanese, never blocks recording."""
from __future__ import annotations

from app.model import datadir
from app.model.sync import create_org, join_org, read_enrollment, sync_folder
from app.ui.incident_model import IncidentListModel
from app.ui.sync_status import SyncStatusWidget, describe_problems
from tests.conftest import SAMPLE


def test_widget_syncs_in_background_and_list_shows_review_flag(qtbot, chief_thread, store, tmp_path):
    store_thread = chief_thread  # a 課長 may close an incident
    create_org(tmp_path / "org.enroll", "架空のパスフレーズ")
    enrollment = read_enrollment(tmp_path / "org.enroll", "架空のパスフレーズ")
    join_org(store, enrollment)
    share = tmp_path / "share"
    share.mkdir()
    other = datadir.init_store(tmp_path / "other").store
    other_keys = join_org(other, enrollment)
    from app.model.service import Service
    from tests.sync.conftest import worker
    iid = Service(other, worker("芝")).create_incident(dict(SAMPLE, department=""))  # the worker has no 所属
    sync_folder(other, share, other_keys)
    widget = SyncStatusWidget(store_thread, folder=str(share), interval_ms=0, first_ms=-1)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.finished, timeout=20000) as blocker:
        widget.sync_now()
    assert blocker.args[0]["imported"] == 2
    assert widget.last_label.text().startswith("最終同期") and widget.pending_label.text() == "未送信なし"
    assert widget.progress.isHidden()
    # a concurrent closing on both PCs → 要確認 in the incident list
    from tests.people import judge, judgement
    judge(Service(other, worker("芝")), iid, judgement("経過観察"))
    sync_folder(other, share, other_keys)  # this PC learns the judgement; then both PCs close, unaware
    with qtbot.waitSignal(widget.finished, timeout=20000):
        widget.sync_now()
    Service(other, worker("芝")).append(iid, "closed", {"outcome": "架空A", "resolved": True})
    done = []
    store_thread.submit(lambda svc: svc.append(iid, "closed", {"outcome": "架空B", "resolved": False}), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    sync_folder(other, share, other_keys)
    with qtbot.waitSignal(widget.finished, timeout=20000):
        widget.sync_now()
    model = IncidentListModel(store_thread)
    with qtbot.waitSignal(model.modelReset, timeout=5000):
        model.reload()
    status_col = [c for c, _ in __import__("app.ui.incident_model", fromlist=["COLUMNS"]).COLUMNS].index("status")
    assert model.data(model.index(0, status_col)) == "終了・要確認"
    other.close()


def test_unreachable_folder_is_shown_and_recording_continues(qtbot, store_thread, tmp_path):
    widget = SyncStatusWidget(store_thread, folder=str(tmp_path / "unplugged"), interval_ms=0, first_ms=-1)
    qtbot.addWidget(widget)
    widget.sync_now()
    qtbot.waitUntil(lambda: not widget.running, timeout=20000)
    assert "接続できません" in widget.problem_label.text()
    done = []
    store_thread.submit(lambda svc: svc.create_incident(SAMPLE), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)


def test_problem_lines_are_japanese():
    lines = describe_problems({"rejected": [{"file": "devices/x/log/e1-1-1-00.mdgb", "reason": "truncated"}],
                               "problems": [], "alerts": [{"kind": "clock_ahead", "device_id": "x", "detail": ""}],
                               "held": 1})
    assert lines[0].startswith("途中までしか届いていないファイル") and len(lines) == 3
