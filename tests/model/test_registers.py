"""The register door (app/model/service_registers.py): records of no one incident pass the same checks."""
from __future__ import annotations

import pytest

from app.model import streams
from app.model.errors import InputError, PermissionDenied
from app.model.service import Service


def test_an_incident_kind_is_refused_in_a_register_and_a_made_up_register_is_refused(store, people):
    chief = Service(store, people["section_chief"])
    with pytest.raises(InputError) as info:
        chief.append_register(streams.PREVENTION, "note", {"text": "架空"})
    assert "記録簿" in info.value.ja
    with pytest.raises(InputError):
        chief.append_register("incident-x", "note", {"text": "架空"})
    with pytest.raises(InputError):
        chief.register_entries("staff-directory")
    assert store.entries(streams.PREVENTION) == []


def test_the_role_is_checked_before_anything_and_reading_needs_the_register_right(store, people):
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).append_register(streams.PREVENTION, "judgement", {"x": 1})
    with pytest.raises(PermissionDenied):
        Service(store, people["staff"]).register_entries(streams.DISCLOSURES)
    assert Service(store, people["section_chief"]).register_entries(streams.DISCLOSURES) == []


def test_registers_are_reserved_streams_and_never_listed_as_incidents(store):
    from app.model.store import RESERVED_STREAMS
    assert set(streams.REGISTERS) <= RESERVED_STREAMS
    assert {"staff-directory", "audit-trail"} <= RESERVED_STREAMS
