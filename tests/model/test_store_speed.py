"""Speed at ward scale (issue 18), as behaviour rather than timers: opening a store reads nothing in proportion
to its size, an append of a plain fact does not read the incident back, what it folds in equals a full
re-derivation, and the 1–2 character index finds what a scan finds."""
from __future__ import annotations

import os

import pytest

from app.model import case_index, db, search
from app.model.projection import project
from app.model.service import Service
from app.model.store import Store
from tests.people import NO_CHECK, judgement, multi_role

CLERK = "港 一郎"


def _fill(store: Store, incidents: int, per: int = 5) -> None:
    batch = []
    for i in range(incidents):
        iid = f"0190{i:08d}-0000-7000-8000-000000000000"
        batch.append((iid, "incident_created", {"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面",
                                                "summary": f"窓口で大声（架空の事例{i}）"}, CLERK, None))
        batch += [(iid, "quote", {"at": "2025-04-01T10:01:00+09:00", "text": f"いつまで待たせるんだ{n}"},
                   CLERK, None) for n in range(per - 1)]
    store.append_many(batch)


def _steps_to_open(tmp_path, name: str, incidents: int) -> int:
    """SQLite virtual-machine steps (progress handler, every instruction) spent in Store(…) on a store of
    ``incidents`` incidents, each of five entries of this device."""
    key = os.urandom(32)
    path = tmp_path / f"{name}.db"
    store = Store.create(path, key)
    _fill(store, incidents)
    store.close()
    conn = db.connect_existing(path, key)
    steps = [0]

    def count():
        steps[0] += 1
        return 0
    conn.set_progress_handler(count, 1)
    opened = Store(conn, path, key=key)
    conn.set_progress_handler(None, 1)
    assert opened.clock.last.wall_ms > 0  # the clock starts after this device's last entry
    opened.close()
    return steps[0]


def test_opening_a_store_reads_nothing_in_proportion_to_its_size(tmp_path):
    small = _steps_to_open(tmp_path, "small", 20)
    large = _steps_to_open(tmp_path, "large", 2000)  # 100× the entries of the same device
    # max(hlc) over the device's entries took ~10 steps per entry (10,000 → 100,000 here); an index look-up
    # takes the same few dozen whatever the size
    assert large <= small + 20, (small, large)


def test_the_clock_resumes_after_the_last_entry_of_this_device(tmp_path):
    key = os.urandom(32)
    store = Store.create(tmp_path / "c.db", key)
    _fill(store, 3)
    last = max(e.hlc for e in store.entries_since(store.device_id, 0))
    store.close()
    again = Store.open(tmp_path / "c.db", key)
    assert again.clock.last.encode() == last
    e = again.append("0190" + "0" * 8 + "-0000-7000-8000-000000000000", "quote",
                     {"at": "2025-04-01T10:02:00+09:00", "text": "次の発言"}, CLERK)
    assert e.hlc > last
    again.close()


@pytest.fixture
def worker(store, people):
    return Service(store, multi_role(store))


def _statements(store: Store, action) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store.conn.set_trace_callback(None)
    return seen


def _reads_of_incident(statements: list[str], iid: str) -> list[str]:
    return [s for s in statements if "FROM entries" in s and f"'{iid}'" in s]


def test_a_plain_fact_is_folded_in_without_reading_the_incident(worker, store, sample):
    iid = worker.create_incident(sample)
    for n in range(30):
        worker.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": f"発言{n}"})
    for kind, payload in (("quote", {"at": "2025-04-01T10:03:00+09:00", "text": "帰らないぞ"}),
                          ("leave_request", {"at": "2025-04-01T10:04:00+09:00", "by": CLERK}),
                          ("stop_request", {"at": "2025-04-01T10:04:30+09:00", "phrase": "おやめください"})):
        statements = _statements(store, lambda: worker.append(iid, kind, payload))
        assert _reads_of_incident(statements, iid) == [], (kind, statements)
        assert not any("INSERT OR REPLACE INTO incidents" in s for s in statements)
    # a correction is not a plain fact: the incident is derived again from all its entries
    quote = next(e for e in store.entries(iid) if e.kind == "quote")
    statements = _statements(store, lambda: worker.correct(iid, quote.id, {"at": quote.payload["at"],
                                                                            "text": "直した発言"}, "聞き誤り"))
    assert _reads_of_incident(statements, iid)


