"""Lock-out counts each attempt before checking it, atomically across processes; a PIN never wraps a key."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.model import auth, personkey, signing, staff
from app.model.auth import Authenticator, LockedOut
from app.model.errors import PermissionDenied
from app.model.service import Service
from tests.people import PASSWORD, PEOPLE

GUESS = """
import sys
from app.model.store import Store
from app.model.auth import Authenticator
store = Store.open(sys.argv[1], bytes.fromhex(sys.argv[2]))
try:
    Authenticator(store, channel="cli").sign_in(sys.argv[3], sys.argv[4])
    print("signed_in")
except Exception as exc:
    print(type(exc).__name__)
"""


def test_sixteen_parallel_wrong_passwords_then_the_right_one_is_refused(store, people):
    name = PEOPLE["staff"][0]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    procs = [subprocess.Popen([sys.executable, "-c", GUESS, str(store.path), store._key.hex(), name,
                               f"wrong-guess-{i:02d}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              text=True) for i in range(16)]
    outcomes = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert "signed_in" not in outcomes
    assert set(outcomes) <= {"PermissionDenied", "LockedOut"}
    assert outcomes.count("PermissionDenied") == auth.FREE_ATTEMPTS  # only that many were ever checked
    with pytest.raises(LockedOut):
        Authenticator(store).sign_in(name, PASSWORD)
    failures = json.loads(store.meta(Authenticator(store)._key(name)))
    assert failures["count"] == auth.FREE_ATTEMPTS


def test_a_pin_signs_in_but_never_wraps_a_key(store, people):
    admin = Service(store, people["sysadmin"])
    admin.add_staff("暗証 花子", ["staff"], "482913", "区民部/区民課/窓口係")
    member = staff.directory(store).active_by_name("暗証 花子")
    assert member.key is None and member.password_hash.startswith("$argon2id$")
    with pytest.raises(ValueError):
        personkey.new_record(member.staff_id, "482913")
    signing.forget_all()
    actor = Authenticator(store).sign_in("暗証 花子", "482913")
    iid = Service(store, actor).create_incident({"summary": "架空のPINでの記録", "channel": "対面",
                                                 "occurred_at": "2025-04-01T10:00:00+09:00"})
    created = store.entries(iid)[0]
    assert signing.signer_of(created) is None  # nothing signs for a PIN alone


def test_a_password_unwraps_the_key_and_a_wrong_one_does_not(store, people):
    member = staff.directory(store).active_by_name(PEOPLE["chief"][0])
    key = personkey.unwrap(member.staff_id, member.key, PASSWORD)
    assert key is not None and key.staff_id == member.staff_id
    assert personkey.unwrap(member.staff_id, member.key, PASSWORD + "x") is None
    other = staff.directory(store).active_by_name(PEOPLE["staff"][0])
    assert personkey.unwrap(other.staff_id, member.key, PASSWORD) is None  # bound to its member
    with pytest.raises(PermissionDenied):
        Authenticator(store).sign_in(PEOPLE["chief"][0], "not-the-password")
