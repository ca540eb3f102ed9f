"""配慮措置 through the door: who may record, who may read (the care rule), payload checks, follow-ups due under
a fake today."""
from __future__ import annotations

import pytest

from app.model import measures
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from tests.people import PEOPLE, person

WORKER = PEOPLE["staff"][0]     # 港 一郎, 区民部/区民課/窓口係
M = {"staff": WORKER, "measure": "対応者の交代", "detail": "次回以降は係長が対応する", "followup": "2025-04-15",
     "at": "2025-04-02T09:00:00+09:00"}


@pytest.fixture
def iid(store, people, sample):
    return Service(store, people["staff"]).create_incident(sample)


def svc(store, people, role):
    return Service(store, people[role])


def test_only_the_section_chief_and_hr_record_a_measure(store, people, iid):
    for role in ("staff", "chief", "director", "general_affairs_director", "facility_manager", "sysadmin"):
        with pytest.raises(PermissionDenied):
            svc(store, people, role).add_measure(iid, M)
    e = svc(store, people, "section_chief").add_measure(iid, M)
    assert e.kind == "measure_taken"
    svc(store, people, "hr").add_measure(iid, dict(M, measure="休暇", followup="2025-04-20"))
    assert len(svc(store, people, "hr").measures_of(iid)) == 2


def test_the_measure_is_sealed_and_read_only_by_the_worker_their_chief_and_hr(store, people, iid, sample):
    chief = svc(store, people, "section_chief")
    e = chief.add_measure(iid, M)
    raw = next(x for x in store.entries(iid) if x.id == e.id)
    assert set(raw.payload) <= {"sealed", "signature"} and "係長が対応" not in repr(raw.payload)  # sealed at rest
    other_chief = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    for role in ("staff", "section_chief", "hr"):
        [m] = svc(store, people, role).measures_of(iid)
        assert m["detail"] == "次回以降は係長が対応する" and m["staff"] == WORKER
    # not concerned: another 職員, the 係長, the 部長, a 課長 of another 課
    other_worker = Service(store, person(store, "staff", "区民部/区民課/窓口係"))
    for reader in (other_worker, svc(store, people, "chief"), svc(store, people, "director"), other_chief):
        assert reader.measures_of(iid) == []
        shown = [x for x in reader.entries(iid) if x.kind == "measure_taken"]
        assert [x.payload for x in shown] == [{"restricted": True}]
        assert "係長が対応" not in repr(reader.entries(iid))
    with pytest.raises(PermissionDenied):  # a role that has no part in it
        svc(store, people, "sysadmin").measures_of(iid)
    # a reader other than the worker is in the trail the worker sees
    assert any(r["action"] == "view_care" for r in svc(store, people, "staff").care_readers(iid, e.id))


def test_payload_is_checked(store, people, iid):
    chief = svc(store, people, "section_chief")
    for bad, field in ((dict(M, measure="配置転換"), "measure"), ({k: v for k, v in M.items() if k != "followup"},
                                                              "followup"),
                       ({k: v for k, v in M.items() if k != "staff"}, "staff"), (dict(M, followup="4月15日"), "followup"),
                       (dict(M, extra="x"), "extra")):
        with pytest.raises(InputError) as info:
            chief.add_measure(iid, bad)
        assert field in (info.value.field or "") or field in info.value.en, (bad, info.value.en)
    m = chief.add_measure(iid, M)
    with pytest.raises(InputError) as info:  # not done: when to check next
        chief.measure_followup(iid, m.id, {"note": "様子を見る"})
    assert "次の経過確認日" in info.value.ja
    with pytest.raises(InputError) as info:  # the id of another kind of record
        chief.measure_followup(iid, next(e.id for e in store.entries(iid) if e.kind == "quote"), {"done": True})
    assert "配慮措置がこの事案にありません" in info.value.ja
    with pytest.raises(PermissionDenied):  # the follow-up is restricted like the measure
        svc(store, people, "chief").measure_followup(iid, m.id, {"done": True})


def test_follow_ups_due_under_a_fake_today(store, people, iid, sample):
    chief, hr = svc(store, people, "section_chief"), svc(store, people, "hr")
    m = chief.add_measure(iid, M)                                   # first check on 04-15
    chief.add_measure(iid, dict(M, measure="複数対応", followup="2025-05-01"))
    assert chief.measures_due("2025-04-14") == []
    [due] = chief.measures_due("2025-04-15")
    assert due["entry_id"] == m.id and due["days_overdue"] == 0 and "区民課" in due["incident_label"]
    assert [d["days_overdue"] for d in hr.measures_due("2025-04-18")] == [3]
    chief.measure_followup(iid, m.id, {"next_followup": "2025-04-30", "note": "まだ不安がある"})
    assert chief.measures_due("2025-04-18") == []
    assert [d["measure"] for d in chief.measures_due("2025-05-01")] == ["対応者の交代", "複数対応"]
    chief.measure_followup(iid, m.id, {"done": True, "note": "落ち着いた"})
    assert [d["measure"] for d in hr.measures_due("2025-05-02")] == ["複数対応"]
    [state] = [x for x in hr.measures_of(iid) if x["entry_id"] == m.id]
    assert state["done"] and len(state["followups"]) == 2
    from app.model import workspace  # the readers' time line words the follow-up without the measure's id
    shown = [i for i in workspace.timeline(chief.entries(iid), show_private=True) if i.kind == "measure_followup"]
    assert len(shown) == 2 and all(m.id not in i.current for i in shown) and "落ち着いた" in shown[1].current
    # another 課's worker: their 課長 sees it, ours does not; 人事課 sees both
    other_worker = person(store, "staff", "区民部/保険年金課/")
    other_chief = Service(store, person(store, "section_chief", "区民部/保険年金課/"))
    iid2 = Service(store, people["staff"]).create_incident(dict(sample, department="保険年金課"))
    other_chief.add_measure(iid2, dict(M, staff=other_worker.name, followup="2025-04-10"))
    assert [d["staff"] for d in other_chief.measures_due("2025-05-02")] == [other_worker.name]
    assert [d["staff"] for d in chief.measures_due("2025-05-02")] == [WORKER]
    assert sorted(d["staff"] for d in hr.measures_due("2025-05-02")) == sorted([WORKER, other_worker.name])
    for role in ("staff", "chief", "director"):
        with pytest.raises(PermissionDenied):
            svc(store, people, role).measures_due("2025-05-02")
    with pytest.raises(InputError):
        hr.measures_due("5月2日")


def test_pure_due_list_skips_what_cannot_be_read():
    from app.model.entry import Entry

    def e(i, kind, payload, hlc):
        return Entry(id=i, incident_id="x", device_id="d", seq=int(hlc), hlc=hlc, author="a", kind=kind,
                     payload=payload)
    es = [e("m1", "measure_taken", {"staff": "甲", "measure": "休暇", "followup": "2025-04-01"}, "1"),
          e("m2", "measure_taken", {"restricted": True}, "2"),
          e("f1", "measure_followup", {"restricted": True}, "3")]
    assert [m.entry_id for m in measures.measures_due(es, "2025-04-01")] == ["m1"]
    assert measures.measures_due(es, "2025-03-31") == []
