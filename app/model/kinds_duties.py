"""再発防止・事例検証 and 研修・周知 (issue 16 §3, §4): the registers' kinds.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