def _row(store: Store, iid: str) -> dict:
    names = ("updated_hlc", "occurred_at", "channel", "department", "summary", "party_label", "status",
             "entry_count", "needs_review", "ws_stage", "ws_behaviours", "ws_judgement", "ws_needs_check",
             "ws_resolved", "ws_escalation", "ws_party_id")
    values = store.conn.execute(f"SELECT {', '.join(names)} FROM incidents WHERE id = ?", (iid,)).fetchone()
    return dict(zip(names, values))


def _derived(store: Store, iid: str) -> dict:
    """The list row as a full re-derivation from every entry gives it."""
    entries = store.entries(iid)
    state = project(iid, entries)
    ix = case_index.index_row(iid, entries)
    return {"updated_hlc": entries[-1].hlc, "occurred_at": state.occurred_at or None, "channel": state.channel,
            "department": state.department, "summary": state.summary, "party_label": state.party_label,
            "status": state.status, "entry_count": state.entry_count, "needs_review": int(state.needs_review),
            "ws_stage": ix.stage, "ws_behaviours": ix.behaviours, "ws_judgement": ix.judgement_result,
            "ws_needs_check": ix.needs_check, "ws_resolved": ix.resolved, "ws_escalation": ix.escalation_level,
            "ws_party_id": ix.party_id}


def test_what_is_folded_in_equals_a_full_derivation(worker, store, sample):
    sample.pop("behaviours")
    iid = worker.create_incident(sample)
    at = "2025-04-01T10:05:00+09:00"
    steps = [("quote", {"at": at, "text": "ふざけるな"}),
             ("behaviour_observed", {"at": at, "behaviour": "暴言、侮辱及び誹謗中傷"}),   # the behaviours change
             ("stop_request", {"at": at, "phrase": "おやめください"}),                    # the stage changes
             ("leave_request", {"at": at, "by": CLERK}),
             ("note", {"at": at, "text": "窓口で座り込んだ"}),
             ("police_call", {"at": at, "reason": "退去しないため"}),
             ("accommodation_check", dict(NO_CHECK, about="judgement")),
             ("judgement", judgement("該当", "繰り返しの暴言")),                          # a register: derived again
             ("quote", {"at": at, "text": "また来るからな"}),
             ("escalation", {"level": "困難", "reason": "繰り返し来庁"}),
             ("leave_request", {"at": at, "by": CLERK})]
    for kind, payload in steps:
        worker.append(iid, kind, payload)
        assert _row(store, iid) == _derived(store, iid), kind


def test_a_write_through_another_connection_is_not_hidden_by_the_fold(worker, store, sample):
    iid = worker.create_incident(sample)
    worker.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": "一つ目"})
    other = store.reopen()
    try:
        Service(other, worker.actor).append(iid, "leave_request", {"at": "2025-04-01T10:03:00+09:00", "by": CLERK})
    finally:
        other.close()
    worker.append(iid, "leave_request", {"at": "2025-04-01T10:04:00+09:00", "by": CLERK})
    assert _row(store, iid) == _derived(store, iid)
    assert _row(store, iid)["entry_count"] == len(store.entries(iid))


def test_a_rolled_back_append_leaves_no_trace_in_the_fold(worker, store, sample):
    iid = worker.create_incident(sample)
    worker.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": "一つ目"})
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.append_many_in_transaction([(iid, "quote", {"at": "2025-04-01T10:02:30+09:00", "text": "消える"},
                                               CLERK, None)])
            raise RuntimeError("power cut")
    worker.append(iid, "quote", {"at": "2025-04-01T10:03:00+09:00", "text": "二つ目"})
    assert _row(store, iid) == _derived(store, iid)
    assert store.count_incidents("消える") == 0 and store.count_incidents("二つ目") == 1


def _like(store: Store, text: str) -> set[str]:
    """What a scan of the search documents finds (the way short texts were searched before m0007)."""
    pattern = search.like_pattern(text)
    return {r[0] for r in store.conn.execute(
        "SELECT DISTINCT incident_id FROM incident_search WHERE body LIKE ? ESCAPE '\\'", (pattern,))}


