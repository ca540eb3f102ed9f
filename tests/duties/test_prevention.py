"""再発防止・事例検証 through the Service: roles, validation, linked incidents, states and 期限超過."""
from __future__ import annotations

import pytest

from app.model import streams
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service

ITEM = {"what": "番号札の呼出し順を掲示する", "owner": "区民課 窓口係長", "due": "2025-06-30",
        "review_note": "待ち時間の説明がなく苛立ちを招いた", "at": "2025-04-10T09:00:00+09:00"}


def test_a_manager_records_an_item_linked_to_an_incident_and_closes_it(store, people, sample):
    iid = Service(store, people["staff"]).create_incident(sample)
    chief = Service(store, people["chief"])
    item = chief.add_prevention(dict(ITEM, incidents=[iid]))
    [found] = chief.prevention_items("2025-05-01")
    assert (found.state, found.overdue, found.incidents) == ("未着手", False, [iid])
    chief.prevention_progress(item.id, "対応中", "掲示案を作成中")
    assert chief.prevention_items("2025-07-01")[0].state == "対応中"
    assert chief.prevention_items("2025-07-01")[0].overdue  # due 6/30, not done
    assert not chief.prevention_items("2025-06-30")[0].overdue  # the due day itself is not late
    Service(store, people["section_chief"]).close_prevention(item.id, "掲示した")
    done = chief.prevention_items("2025-07-01")[0]
    assert (done.state, done.overdue) == ("完了", False)
    assert [h["status"] for h in done.history] == ["対応中", "完了"]
    # a 職員 and 人事課 may read the register
    assert Service(store, people["staff"]).prevention_items("2025-07-01")[0].state == "完了"
    assert Service(store, people["hr"]).prevention_items("2025-07-01")[0].what == ITEM["what"]


@pytest.mark.parametrize("role", ["staff", "hr", "facility_manager", "sysadmin"])
def test_only_managers_record_items_and_the_role_is_checked_first(store, people, role):
    with pytest.raises(PermissionDenied):
        Service(store, people[role]).add_prevention(dict(ITEM, incidents=["no-such-incident"]))
    assert store.entries(streams.PREVENTION) == []


def test_an_unknown_incident_a_missing_field_or_an_unknown_item_is_refused(store, people):
    chief = Service(store, people["section_chief"])
    with pytest.raises(InputError) as info:
        chief.add_prevention(dict(ITEM, incidents=["0190aaaa-0000-7000-8000-000000000000"]))
    assert "関連する事案が見つかりません" in info.value.ja
    for missing in ("what", "owner", "due"):
        with pytest.raises(InputError):
            chief.add_prevention({k: v for k, v in ITEM.items() if k != missing})
    with pytest.raises(InputError):
        chief.add_prevention(dict(ITEM, due="6月末"))
    with pytest.raises(InputError) as info:
        chief.close_prevention("0190aaaa-0000-7000-8000-000000000000")
    assert "再発防止の項目が見つかりません" in info.value.ja
    item = chief.add_prevention(ITEM)
    with pytest.raises(InputError):  # a status outside 対応中 / 完了
        chief.prevention_progress(item.id, "保留")
    with pytest.raises(InputError):  # an item is written by its own operation only
        chief.append_register(streams.PREVENTION, "prevention_item", ITEM)
    assert [e.kind for e in store.entries(streams.PREVENTION)] == ["prevention_item"]


def test_state_is_the_latest_progress_and_a_corrected_item_keeps_its_progress(store, people):
    chief = Service(store, people["section_chief"])
    a = chief.add_prevention(ITEM)
    b = chief.add_prevention(dict(ITEM, what="録音の告知を掲示する", due="2025-05-31"))
    chief.close_prevention(a.id)
    chief.prevention_progress(a.id, "対応中", "掲示が剥がれていた")  # reopened
    chief.append_register(streams.PREVENTION, "correction",
                          {"replacement": dict(ITEM, what="録音の告知を窓口に掲示する", due="2025-05-31"),
                           "reason": "表現を改めた"}, supersedes=b.id)
    by_id = {i.id: i for i in chief.prevention_items("2025-06-01")}
    assert by_id[a.id].state == "対応中" and by_id[a.id].done_on == ""
    assert by_id[b.id].what == "録音の告知を窓口に掲示する" and by_id[b.id].overdue
    assert [i.id for i in chief.prevention_items("2025-06-01")] == [b.id, a.id]  # by 期限
