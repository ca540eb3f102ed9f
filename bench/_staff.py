"""Signed-in fictional staff for the benches, through the public model API only (Service, Authenticator).

A Service needs an authenticated Actor: the first システム管理者 is created in bootstrap mode, then the
member the bench acts as, then that member signs in (production argon2id parameters, so a sign-in costs a
fraction of a second; benches do it once, outside anything they time).
"""
from __future__ import annotations

from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.service import Service

PASSWORD = "bench-pass-7"  # fictional, only ever in throw-away stores
ADMIN = ("ベンチ 管理者", "総務部/情報政策課/")
CLERK = ("港 一郎", "区民部/区民課/窓口係")  # the author of the entries the benches write in bulk


def signed_in(store, name: str = CLERK[0], roles: tuple[str, ...] = ("staff",),
              department: str = CLERK[1]) -> Actor:
    """Make sure the store has the admin and ``name`` with ``roles``; return ``name`` signed in."""
    from app.model import staff
    directory = staff.directory(store)
    if directory.empty:
        Service(store, Actor.bootstrap()).add_staff(ADMIN[0], ["sysadmin"], PASSWORD, ADMIN[1])
    if staff.directory(store).active_by_name(name) is None:
        admin = Authenticator(store).sign_in(ADMIN[0], PASSWORD)
        Service(store, admin).add_staff(name, list(roles), PASSWORD, department)
    return Authenticator(store).sign_in(name, PASSWORD)
