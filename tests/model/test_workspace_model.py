"""The case workspace in plain Python: filters, sort, evidence, parties, care, time line, CSV."""
from __future__ import annotations

import copy
import hashlib
import os

import pytest

from tests.people import judge
from app.model import care, evidence, migrations, parties, workspace
from app.model.errors import InputError, NotFoundError, StoreExistsError
from app.model.listing import IncidentFilter, order_clause
from app.model.service import Service
from app.model.store import Store



@pytest.fixture
def service(store, people):
    """One person holding the 課長, 部長 and 人事課 roles as well: these tests are about the workspace."""
    from tests.people import multi_role
    return Service(store, multi_role(store))


J = {"result": "該当", "definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"], "rationale": "暴言の繰り返し"}


def _make(service, sample, **over):
    data = copy.deepcopy(sample)
    data.update(over)
    return service.create_incident(data)


def test_filters_cover_the_workspace_columns(service, sample):
    a = _make(service, sample)
    b = _make(service, sample, channel="電話", department="保険年金課", occurred_at="2025-06-02T09:00:00+09:00",
              behaviours=["長時間の拘束"], quotes=[], party={"name": "渡邊 一郎"})
    judge(service, a, dict(J, at="2025-04-01T11:00:00+09:00"))
    service.append(b, "stop_request", {"at": "2025-06-02T09:10:00+09:00"})
    service.append(a, "closed", {"at": "2025-04-02T10:00:00+09:00", "outcome": "対応を打ち切った", "resolved": True})
    ids = lambda f: [r["id"] for r in service.list_incidents(f)]  # noqa: E731
    assert ids(IncidentFilter(channel="電話")) == [b]
    assert ids(IncidentFilter(department="区民課")) == [a]
    assert ids(IncidentFilter(behaviour="長時間の拘束")) == [b]
    assert ids(IncidentFilter(behaviour="長時間")) == []  # a whole behaviour type, not a substring
    assert ids(IncidentFilter(period_from="2025-06-02", period_to="2025-06-02")) == [b]
    assert ids(IncidentFilter(period_to="2025-04-01")) == [a]
    assert ids(IncidentFilter(stage="first_response")) == [b]
    assert ids(IncidentFilter(stage="aftercare")) == [a]
    assert ids(IncidentFilter(judgement="該当")) == [a]
    assert ids(IncidentFilter(judgement="none")) == [b]
    assert ids(IncidentFilter(needs_check=True)) == [b]  # past the first response, no judgement
    assert ids(IncidentFilter(resolved="yes")) == [a]
    assert ids(IncidentFilter(resolved="unknown")) == [b]
    assert ids(IncidentFilter(text="土下座", channel="対面")) == [a]
    assert service.count_incidents(IncidentFilter(channel="対面")) == 1


def test_sort_is_whitelisted(service, sample):
    _make(service, sample, department="b課")
    _make(service, sample, department="a課")
    rows = service.list_incidents("", sort="department", descending=False)
    assert [r["department"] for r in rows] == ["a課", "b課"]
    with pytest.raises(ValueError):
        order_clause("department; DROP TABLE entries")


def test_saved_filter_round_trip():
    f = IncidentFilter(text="土下座", channel="電話", needs_check=True)
    assert IncidentFilter.from_dict(f.to_dict()) == f
    assert IncidentFilter.from_dict({"channel": 3, "bogus": 1}) == IncidentFilter()


def test_schema2_store_gets_the_workspace_columns(tmp_path, sample):
    key = os.urandom(32)
    store = Store.create(tmp_path / "store.db", key, schema_version=2)
    from tests.people import add_people
    iid = Service(store, add_people(store)["staff"]).create_incident(sample)
    store.close()
    store = Store.open(tmp_path / "store.db", key)
    assert migrations.current_version(store.conn) == migrations.LATEST
    row = store.list_incidents(IncidentFilter(behaviour="暴言、侮辱及び誹謗中傷"))
    assert [r["id"] for r in row] == [iid] and row[0]["stage"] == "initial_response"
    assert list(tmp_path.glob("store.db.schema2.*.bak"))
    store.close()


