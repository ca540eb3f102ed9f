"""Fictional staff for tests: one person per role, plus the first システム管理者."""
from __future__ import annotations

from app.model.actor import Actor
from app.model.auth import Authenticator
from app.model.service import Service

PASSWORD = "correct-horse-7"
ADMIN = "管理 太郎"
PEOPLE = {  # role -> (name, 所属)
    "staff": ("港 一郎", "区民部/区民課/窓口係"),
    "chief": ("芝 係長", "区民部/区民課/窓口係"),
    "section_chief": ("麻布 課長", "区民部/区民課/"),
    "director": ("赤坂 部長", "区民部//"),
    "general_affairs_director": ("高輪 総務部長", "総務部//"),
    "facility_manager": ("芝浦 管理者", "総務部/総務課/"),
    "hr": ("台場 人事", "総務部/人事課/"),
    "sysadmin": (ADMIN, "総務部/情報政策課/"),
}


def add_people(store) -> dict[str, Actor]:
    """Bootstrap the admin, add one member per role; return role -> signed-in Actor."""
    Service(store, Actor.bootstrap()).add_staff(ADMIN, ["sysadmin"], PASSWORD, PEOPLE["sysadmin"][1])
    admin = Authenticator(store).sign_in(ADMIN, PASSWORD)
    svc = Service(store, admin)
    for role, (name, dept) in PEOPLE.items():
        if role != "sysadmin":
            svc.add_staff(name, [role], PASSWORD, dept)
    auth = Authenticator(store)
    return {role: auth.sign_in(name, PASSWORD) for role, (name, _) in PEOPLE.items()}


MULTI = "兼務 花子"  # one fictional person holding several roles (the directory allows that)
MULTI_ROLES = ["staff", "chief", "section_chief", "director", "general_affairs_director", "facility_manager", "hr"]


def multi_role(store):
    """Add (once) and sign in a member holding every incident-handling role, for tests about other things
    than permissions (those are tested in tests/access)."""
    from app.model import staff
    if staff.directory(store).active_by_name(MULTI) is None:
        admin = Authenticator(store).sign_in(ADMIN, PASSWORD)
        Service(store, admin).add_staff(MULTI, MULTI_ROLES, PASSWORD, "区民部/区民課/窓口係")
    return Authenticator(store).sign_in(MULTI, PASSWORD)


def person(store, role: str, department: str):
    """Add (once) and sign in a member holding ``role`` in ``department`` (the 課 whose cases they decide)."""
    from app.model import staff
    name = f"{department.replace('/', '')} {role}"
    if staff.directory(store).active_by_name(name) is None:
        admin = Authenticator(store).sign_in(ADMIN, PASSWORD)
        Service(store, admin).add_staff(name, [role], PASSWORD, department)
    return Authenticator(store).sign_in(name, PASSWORD)


def judgement(result: str = "該当", rationale: str = "架空の理由", at: str = "2025-04-01T10:30:00+09:00") -> dict:
    """A judgement the edition accepts: 該当 needs ①②③ all and at least one of the three points."""
    extra = {"definition": ["d1", "d2", "d3"], "manner": ["manner_abusive"]} if result == "該当" else {}
    return {"result": result, "rationale": rationale, "at": at, **extra}


NO_CHECK = {"needs_accommodation": False, "harm_to_life_or_health": False}
"""A 合理的配慮の確認 answered いいえ twice: what every 判断 and 対応中止 follows at the door."""


def judge(svc, incident_id: str, payload: dict, kind: str = "judgement", check: dict | None = None):
    """Record a 判断 (or, with ``kind``, a 対応中止) the way the wizard page does: the 合理的配慮の確認 first,
    in one transaction; returns the decision's entry."""
    return svc.decide_with_check(incident_id, kind, payload, NO_CHECK if check is None else check)[-1]
