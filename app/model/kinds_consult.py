"""相談記録 (issue 16 §1): a worker's consultation with the 相談窓口, sealed to the worker and the 相談窓口.

Joined into the registry by app/model/kinds.py; the building blocks are app/model/kind_fields.py."""
from __future__ import annotations

from app.model.kind_fields import Kind

KINDS: tuple[Kind, ...] = ()
