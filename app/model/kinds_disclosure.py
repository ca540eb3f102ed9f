"""本人開示・訂正の請求 (issue 17 §3): the request, its 30-day clock, extension, decision and 訂正請求.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
