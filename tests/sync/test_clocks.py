"""5. Clocks set +1 year, −1 year, or jumping back: the final state equals the one with correct clocks,
the anomaly is flagged, and sync never stalls."""
from __future__ import annotations

import time

import app.model.store as store_module
from tests.people import judge
from tests.sync.conftest import INCIDENT, state_hash

YEAR_MS = 365 * 24 * 3600 * 1000


def _scenario(make_pc, share, skew_a: int, skew_b: int, tag: str):
    def clock(skew):
        return lambda: time.time_ns() // 1_000_000 + skew
    a, b = make_pc(f"a{tag}", clock=clock(skew_a)), make_pc(f"b{tag}", clock=clock(skew_b))
    iid = a.svc.create_incident(INCIDENT)
    judge(a.svc, iid, {"result": "経過観察", "rationale": "架空", "at": "2025-04-02T08:00:00+09:00"})
    a.svc.append(iid, "closed", {"at": "2025-04-02T09:00:00+09:00", "outcome": "架空：一度終了", "resolved": False})
    ra = a.sync(share, now_ms=time.time_ns() // 1_000_000 + skew_a)
    rb = b.sync(share, now_ms=time.time_ns() // 1_000_000 + skew_b)
    # b saw a's closing, reopens and closes again with the final outcome: causally later, whatever the clocks say
    b.svc.append(iid, "reopened", {"at": "2025-04-02T09:30:00+09:00", "reason": "架空：追加の申出"})
    b.svc.append(iid, "closed", {"at": "2025-04-02T10:00:00+09:00", "outcome": "架空：最終的に終了", "resolved": True})
    b.svc.append(iid, "note", {"text": "架空の後日談"})
    b.sync(share, now_ms=time.time_ns() // 1_000_000 + skew_b)
    a.sync(share, now_ms=time.time_ns() // 1_000_000 + skew_a)
    views = []
    for pc in (a, b):
        st = pc.store.incident(iid)
        views.append((st.status, st.closed["outcome"], st.needs_review, st.entry_count))
    return a, b, iid, views, ra, rb


def test_skewed_clocks_reach_the_same_state_as_correct_clocks(make_pc, tmp_path):
    shares = {}
    for name in ("ok", "ahead", "behind"):
        shares[name] = tmp_path / f"share-{name}"
        shares[name].mkdir()
    _, _, _, correct, _, _ = _scenario(make_pc, shares["ok"], 0, 0, "ok")
    assert correct[0] == correct[1] == ("closed", "架空：最終的に終了", False, 8)  # 8: the 判断 follows its 合理的配慮の確認
    a, b, iid, ahead, _, rb = _scenario(make_pc, shares["ahead"], YEAR_MS, 0, "ahead")
    assert ahead == correct
    assert any(x["kind"] == "clock_ahead" for x in rb.alerts)  # flagged
    assert b.store.clock.last.wall_ms < time.time_ns() // 1_000_000 + 3600_000  # far future not adopted
    assert state_hash(a.store) == state_hash(b.store)
    a, b, iid, behind, ra, rb = _scenario(make_pc, shares["behind"], -YEAR_MS, 0, "behind")
    assert behind == correct
    assert any(x["kind"] == "clock_behind" for x in rb.alerts)
    assert state_hash(a.store) == state_hash(b.store)


def test_clock_jumping_back_is_flagged_and_never_stalls(make_pc, share, monkeypatch):
    now = [time.time_ns() // 1_000_000]
    a, b = make_pc("a", clock=lambda: now[0]), make_pc("b")
    iid = a.svc.create_incident(INCIDENT)
    wall = ["2025-04-01T10:00:00+09:00"]
    monkeypatch.setattr(store_module, "_now_iso", lambda: wall[0])
    a.svc.append(iid, "note", {"text": "架空：時計が正しいとき"})
    now[0] -= 30 * 24 * 3600 * 1000  # the PC's clock jumps back a month
    wall[0] = "2025-03-01T10:00:00+09:00"
    later = a.svc.append(iid, "note", {"text": "架空：時計が戻ったあと"})
    entries = a.store.entries(iid)
    assert entries[-1].id == later.id  # the HLC keeps the device's order
    a.sync(share)
    report = b.sync(share)
    assert report.imported == 4 and report.rejected == []
    assert any(x["kind"] == "clock_jumped_back" for x in report.alerts)
    assert [e.id for e in b.store.entries(iid)] == [e.id for e in entries]
    stored = b.store.conn.execute("SELECT kind FROM sync_alerts").fetchall()
    assert ("clock_jumped_back",) in stored


def test_a_late_usb_stick_is_not_a_clock_problem(make_pc, share):
    a, b = make_pc("a"), make_pc("b")
    a.svc.create_incident(INCIDENT)
    a.sync(share)
    report = b.sync(share, now_ms=time.time_ns() // 1_000_000 + 20 * 24 * 3600 * 1000)  # read 20 days later
    assert report.imported == 2 and report.alerts == []
