"""法律相談, tracked (issue 16 §6): 依頼書 → 調整済み → 実施 → 報告書.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
