"""閲覧記録 in the incident view (issue 17 §4): the 課長 of the incident's 課 sees who viewed and exported it, by
name and time; a clerk and a 課長 of another 課 do not get the tab; no internal id is shown."""
from __future__ import annotations

import re

import pytest

from app.model.service import Service
from app.ui.store_thread import StoreThread
from app.ui.workspace.incident_view import IncidentView
from tests.people import PASSWORD, PEOPLE


@pytest.fixture(autouse=True)
def _config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_CONFIG_DIR", str(tmp_path / "config"))


def _open(qtbot, store, actor, iid):
    thread = StoreThread(Service(store, actor, channel="gui"))
    v = IncidentView(thread, iid)
    qtbot.addWidget(v)
    qtbot.waitUntil(lambda: v.bundle is not None, timeout=10000)
    qtbot.wait(300)  # the 閲覧記録 job follows the bundle
    return v, thread


def test_the_section_chief_sees_who_looked_and_others_get_no_tab(qtbot, store, people, sample):
    from app.model.auth import Authenticator
    clerk = Service(store, people["staff"])
    iid = clerk.create_incident(sample)
    clerk.incident(iid)
    clerk.record_output(iid, "print")
    Service(store, people["sysadmin"]).add_staff("別課 課長", ["section_chief"], PASSWORD, "区民部/税務課/")
    other = Authenticator(store).sign_in("別課 課長", PASSWORD)
    seen = {}
    for who, actor in (("staff", people["staff"]), ("other", other), ("section_chief", people["section_chief"])):
        v, thread = _open(qtbot, store, actor, iid)
        if who == "section_chief":
            qtbot.waitUntil(lambda: v.tabs.isTabVisible(v.looked_index) and v.looked.table.rowCount() >= 2,
                            timeout=10000)
        seen[who] = v.tabs.isTabVisible(v.looked_index)
        if who == "section_chief":
            t = v.looked.table
            cells = [[t.item(r, c).text() for c in range(4)] for r in range(t.rowCount())]
            assert [PEOPLE["staff"][0], "閲覧"] in [row[1:3] for row in cells]
            assert [PEOPLE["staff"][0], "印刷"] in [row[1:3] for row in cells]
            text = " ".join(" ".join(row) for row in cells)
            assert iid not in text and not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", text)
            assert "view" not in text and "print" not in text
        v.close()
        thread.stop()
    assert seen == {"staff": False, "other": False, "section_chief": True}