def test_evidence_round_trip_streamed_and_encrypted(service, sample, tmp_path):
    iid = _make(service, sample)
    src = tmp_path / "shot.png"
    data = os.urandom(evidence.CHUNK * 3 + 17)
    src.write_bytes(data)
    e = evidence.attach(service, iid, src, "screenshot", sns={"url": "https://sns.example/p/1", "account": "@fictional",
                                                               "posted_at": "2025-04-01T09:00:00+09:00"})
    sha = hashlib.sha256(data).hexdigest()
    assert e.payload["sha256"] == sha and e.payload["size"] == len(data) and e.payload["account"] == "@fictional"
    blobs = list((service.store.data_dir / "evidence").glob("*.mde"))
    assert len(blobs) == 1 and sha not in blobs[0].name
    assert data[:64] not in blobs[0].read_bytes()
    out = tmp_path / "out.png"
    assert evidence.get(service, iid, sha, out)["size"] == len(data)
    assert out.read_bytes() == data
    with pytest.raises(StoreExistsError):
        evidence.get(service, iid, sha, out)  # never overwrites
    with evidence.open_reader(service, iid, sha) as r:
        assert r.size == len(data)
        assert r.read_at(evidence.CHUNK - 3, 10) == data[evidence.CHUNK - 3:evidence.CHUNK + 7]


def test_evidence_refuses_symlinks_unknown_hashes_and_tampering(service, sample, tmp_path):
    iid = _make(service, sample)
    real = tmp_path / "a.txt"
    real.write_bytes(b"fictional")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(InputError):
        evidence.attach(service, iid, link)
    e = evidence.attach(service, iid, real)
    with pytest.raises(NotFoundError):
        evidence.get(service, iid, "0" * 64, tmp_path / "x")
    with pytest.raises(InputError):
        evidence.for_store(service.store).blob_path("../../etc/passwd")
    target = tmp_path / "elsewhere"
    target.write_bytes(b"keep")
    out_link = tmp_path / "out-link"
    out_link.symlink_to(target)
    with pytest.raises(StoreExistsError):
        evidence.get(service, iid, e.payload["sha256"], out_link)
    assert target.read_bytes() == b"keep"
    blob = next((service.store.data_dir / "evidence").glob("*.mde"))
    raw = bytearray(blob.read_bytes())
    raw[-1] ^= 1
    blob.write_bytes(bytes(raw))
    with pytest.raises(evidence.EvidenceError):
        evidence.get(service, iid, e.payload["sha256"], tmp_path / "y")
    assert not (tmp_path / "y").exists()


