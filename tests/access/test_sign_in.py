"""Sign-in with argon2id, lock-out with a growing delay (fake clock), sessions that lock when idle."""
from __future__ import annotations

import pytest

from app.model import auth, staff
from app.model.actor import Actor
from app.model.auth import Authenticator, LockedOut
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service
from app.model.session import Session
from tests.people import PASSWORD, PEOPLE


class FakeClock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def test_password_wraps_the_members_key_with_argon2id_never_in_clear(store, people):
    entries = store.entries(staff.STAFF_STREAM)
    records = [e.payload["key"] for e in entries if e.kind == "staff_password_set"]
    assert records and all(r["kdf"]["name"] == "argon2id" and "hash" not in r for r in records)
    assert all(PASSWORD not in repr(e.payload) for e in entries)


def test_lockout_grows_and_clears(store, people):
    clock = FakeClock()
    a = Authenticator(store, clock=clock)
    name = PEOPLE["staff"][0]
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(PermissionDenied) as info:
            a.sign_in(name, "wrong-password")
        assert not isinstance(info.value, LockedOut)
    with pytest.raises(LockedOut) as info:  # even the right password waits
        a.sign_in(name, PASSWORD)
    assert info.value.seconds == pytest.approx(auth.BASE_DELAY)
    clock.advance(auth.BASE_DELAY)
    with pytest.raises(PermissionDenied):
        a.sign_in(name, "wrong-again")
    assert a.wait_seconds(name) == pytest.approx(auth.BASE_DELAY * 2)  # doubled
    clock.advance(auth.BASE_DELAY * 2 - 1)
    with pytest.raises(LockedOut):
        a.sign_in(name, PASSWORD)
    clock.advance(1)
    assert a.sign_in(name, PASSWORD).name == name
    assert a.wait_seconds(name) == 0
    actions = [e.payload["action"] for e in store.entries("audit-trail")]
    assert actions.count("sign_in_failed") == 4 and actions.count("locked_out") == 2


def test_delay_is_capped():
    assert auth.delay_after(2) == 0
    assert auth.delay_after(100) == auth.MAX_DELAY


def test_unknown_name_and_deactivated_staff_cannot_sign_in(store, people):
    a = Authenticator(store)
    with pytest.raises(PermissionDenied):
        a.sign_in("存在しない 職員", PASSWORD)
    Service(store, people["sysadmin"]).deactivate_staff(PEOPLE["hr"][0])
    with pytest.raises(PermissionDenied):
        a.sign_in(PEOPLE["hr"][0], PASSWORD)
    failed = [e for e in store.entries("audit-trail") if e.payload["action"] == "sign_in_failed"]
    assert all("存在しない" not in e.payload.get("staff_id", "") for e in failed)  # typed names not logged


def test_short_pins_are_refused_and_pins_work(store, people):
    admin = Service(store, people["sysadmin"])
    with pytest.raises(InputError):
        admin.add_staff("短い PIN", ["staff"], "1234")
    admin.add_staff("長い PIN", ["staff"], "482913")
    assert Authenticator(store).sign_in("長い PIN", "482913").roles == frozenset({"staff"})


def test_bootstrap_only_creates_the_first_sysadmin(tmp_path, memory_keyring):
    from app.model import datadir
    store = datadir.init_store(tmp_path / "d").store
    boot = Service(store, Actor.bootstrap())
    with pytest.raises(PermissionDenied):
        boot.list_incidents()
    with pytest.raises(InputError):
        boot.add_staff("職員 だけ", ["staff"], PASSWORD)
    boot.add_staff("最初の 管理者", ["sysadmin"], PASSWORD)
    with pytest.raises(PermissionDenied):  # once staff exist, bootstrap is over
        boot.add_staff("二人目", ["sysadmin"], PASSWORD)
    assert store.count_incidents() == 0  # the staff stream is not an incident
    store.close()


def test_session_locks_when_idle_and_per_shift(people):
    clock = FakeClock()
    s = Session(people["staff"], clock=clock, idle_seconds=180, shift_seconds=3600)
    clock.advance(179)
    assert not s.check()
    s.touch()
    clock.advance(179)
    assert not s.check()
    clock.advance(1)
    assert s.check()
    s.touch()  # input while locked does not unlock
    assert s.locked
    assert not s.unlock(people["chief"])  # another person cannot take over this session
    assert s.unlock(people["staff"]) and not s.locked
    clock.advance(3600)
    assert s.check() and not s.unlock(people["staff"])  # shift over: sign in anew
