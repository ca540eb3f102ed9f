"""Which fields a document needs before it is issued, declared once beside each document's fields.

A document's fields dataclass marks a field with :func:`need` (its Japanese label in the metadata); the
issuing door (app/export/issue.py) refuses a document with one of them empty, naming it. Drafts are never
refused. ``required_fields(kind)`` lists them for the dialog and the docs.
"""
from __future__ import annotations

import dataclasses
from typing import Any


def need(label: str, default: Any = dataclasses.MISSING, default_factory: Any = dataclasses.MISSING):
    """A dataclass field that must be filled before issuing."""
    kw = {"metadata": {"required": True, "label": label}}
    if default is not dataclasses.MISSING:
        kw["default"] = default
    if default_factory is not dataclasses.MISSING:
        kw["default_factory"] = default_factory
    return dataclasses.field(**kw)


def required(cls) -> list[tuple[str, str]]:
    """(field name, label) of the fields ``cls`` needs before issuing, in declaration order."""
    return [(f.name, f.metadata["label"]) for f in dataclasses.fields(cls) if f.metadata.get("required")]


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip("\u3000")
    if isinstance(value, (list, tuple, set, dict)):
        return not value or all(_empty(v) for v in value)
    if dataclasses.is_dataclass(value):
        return all(_empty(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def missing(fields) -> list[tuple[str, str]]:
    """(name, label) of the required fields of ``fields`` that are empty."""
    return [(name, label) for name, label in required(type(fields)) if _empty(getattr(fields, name, None))]
