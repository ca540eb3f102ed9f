"""Who is acting: a signed-in member of staff, the counter PC itself (emergency capture), or bootstrap."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model.permissions import BOOTSTRAP, PC

STAFF, DEVICE, SETUP = "staff", "device", "bootstrap"


@dataclass(frozen=True)
class Department:
    """所属: 部・課・係 (any part may be empty)."""
    bu: str = ""
    ka: str = ""
    kakari: str = ""

    @classmethod
    def parse(cls, text: str | None) -> "Department":
        parts = [p.strip() for p in (text or "").replace("・", "/").split("/")]
        parts += [""] * (3 - len(parts))
        return cls(*parts[:3])

    @classmethod
    def from_dict(cls, d: dict | None) -> "Department":
        d = d or {}
        return cls(d.get("bu", ""), d.get("ka", ""), d.get("kakari", ""))

    def to_dict(self) -> dict:
        return {"bu": self.bu, "ka": self.ka, "kakari": self.kakari}

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.bu, self.ka, self.kakari) if p)


@dataclass(frozen=True)
class Actor:
    """The authenticated actor handed to the Service. Roles of staff are re-read from the directory by the
    Service on every check, so a role removed elsewhere takes effect at once."""
    name: str
    roles: frozenset = field(default_factory=frozenset)
    department: Department = field(default_factory=Department)
    staff_id: str = ""
    kind: str = STAFF
    device_id: str = ""

    @classmethod
    def device(cls, device_id: str) -> "Actor":
        return cls(name=f"PC:{device_id}", roles=frozenset({PC}), kind=DEVICE, device_id=device_id)

    @classmethod
    def bootstrap(cls) -> "Actor":
        return cls(name="setup", roles=frozenset({BOOTSTRAP}), kind=SETUP)

    @property
    def author(self) -> str:
        """What goes into an entry's ``author``: the staff name, or ``PC:<device>``."""
        return self.name

    @property
    def is_staff(self) -> bool:
        return self.kind == STAFF