def test_repeat_contact_shows_earlier_answers_and_status(service, sample, people):
    first = _make(service, sample, occurred_at="2025-04-01T10:00:00+09:00")
    service.append(first, "answer", {"at": "2025-04-01T10:20:00+09:00", "text": "証明書は本日15時に交付します"})
    judge(service, first, J)
    service.append(first, "closed", {"outcome": "上記の回答を伝えて終了", "resolved": True})
    parties.set_status(service, first, "注視", "2025-04-02", "暴言を繰り返した")
    with pytest.raises(InputError, match="出入禁止の決定"):  # one way to a 出入禁止: its life cycle
        parties.set_status(service, first, "出入禁止", "2025-05-01", "退去命令に従わなかった", until="2099-03-31")
    service.accommodation_check(first, {"needs_accommodation": False, "harm_to_life_or_health": False,
                                        "about": "ban"})
    decision = service.decide_ban(first, {"reason": "退去命令に従わなかった", "start_date": "2025-05-01",
                                          "review_date": "2025-08-31", "end_date": "2025-10-31"})
    name = sample["party"]["name"]
    assert not parties.lookup(service.store, name=name, today="2025-06-01").banned  # the 部長 has not approved
    assert parties.current_status(service.store, parties.party_id_for(name=name), "2025-06-01").status == "注視"
    Service(service.store, people["director"]).approve_ban(first, decision.id)
    found = parties.lookup(service.store, name=name, today="2025-06-01")
    assert found is not None and found.banned and found.status.entry_id == decision.id
    assert (found.status.since, found.status.until) == ("2025-05-01", "2025-10-31")
    assert parties.current_status(service.store, found.party_id, "2025-06-01").status == "出入禁止"
    assert [s.status for s in found.statuses] == ["注視"]  # the ladder holds no new 出入禁止
    texts = [a["text"] for c in found.incidents for a in c.answers]
    assert "証明書は本日15時に交付します" in texts and found.incidents[0].judgement == "該当"
    assert parties.lookup(service.store, name="髙橋 崎子") is None  # 﨑 ≠ 崎: never the same party by itself
    lapsed = parties.lookup(service.store, name=name, today="2025-09-01")  # past the review date, not renewed
    assert not lapsed.banned and lapsed.status.status == "注視"


def _plain(entry) -> dict:
    return {k: v for k, v in entry.payload.items() if k != "signature"}


def test_an_old_entry_ban_status_still_counts(service, sample):
    """A 出入禁止 recorded as a party_status by an older version (or synced from an older PC) is kept and
    shown; correcting it stays possible, turning another status into 出入禁止 does not."""
    from tests.duties.ban_helpers import old_ban_status
    first = _make(service, sample)
    old = old_ban_status(service, first, {"since": "2025-05-01", "until": "2099-03-31", "reason": "退去命令に従わなかった"})
    name = sample["party"]["name"]
    found = parties.lookup(service.store, name=name, today="2025-06-01")
    assert found.banned and found.status.entry_id == old.id and not found.bans
    service.append(first, "correction", {"reason": "期限の誤記", "replacement": dict(_plain(old), until="2099-04-30")},
                   supersedes=old.id)
    watch = parties.set_status(service, first, "注視", "2025-04-02", "暴言")
    with pytest.raises(InputError, match="出入禁止の決定"):
        service.append(first, "correction", {"reason": "誤り", "replacement": dict(_plain(watch), status="出入禁止")},
                       supersedes=watch.id)
    expired = parties.lookup(service.store, name=name, today="2099-05-01")
    assert expired.status.status == "注視" and not expired.banned


def test_near_matches_are_suggested_and_merged_only_by_an_entry(service, sample):
    a = _make(service, sample)
    b = _make(service, sample, party={"name": "髙橋 崎子"})
    pa, pb = parties.party_of_incident(service.store, a), parties.party_of_incident(service.store, b)
    assert pa != pb
    sugg = parties.near_matches(service.store.conn, "髙橋 崎子")
    assert [s["party_id"] for s in sugg] == [pa]
    assert service.store.incident(b).party == {"name": "髙橋 崎子"}  # the name is kept as entered
    parties.merge(service, b, pb, pa, "同一人物と確認（窓口で本人確認）")
    assert parties.party_of_incident(service.store, b) == pa
    assert {c.incident_id for c in parties.history(service.store, pa).incidents} == {a, b}
    assert parties.near_matches(service.store.conn, "髙橋 崎子") == []


def test_unnamed_party_links_by_selection(service, sample):
    a = _make(service, sample)
    b = _make(service, sample, party={"description": "灰色の上着の男性"})
    pa = parties.party_of_incident(service.store, a)
    assert parties.party_of_incident(service.store, b) != pa
    parties.link(service, b, pa, "前回と同じ方")
    assert parties.party_of_incident(service.store, b) == pa