def test_one_and_two_characters_are_found_through_the_index_as_a_scan_finds_them(worker, store, sample):
    texts = ["土下座しろ", "馬鹿野郎！", "区長に会わせろ", "SNSに投稿", "100%返金しろ", "ｶﾀｶﾅ_と記号"]
    ids = []
    for n, text in enumerate(texts):
        iid = worker.create_incident({**sample, "summary": f"事例{n}", "quotes": []})
        worker.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": text})
        ids.append(iid)
    queries = ["土", "土下", "馬鹿", "！", "郎！", "sn", "SNS", "%", "0%", "_", "ｶﾀ", "座し", "ろ", "会わ", "例1", "無い"]
    for q in queries:
        found = {r["id"] for r in store.list_incidents(q)}
        assert found == _like(store, q), q
        assert store.count_incidents(q) == len(found), q
    statements = _statements(store, lambda: store.list_incidents("土下"))
    assert not any("LIKE" in s for s in statements)
    assert {r["id"] for r in store.list_incidents("土下")} == {ids[0]}


def test_a_schema6_store_keeps_its_search_after_m0007(tmp_path):
    key = os.urandom(32)
    old = Store.create(tmp_path / "six.db", key, schema_version=6)
    _fill(old, 30)
    iid = "0190" + f"{7:08d}" + "-0000-7000-8000-000000000000"
    old.append(iid, "quote", {"at": "2025-04-01T10:03:00+09:00", "text": "土下座しろ"}, CLERK)  # a rewritten document
    expected = {q: {r["id"] for r in old.list_incidents(q, limit=100)} for q in ("土下座", "土下", "事例2", "例1")}
    old.close()
    store = Store.open(tmp_path / "six.db", key)
    assert store._schema_version() == 7
    for q, ids in expected.items():
        assert {r["id"] for r in store.list_incidents(q, limit=100)} == ids, q
        assert store.count_incidents(q) == len(ids), q
    assert expected["土下座"] == {iid} and len(expected["事例2"]) == 1 + 10  # 事例2, 事例20 … 事例29
    store.append(iid, "quote", {"at": "2025-04-01T10:04:00+09:00", "text": "区長を出せ"}, CLERK)
    store.append(iid, "quote", {"at": "2025-04-01T10:05:00+09:00", "text": "区長に会わせろ"}, CLERK)
    assert [r["id"] for r in store.list_incidents("区長")] == [iid] and store.count_incidents("区長") == 1
    assert [r["id"] for r in store.list_incidents("土下座")] == [iid]
    store.close()


def test_a_page_counts_and_lists_as_count_and_list_do(worker, store, sample):
    ids = [worker.create_incident({**sample, "summary": f"大声の事例{n}", "quotes": []}) for n in range(12)]
    for iid in ids[:9]:
        worker.append(iid, "quote", {"at": "2025-04-01T10:02:00+09:00", "text": "いつまで待たせるんだ"})
    for query in ("待たせる", "待た", "事例1", "", "無い言葉"):
        for limit, offset in ((5, 0), (5, 5), (200, 0)):  # many matches are read in the list's order
            total, rows = store.page(query, limit=limit, offset=offset)
            assert total == store.count_incidents(query)
            assert rows == store.list_incidents(query, limit=limit, offset=offset)
            everything = store.list_incidents(query, limit=1000)
            assert [r["id"] for r in rows] == [r["id"] for r in everything][offset:offset + limit], query
    assert store.page("待たせる")[0] == 9


def test_validated_json_records_exactly_the_bundled_editions_as_they_validate():
    """Start-up skips jsonschema for a bundled edition whose digest the suite recorded; regenerate with
    ``python -m app.model.manual`` after editing an edition or the schema."""
    from app.model import manual
    import json
    recorded = json.loads((manual.manual_dir() / manual.VALIDATED_NAME).read_text(encoding="utf-8"))
    assert recorded == manual.record_validated()


def test_an_edition_not_recorded_is_still_validated(tmp_path, monkeypatch):
    from app.model import manual
    source = manual.manual_dir() / "minato-r7-04.json"
    changed = tmp_path / "changed.json"
    changed.write_bytes(source.read_bytes().replace(b'"edition_id"', b'"edition_idx"', 1))
    calls = []
    real = manual.validate_data
    monkeypatch.setattr(manual, "validate_data", lambda data, src="": (calls.append(src), real(data, src)))
    with pytest.raises(manual.ManualError):
        manual.load_edition(changed)
    assert calls == ["changed.json"]
    calls.clear()
    manual._load.cache_clear()
    try:
        manual.load_edition(source)  # recorded: not validated again
    finally:
        manual._load.cache_clear()
    assert calls == []
