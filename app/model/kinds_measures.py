"""配慮措置 (issue 16 §2): measures for an affected worker and their follow-ups, restricted like care.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