def test_care_visibility(store, people):
    """One rule (access.may_see_care): the person concerned, 人事課, a 課長 of that person's 課."""
    from app.model import access, staff
    d = staff.directory(store)
    clerk = d.active_by_name(people["staff"].name)
    for role, expected in (("staff", True), ("chief", False), ("director", False), ("hr", True),
                           ("section_chief", True), ("general_affairs_director", False)):
        viewer = d.active_by_name(people[role].name)
        assert access.may_see_care(viewer.name, viewer.roles, clerk.name, viewer, clerk) == expected, role
    assert access.may_see_care(clerk.name, clerk.roles, clerk.name, clerk, clerk)
    other = staff.Directory({}).active_by_name("x")
    assert other is None
    from tests.people import person
    foreign = person(store, "section_chief", "区民部/税務課/")
    foreign_chief = staff.directory(store).active_by_name(foreign.name)
    assert not access.may_see_care(foreign_chief.name, foreign_chief.roles, clerk.name, foreign_chief, clerk)


def test_care_task_due_and_private(store, people, sample):
    chief = Service(store, people["section_chief"])
    iid = Service(store, people["staff"]).create_incident(sample)
    ref = care.refer(chief, iid, people["staff"].name, "2025-04-10", "保健師面談の予約（架空）")
    chief.correct(iid, ref.id, {"staff": people["staff"].name, "due": "2025-04-11", "note": "面談日変更（架空）"},
                  "日程変更")
    care.mark_done(chief, iid, ref.id, "2025-04-09T10:00:00+09:00", "面談済み（架空）")
    for words in ("保健師面談", "面談日変更", "面談済み"):  # care words, corrections included, are never found
        assert chief.list_incidents(words) == [], words
    t = care.tasks(chief.entries(iid))[0]
    assert t.due == "2025-04-11" and t.done and t.reminder("2025-04-12") == ""
    for role, sees in (("staff", True), ("chief", False), ("director", False),
                       ("section_chief", True), ("facility_manager", False)):
        svc = Service(store, people[role])
        b = workspace.bundle(svc, iid)
        assert bool(b.care_tasks) == sees and any(i.private for i in b.timeline) == sees, role
        visible = svc.entries(iid)
        private = [e for e in visible if e.kind in care.CARE_KINDS or e.supersedes == ref.id]
        assert len(private) == 3
        assert all((e.payload == {"restricted": True}) != sees for e in private), role


def test_timeline_shows_corrections_beside_the_original_and_exports_csv(service, sample, tmp_path):
    iid = _make(service, sample)
    q = service.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": "ばかやろう"})
    service.correct(iid, q.id, {"at": "2025-04-01T10:02:00+09:00", "text": "馬鹿野郎、=SUM(A1)"}, "聞き違いを訂正")
    items = workspace.timeline(service.entries(iid))
    item = next(i for i in items if i.entry_id == q.id)
    assert "ばかやろう" in item.original and "馬鹿野郎" in item.current
    c = item.corrections[0]
    assert c.reason == "聞き違いを訂正" and ("内容", "ばかやろう", "馬鹿野郎、=SUM(A1)") in c.changes
    assert all(i.kind != "correction" for i in items)
    out = tmp_path / "history.csv"
    workspace.export_csv(items, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "聞き違いを訂正".encode() in raw
    with pytest.raises(StoreExistsError):
        workspace.export_csv(items, out)


def test_escalation_queues(service, sample):
    a = _make(service, sample)
    b = _make(service, sample)
    judge(service, a, J)
    judge(service, b, J)
    service.append(a, "escalation", {"level": "困難", "reason": "同一人物の繰り返し"})
    service.append(b, "escalation", {"level": "困難"})
    service.append(b, "escalation", {"level": "特に困難", "reason": "部を越えた連携が必要"})
    assert [r["id"] for r in workspace.review_queue(service, "困難")] == [a]
    assert [r["id"] for r in workspace.review_queue(service, "特に困難")] == [b]
