"""Store: append-only, corrections, hash chains, verify, search, bad input."""
from __future__ import annotations

import pytest
import sqlcipher3

from app.model.errors import InputError, NotFoundError
from app.model.store import Store
from app.model.verify import verify


def test_update_and_delete_are_refused(service, store, sample):
    iid = service.create_incident(sample)
    for sql in ("UPDATE entries SET author = 'x'", "DELETE FROM entries"):
        with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
            store.conn.execute(sql)
    assert len(store.entries(iid)) == 2


def test_correction_supersedes_without_rewriting(service, store, sample):
    iid = service.create_incident(sample)
    quote = next(e for e in store.entries(iid) if e.kind == "quote")
    service.correct(iid, quote.id, {"at": quote.payload["at"], "text": "「馬鹿野郎」と怒鳴った"}, "聞き取りの誤り")
    state = service.incident(iid)
    assert [q["text"] for q in state.quotes] == ["「馬鹿野郎」と怒鳴った"]
    assert quote in store.entries(iid)  # the original is still there, unchanged
    with pytest.raises(NotFoundError):
        service.correct(iid, "no-such-entry", {}, "x")


def _raw_edit(store: Store, sql: str, args=()):
    """Edit behind the API's back, with the key: drop the trigger, change, put it back."""
    c = store.conn
    c.execute("DROP TRIGGER entries_no_update")
    c.execute("DROP TRIGGER entries_no_delete")
    c.execute(sql, args)


def test_verify_detects_edited_entry(service, store, sample):
    iid = service.create_incident(sample)
    service.append(iid, "stop_request", {"at": "2025-04-01T10:05:00+09:00"})
    assert verify(store)["ok"]
    target = store.entries(iid)[1]
    _raw_edit(store, "UPDATE entries SET payload = ? WHERE id = ?", ('{"text":"改ざん"}', target.id))
    report = verify(store)
    assert not report["ok"]
    assert any(p["check"] == "entry_hash" and p["entry"] == target.id for p in report["problems"])


@pytest.mark.parametrize("which", ["middle", "last"])
def test_verify_detects_removed_entry(service, store, sample, which):
    iid = service.create_incident(sample)
    for n in range(3):
        service.append(iid, "leave_request", {"at": f"2025-04-01T10:0{n}:00+09:00", "by": "港 一郎"})
    entries = store.entries(iid)
    victim = entries[2] if which == "middle" else entries[-1]
    _raw_edit(store, "DELETE FROM entries WHERE id = ?", (victim.id,))
    report = verify(store)
    assert not report["ok"]
    assert {p["check"] for p in report["problems"]} & {"chain_gap", "chain_head", "chain_link"}


def test_trigram_search_finds_words_inside_quotes(service, store, sample):
    iid = service.create_incident(sample)
    other = dict(sample, summary="穏やかな問い合わせ", quotes=[], party={"description": "電話の男性"})
    service.create_incident(other)
    assert [r["id"] for r in store.list_incidents("土下座")] == [iid]
    assert [r["id"] for r in store.list_incidents("﨑子")] == [iid]  # two characters: LIKE fallback
    assert store.count_incidents("電話の男性") == 1
    assert store.list_incidents('"; DROP TABLE entries; --') == []
    assert store.count_incidents("") == 2
    service.append(iid, "note", {"text": "後日、出入禁止を検討"})
    assert store.count_incidents("出入禁止") == 1


def test_entries_have_uuid7_hlc_and_chain(service, store, sample):
    iid = service.create_incident(sample)
    es = store.entries(iid)
    assert all(e.id[14] == "7" for e in es)
    assert es[0].hlc < es[1].hlc
    assert es[1].prev_hash == es[0].hash
    assert es[1].seq == es[0].seq + 1  # one device chain, no gap


BAD = [
    ({"channel": 5}, "occurred_at"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": 5}, "channel"),
    ({"occurred_at": "yesterday", "channel": "対面"}, "occurred_at"),
    ({"occurred_at": "2025-04-01T10:00:00", "channel": "対面"}, "occurred_at"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "FAX"}, "channel"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "summary": "x" * 1_000_000}, "summary"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "summary": "a\x00b"}, "summary"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "summary": "a\x1bb"}, "summary"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "summary": "a\ud800b"}, "summary"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "party": "髙橋"}, "party"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "party": {"nam": "x"}}, "party.nam"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "staff": "港"}, "staff"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "staff": [1]}, "staff[0]"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "behaviours": ["怒鳴った"]}, "behaviours[0]"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "quotes": [{"text": "x"}]}, "quotes[0].at"),
    ({"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "quotes": {"text": "x"}}, "quotes"),
    ([1, 2], ""),
    ("just a string", ""),
]


@pytest.mark.parametrize("data,field", BAD)
def test_bad_input_names_the_field_and_stores_nothing(service, store, data, field):
    with pytest.raises(InputError) as info:
        service.create_incident(data)
    assert field in (info.value.field or "") or field in info.value.en
    assert store.count_incidents() == 0


HARD_NAMES = ["葛\U000E0100飾 花子", "﨑山 太郎", "𠮷田 一", "髙橋 﨑子", "辻\U000E0100 次郎", "神\uFA19", "😀 絵文字",
              "O'Brien; DROP TABLE entries;--", "100% _x_", "  前後に空白  ", "改行\nあり", "ｶﾀｶﾅ半角", "①②③"]


@pytest.mark.parametrize("name", HARD_NAMES)
def test_names_round_trip_exactly(service, store, sample, name):
    sample["party"] = {"name": name}
    sample["staff"] = [name]
    sample["quotes"] = [{"at": "2025-04-01T10:01:00+09:00", "text": name}]
    iid = service.create_incident(sample)
    state = service.incident(iid)
    assert state.party["name"] == name
    assert state.staff == [name]
    assert state.quotes[0]["text"] == name
    assert store.list_incidents()[0]["party_label"] == name


def test_long_text_round_trips(service, sample):
    long = "長い経緯の記録。" * 18_000  # 144k characters, under the limit
    sample["summary"] = long
    assert service.incident(service.create_incident(sample)).summary == long
