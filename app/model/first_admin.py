"""The first システム管理者 of a new store (``init --admin-user`` and the GUI's first start)."""
from __future__ import annotations

from app.model.actor import Actor
from app.model.service import Service


def create_first_admin(store, name: str, password: str, department: str = "", channel: str = "cli") -> str:
    """Created in bootstrap mode (a store without staff allows nothing else); returns the staff id."""
    return Service(store, Actor.bootstrap(), channel=channel).add_staff(name, ["sysadmin"], password, department)
