"""A rooted organisation (its root key signs the first システム管理者) and counter PCs joined to it."""
from __future__ import annotations

import pytest

from app.model import datadir, signing
from app.model.auth import Authenticator
from app.model.service import Service
from app.model.sync import create_org, join, read_enrollment
from tests.sync.conftest import PASSPHRASE, PC

ROOT_ADMIN = "組織 管理者"
PASSWORD = "correct-horse-7"
CHIEF = ("麻布 課長", ["section_chief"], "区民部/区民課/")
CLERK = ("港 一郎", ["staff"], "区民部/区民課/窓口係")
INCIDENT = {
    "occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面", "place": "1階 区民課窓口",
    "summary": "架空の事例：窓口で大声を出した。", "party": {"name": "架空 太郎"}, "department": "区民部/区民課/窓口係",
    "quotes": [{"at": "2025-04-01T10:01:00+09:00", "text": "架空の発言ですぐ出せと怒鳴った"}],
}


@pytest.fixture
def rooted_enrollment(tmp_path, memory_keyring):
    path = tmp_path / "rooted.enroll"
    create_org(path, PASSPHRASE, {"name": ROOT_ADMIN, "password": PASSWORD, "department": "総務部/情報政策課/"})
    return read_enrollment(path, PASSPHRASE)


@pytest.fixture
def rooted_pc(tmp_path, rooted_enrollment):
    made: list[PC] = []

    def make(name: str, enrollment=None) -> PC:
        created = datadir.init_store(tmp_path / f"pc-{name}")
        pc = PC(name, tmp_path / f"pc-{name}", created.store, join(created.store, enrollment or rooted_enrollment))
        made.append(pc)
        return pc

    yield make
    signing.forget_all()
    for pc in made:
        pc.store.close()


def sign_in(pc: PC, name: str, password: str = PASSWORD) -> Service:
    return Service(pc.store, Authenticator(pc.store).sign_in(name, password))


def add_member(pc: PC, member: tuple) -> None:
    name, roles, dept = member
    sign_in(pc, ROOT_ADMIN).add_staff(name, roles, PASSWORD, dept)
