"""再発防止・事例検証, 研修・周知 and 延べ対応時間 through the Service (issue 16 items 3, 4, 8).

Writing goes through the register door (app/model/service_registers.py); what that door cannot see — that a
linked incident exists, that an attendee is in the staff directory — is checked here, after the role, so
someone without the right learns nothing from the answer. Reading needs the register's view right.
"""
from __future__ import annotations

from app.model import permissions, prevention, staff, staff_hours, stats, streams, trainings
from app.model.door import now_iso
from app.model.entry import Entry
from app.model.errors import InputError, NotFoundError


def _with_at(payload):
    if isinstance(payload, dict) and not payload.get("at"):
        return {**payload, "at": now_iso()}
    return payload


class PreventionDuties:
    """Mixed into Service; uses its ``store``, ``require``, ``append_register``, ``register_entries``."""

    # ---- 再発防止 -------------------------------------------------------------------------------
    def add_prevention(self, payload) -> Entry:
        """A 再発防止 item; each linked incident must exist."""
        self.require(permissions.operation_for_entry("prevention_item"), streams.PREVENTION)
        linked = payload.get("incidents") if isinstance(payload, dict) else None
        if isinstance(linked, list):
            for iid in linked:
                if isinstance(iid, str) and not self.store.has_incident(iid):
                    raise InputError(f"incidents: 関連する事案が見つかりません: {iid}",
                                     f"incidents: no incident {iid}.", field="incidents")
        return self.append_register(streams.PREVENTION, "prevention_item", _with_at(payload), door="service")

    def prevention_items(self, today) -> list[prevention.PreventionItem]:
        """Every item with its state and whether it is overdue as of ``today``."""
        return prevention.items(self.register_entries(streams.PREVENTION), today)

    def prevention_progress(self, item_id: str, status: str, note: str = "") -> Entry:
        payload = {"item": item_id, "status": status, "at": now_iso()}
        if note:
            payload["note"] = note
        return self.append_register(streams.PREVENTION, "prevention_progress", payload)

    def close_prevention(self, item_id: str, note: str = "") -> Entry:
        return self.prevention_progress(item_id, prevention.DONE, note)

    # ---- 研修・周知 ------------------------------------------------------------------------------
    def training_candidates(self) -> list[str]:
        """The names an attendee may have: the active members of the staff directory (for who records)."""
        self.require(permissions.operation_for_entry("training_held"), streams.TRAINING)
        return sorted(m.name for m in staff.directory(self.store).active())

    def add_training(self, payload) -> Entry:
        """A 研修 held; every attendee must be an active member of the staff directory, named as there."""
        self.require(permissions.operation_for_entry("training_held"), streams.TRAINING)
        names = payload.get("attendees") if isinstance(payload, dict) else None
        if isinstance(names, list):
            directory = staff.directory(self.store)
            unknown = [n for n in names if isinstance(n, str) and directory.active_by_name(n) is None]
            if unknown:
                raise InputError(f"attendees: 職員名簿にない氏名です: {'、'.join(unknown)}",
                                 f"attendees: {len(unknown)} name(s) not in the staff directory.",
                                 field="attendees")
        return self.append_register(streams.TRAINING, "training_held", _with_at(payload), door="service")

    def add_notice(self, payload) -> Entry:
        return self.append_register(streams.TRAINING, "notice_given", payload)

    def trainings(self) -> list[trainings.Training]:
        return trainings.trainings(self.register_entries(streams.TRAINING))

    def notices(self) -> list[trainings.Notice]:
        return trainings.notices(self.register_entries(streams.TRAINING))

    def training_counts(self, date_from: str | None = None, date_to: str | None = None) -> trainings.YearCounts:
        return trainings.counts(self.register_entries(streams.TRAINING), date_from, date_to)

    def trainings_of(self, name: str) -> list[trainings.Training]:
        """What one person attended (the name exactly as in the directory)."""
        entries = self.register_entries(streams.TRAINING)
        if not isinstance(name, str) or not name.strip():
            raise InputError("氏名を指定してください。", "Give a name.", field="person")
        if staff.directory(self.store).active_by_name(name) is None and not trainings.trainings_of(entries, name):
            raise NotFoundError(f"職員名簿にない氏名です: {name}", "No such member of staff.")
        return trainings.trainings_of(entries, name)

    # ---- 延べ対応時間 ----------------------------------------------------------------------------
    def staff_hours(self, date_from: str | None = None, date_to: str | None = None) -> staff_hours.StaffHours:
        """延べ対応時間 of the encounters in the period (needs ``stats.view``)."""
        return staff_hours.compute(self.store, stats.collect_for(self, date_from, date_to))
