"""7. Property: whatever the delivery order, duplicates, or path (share or USB relay), all PCs reach the
same state hash."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import datadir
from app.model.sync import create_org, join_org, read_enrollment, relay
from app.model.errors import InputError
from tests.people import judge, judgement
from tests.sync.conftest import INCIDENT, PASSPHRASE, PC, state_hash

OPS = st.lists(st.tuples(st.sampled_from(["create", "note", "close", "judge", "resolve", "sync_share",
                                          "sync_usb", "relay_to_usb", "relay_to_share"]),
                         st.integers(0, 2), st.integers(0, 2 ** 16)), min_size=4, max_size=28)


def _pcs(root: Path, enrollment) -> list[PC]:
    out = []
    for name in "abc":
        created = datadir.init_store(root / f"pc-{name}")
        out.append(PC(name, root / f"pc-{name}", created.store, join_org(created.store, enrollment)))
    return out


def _act(pc: PC, op: str, r: random.Random) -> None:
    """One person's action; one the door refuses now (closing before a judgement, judging a judged case) is
    simply not taken, as at a real counter."""
    try:
        _try(pc, op, r)
    except InputError:
        pass


def _try(pc: PC, op: str, r: random.Random) -> None:
    incidents = [row["id"] for row in pc.store.list_incidents(limit=1000)]
    if op == "create" or not incidents:
        pc.svc.create_incident(INCIDENT)
        return
    iid = r.choice(sorted(incidents))
    if op == "note":
        pc.svc.append(iid, "note", {"text": f"架空の追記 {r.randrange(100)}"})
    elif op == "close":
        pc.svc.append(iid, "closed", {"at": "2025-04-02T09:00:00+09:00", "outcome": f"架空 {pc.name}",
                                      "resolved": r.random() < 0.5})
    elif op == "judge":
        judge(pc.svc, iid, judgement(r.choice(["該当", "非該当", "経過観察"]), "架空"))
    elif op == "resolve":
        st_ = pc.store.incident(iid)
        if st_.conflicts:
            c = st_.conflicts[0]
            pc.svc.append(iid, "conflict_resolved", {"field": c["field"], "chosen": r.choice(c["entries"]),
                                                     "reason": "架空の確認"})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(ops=OPS)
def test_all_pcs_converge(memory_keyring, ops):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        create_org(root / "org.enroll", PASSPHRASE)
        pcs = _pcs(root, read_enrollment(root / "org.enroll", PASSPHRASE))
        share, usb = root / "share", root / "usb"
        share.mkdir()
        usb.mkdir()
        try:
            for op, who, seed in ops:
                r = random.Random(seed)
                pc = pcs[who]
                if op == "sync_share":
                    pc.sync(share)
                elif op == "sync_usb":
                    pc.sync(usb, publish_own=r.random() < 0.5)
                elif op == "relay_to_usb":
                    relay(share, usb, only=lambda rel: r.random() < 0.5)
                elif op == "relay_to_share":
                    relay(usb, share, only=lambda rel: r.random() < 0.5)
                else:
                    _act(pc, op, r)
            for _ in range(2):
                for pc in pcs:
                    report = pc.sync(share)
                    assert report.rejected == [] and report.problems == []
            hashes = {state_hash(pc.store) for pc in pcs}
            assert len(hashes) == 1
            assert all(pc.sync(share).imported == 0 for pc in pcs)
            assert all(pc.store.conn.execute("SELECT count(*) FROM sync_held").fetchone()[0] == 0 for pc in pcs)
        finally:
            for pc in pcs:
                pc.store.close()
