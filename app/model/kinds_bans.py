"""出入禁止 with a life cycle (issue 16 §5, §7): the 合理的配慮 check, the 課長's decision, the 部長's approval, renewal.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
