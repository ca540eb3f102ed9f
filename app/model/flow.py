"""The pure flow engine: from an incident's entries and a manual edition to what comes next.

``evaluate(entries, edition, settings, now)`` derives the stage, the allowed next actions (with the role
each needs), warnings and the people required. Every threshold, phrase and step comes from the edition
or from the 課's settings; nothing reads a clock (``now`` is passed in).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping, Any

from . import kinds, nudges, permissions, roles
from .entry import Entry
from .facts import Facts, collect, parse_time
from .manual import Edition
from .scenarios import phrases_for
from .settings import Settings, coerce
from .warnings import HIGH, LOW, NORMAL, URGENT, Action, Warning

__all__ = [
    "STAGES", "ACTIONS", "FlowState", "RequiredPeople", "ActionCheck", "Action", "Warning",
    "evaluate", "check_action", "can_close", "stage_of", "for_person", "role_for", "operation_of",
]

STAGES = ("initial_response", "first_response", "second_response", "closure", "aftercare")
FACE_TO_FACE = ("対面", "訪問")

# id -> (label, entry kind written when taken). Who may take an action is not here: it is the registry's
# (app/model/kinds.py), asked through ``role_for`` and ``for_person``.
ACTIONS: dict[str, tuple[str, str | None]] = {
    "record_quote": ("発言をそのまま記録", "quote"),
    "stop_request": ("中止要求", "stop_request"),
    "report_chief": ("係長（又は課長）に報告・相談", "step_done"),
    "backup_call": ("応援要請", "backup_call"),
    "handover": ("対応者を代わる", "note"),
    "security_request": ("警備員の出動要請", "note"),
    "leave_request": ("退去要求", "leave_request"),
    "eviction_order": ("退去命令", "eviction_order"),
    "police_call": ("110番通報", "police_call"),
    "end_call": ("対応時間を超過：対応を終える", "call_ended"),
    "judgement": ("カスハラの判断", "judgement"),
    "second_response_statements": ("二次対応の3点を伝える", "second_response_statements"),
    "response_stopped": ("対応中止", "response_stopped"),
    "escalate_difficult": ("部長へ（困難）", "escalation"),
    "escalate_especially_difficult": ("総務部長へ（特に困難）", "escalation"),
    "close": ("対応終了", "closed"),
    "care_referral": ("職員保健室への連絡", "care_referral"),
    "committee_report": ("推進委員会へ報告", "committee_report"),
    "entry_ban": ("出入禁止", "ban_decided"),
    "save_screenshot": ("スクリーンショットで保存", "attachment_added"),
    "takedown_request": ("削除請求", "takedown_request"),
    "disclosure_request": ("開示請求", "disclosure_request"),
}
ESCALATION_ACTIONS = {"困難": "escalate_difficult", "特に困難": "escalate_especially_difficult"}


@dataclass(frozen=True)
class RequiredPeople:
    staff: int                       # staff needed by the 複数人 table (0 when it does not apply)
    staff_present: int | None
    residents: int | None
    representatives_only: bool = False
    roles: tuple[str, ...] = ()      # roles that must be there (e.g. 所属課長 after violence)
    rule: str = ""                   # the table row, in the manual's words


@dataclass(frozen=True)
class FlowState:
    edition_id: str
    stage: str
    stage_label: str
    actions: tuple[Action, ...]
    warnings: tuple[Warning, ...]
    required_people: RequiredPeople
    blocked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # action id -> reasons
    scenarios: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    leave_requests: int = 0
    elapsed_minutes: int | None = None

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def action_ids(self) -> list[str]:
        return [a.id for a in self.actions]

    def warning(self, code: str) -> Warning | None:
        return next((w for w in self.warnings if w.code == code), None)

    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]


@dataclass(frozen=True)
class ActionCheck:
    allowed: bool
    reasons: tuple[str, ...]
    action: Action | None = None


class _Ctx:
    def __init__(self, f: Facts, edition: Edition, settings: Settings, now: datetime | None):
        self.f, self.edition, self.settings, self.now = f, edition, settings, now
        self.actions: dict[str, Action] = {}
        self.warnings: list[Warning] = []
        self.blocked: dict[str, list[str]] = {}
        self.roles: list[str] = []
        self.extra_phrases: list[str] = []
        self.stage = stage_of(f, edition)

    def offer(self, action_id: str, priority: int = NORMAL, text: str = "", label: str | None = None,
              **data: Any) -> None:
        base_label, kind = ACTIONS[action_id]
        new = Action(action_id, label or base_label, role_for(kind, data), priority, kind, text, dict(data))
        old = self.actions.get(action_id)
        if old is None:
            self.actions[action_id] = new
        else:  # keep the most urgent offer, merge the data and any manual text
            keep = new if priority < old.priority else old
            merged = {**old.data, **new.data}
            self.actions[action_id] = Action(keep.id, keep.label, keep.role, min(old.priority, priority),
                                             keep.entry_kind,
                                             keep.text or old.text or new.text, merged)
        self.blocked.pop(action_id, None)

    def block(self, action_id: str, *reasons: str) -> None:
        if action_id not in self.actions:
            self.blocked.setdefault(action_id, []).extend(r for r in reasons if r)

    def warn(self, code: str, text: str, severity: str = "warning", **data: Any) -> None:
        if all(w.code != code for w in self.warnings):
            self.warnings.append(Warning(code, text, severity, dict(data)))


# ---------------------------------------------------------------- stage
def _harassment(f: Facts, edition: Edition) -> bool:
    return bool(f.judgement) and f.judgement.get("result") == edition["judgement"]["harassment_result"]


def stage_of(f: Facts, edition: Edition) -> str:
    """The stage (glossary id) the incident is in, derived only from its entries."""
    if f.closed is not None:
        return "aftercare"
    if f.response_stopped is not None:
        return "closure"
    if f.judgement is not None:
        return "second_response" if _harassment(f, edition) else "closure"
    if f.statements is not None or f.escalations:
        return "second_response"
    first_steps = {st["id"] for sid, st in edition.steps() if sid == "first_response"}
    if (f.stop_requests or f.leave_requests or f.police_idx or f.eviction_orders
            or f.steps_done & first_steps):
        return "first_response"
    return "initial_response"


# ---------------------------------------------------------------- rules
def _rule_basics(c: _Ctx) -> None:
    f, s = c.f, c.stage
    open_ = s not in ("aftercare",)
    if open_:
        c.offer("record_quote", NORMAL)
        notes = c.edition["second_response"].get("notes", [])
        c.offer("police_call", LOW, text=notes[-1] if notes else "")
    if s in ("initial_response", "first_response"):
        cards = [c.edition.scenario(sid) for sid in f.scenarios]
        pr = HIGH if (f.behaviours and f.stop_requests == 0) else NORMAL
        first = c.edition.stage("first_response") or {}
        c.offer("stop_request", pr, text=first.get("text", ""), phrases=phrases_for(x for x in cards if x))
    if s == "first_response" or (s == "initial_response" and f.behaviours):
        step = c.edition.step("report_chief")
        if step and "report_chief" not in f.steps_done:
            c.offer("report_chief", HIGH if s == "first_response" else NORMAL,
                    text=step.get("text", ""), step="report_chief")
    if s in ("first_response", "second_response") and f.channel in FACE_TO_FACE:
        guard = c.edition["facility"].get("guard")
        if guard:
            c.offer("security_request", NORMAL, text=guard["text"], requested_role=guard["role"])


def _rule_emergency(c: _Ctx) -> None:
    em = c.edition["emergency"]
    triggers = [c.f.first_seen[b] for b in em["behaviours"] if b in c.f.first_seen]
    triggers += [c.f.first_seen["scenario:" + s] for s in em["scenarios"] if "scenario:" + s in c.f.first_seen]
    if not triggers or c.stage == "aftercare":
        return
    at = min(triggers)
    legal, point = [], ""
    for sid in em["scenarios"]:
        card = c.edition.scenario(sid) or {}
        legal += card.get("legal", [])
        if card.get("police_without_waiting") and card.get("points"):
            point = card["points"][0]
    c.roles.extend(r for r in em.get("roles_present", []) if r not in c.roles)
    if c.f.police_called_after(at):
        return
    c.offer("police_call", URGENT, text=point or em["text"], without_waiting_for=roles.SECTION_CHIEF,
            legal=legal)
    c.warn("emergency_police", "　".join(x for x in (point, em["text"]) if x), "danger", legal=legal)


def _rule_eviction(c: _Ctx) -> None:
    f, ev = c.f, c.edition.eviction
    if c.stage == "aftercare" or c.stage == "closure" and not f.leave_requests:
        return
    n, lo, hi = f.leave_requests, ev["leave_requests_min"], ev["leave_requests_max"]
    face = f.channel in FACE_TO_FACE or f.channel is None
    if face and c.stage in ("first_response", "second_response") and n < hi:
        label = f"退去要求（{n + 1}回目）"
        card = c.edition.scenario("persistent_demand") or {}
        by_role = card.get("final_leave_request_role") if n + 1 >= hi else None
        if by_role:  # 所管課長が最終的な退去要求をします: the clerk records it; the manual names who makes it
            label = f"{label}：{roles.label(by_role)}が行う最終的な退去要求"
        c.offer("leave_request", HIGH if n else NORMAL, label=label, number=n + 1,
                **({"by_role": by_role} if by_role else {}))
    if n >= lo:
        threshold_idx = f.leave_request_idx[lo - 1]
        text = ev["text"]
        c.extra_phrases.append(ev["police_phrase"])
        if not f.eviction_orders:
            c.offer("eviction_order", URGENT, label=ev.get("order_label", "退去命令"),
                    text=text)
        if not f.police_called_after(threshold_idx):
            c.offer("police_call", URGENT, text=text, phrase=ev["police_phrase"])
        if not f.eviction_orders or not f.police_called_after(threshold_idx):
            c.warn("eviction_threshold", f"退去要求が{n}回行われました。{text}", "danger",
                   count=n, phrase=ev["police_phrase"], role=ev["order_role"])
    elif not f.eviction_orders:
        c.block("eviction_order", f"退去要求が{lo}回に達していません（現在{n}回）。{ev['text']}")


def _staffing(c: _Ctx) -> RequiredPeople:
    f = c.f
    ms = c.edition["initial_response_points"]["multiple_staff"]
    residents = f.residents if f.residents is not None else 1
    staff = f.staff_present
    if f.channel not in ms["channels"] or c.stage == "aftercare":
        if f.channel and f.channel not in ms["channels"] and c.stage in ("first_response", "second_response"):
            c.offer("handover", NORMAL, text=ms.get("phone_rule", ""), roles=ms.get("phone_handover_roles", []))
        return RequiredPeople(0, staff, f.residents, False, tuple(c.roles), "")
    best = None
    for row in ms["table"]:
        lo = row.get("party_min")
        if lo is None and row.get("party_min_setting"):
            lo = int(c.settings.get(row["party_min_setting"], 10**6))
        hi = row.get("party_max", 10**9)
        if lo is not None and lo <= residents <= hi and (best is None or lo >= best[0]):
            best = (lo, row)
    if best is None:
        return RequiredPeople(0, staff, f.residents, False, tuple(c.roles), "")
    row = best[1]
    need = max(row["staff_min"], residents if row["staff_at_least_party"] else 0)
    rule = f"区民等 {row['party']} → 職員 {row['staff']}"
    if row["representatives_only"]:
        c.warn("group_representatives_only", f"{ms.get('point', '')}（{rule}）", "warning", residents=residents)
    have = staff if staff is not None else 1
    if have < need:
        c.warn("staff_insufficient",
               f"{ms.get('point', '')}（{rule}）。現在 職員{have}人・区民等{residents}人：あと{need - have}人必要です。",
               "warning", need=need, have=have, residents=residents)
        c.offer("backup_call", HIGH, text=ms.get("point", ""), staff_needed=need - have)
    return RequiredPeople(need, staff, f.residents, row["representatives_only"], tuple(c.roles), rule)


def _rule_time(c: _Ctx) -> int | None:
    f = c.f
    if c.now is None or f.started_at is None:
        return None
    start, now = f.started_at, c.now
    if (start.tzinfo is None) != (now.tzinfo is None):
        start, now = start.replace(tzinfo=None), now.replace(tzinfo=None)
    elapsed = int((now - start).total_seconds() // 60)
    if f.response_stopped is not None or f.closed is not None:
        return elapsed
    hours = c.settings.office_hours_range()
    if hours and not (hours[0] <= c.now.hour * 60 + c.now.minute <= hours[1]):
        item = next((i["text"] for p in c.edition["judgement"]["points"] for i in p["items"]
                     if i["id"] == "df_hours"), "")
        c.warn("outside_office_hours", f"受付時間（{c.settings.office_hours}）外です。{item}", "info")
    limits = c.settings.time_limit_minutes or {}
    limit = limits.get(f.channel) if f.channel else None
    if limit is None or elapsed <= int(limit):
        return elapsed
    tl = c.edition["time_limit"]
    guidance = tl["guidance"].get(f.channel, tl["guidance"]["default"])
    c.warn("time_limit_exceeded",
           f"対応時間の目安（{f.channel} {limit}分・課の設定）を超えています（{elapsed}分経過）。{guidance}。{tl['caveat']}",
           "warning", limit=int(limit), elapsed=elapsed, caveat=tl["caveat"])
    if not f.call_ended:
        c.offer("end_call", HIGH, text=guidance, limit=int(limit), elapsed=elapsed)
    return elapsed


def _missing_statements(f: Facts, edition: Edition) -> list[dict]:
    given = f.statements or {}
    return [st for st in edition["second_response"]["statements"] if not given.get(st["id"])]


def _rule_judgement(c: _Ctx) -> None:
    f, j = c.f, c.edition["judgement"]
    # 経過観察 is not a final answer: the 所管課長 judges again when the case develops
    open_judgement = f.judgement is None or f.judgement.get("result") in j.get("app_interim_results", [])
    if open_judgement and c.stage != "aftercare":
        # the 所管課長 may judge at any point before the case closes; it is urgent once the response escalates
        urgent = c.stage in ("first_response", "closure", "second_response")
        c.offer("judgement", HIGH if urgent else (NORMAL if f.behaviours else LOW), text=j.get("lead", ""))
    if f.judgement and _harassment(f, c.edition):
        chosen = {k: f.judgement.get(k) or [] for k in ("manner", "demand", "duration_frequency")}
        if chosen["demand"] and not chosen["manner"] and not chosen["duration_frequency"]:
            caveat = next((p.get("caveat") for p in j["points"] if p["id"] == "demand"), None)
            if caveat:
                c.warn("demand_caveat", caveat, "info")


def _rule_second_response(c: _Ctx) -> None:
    f, sr = c.f, c.edition["second_response"]
    harassment = _harassment(f, c.edition)
    missing = _missing_statements(f, c.edition)
    reasons = [f"二次対応の{st.get('mark', '')}「{st['text']}」を伝えた記録がありません" for st in missing]
    if c.stage == "second_response":
        if missing:
            c.offer("second_response_statements", HIGH, text=sr.get("lead", ""),
                    missing=[st["id"] for st in missing], statements=[st["text"] for st in missing])
            c.block("response_stopped", *reasons)
            if "end_call" in c.actions:  # ending the call would stop the response: the three come first
                c.actions.pop("end_call")
                c.block("end_call", *reasons)
        else:
            c.offer("response_stopped", HIGH, text=sr.get("then", ""))
    elif f.response_stopped is None and c.stage != "aftercare":
        c.block("response_stopped", "二次対応（課長が対応を引き継ぐ）に入っていません")
    if (harassment and missing and f.response_stopped is not None
            and f.judgement_idx is not None and f.response_stopped_idx > f.judgement_idx):
        c.warn("statements_missing", "対応中止の前に伝えるべき3点が記録されていません：" + "、".join(
            st["text"] for st in missing), "warning", missing=[st["id"] for st in missing])
    # escalation: 困難 -> 部長, 特に困難 -> 総務部長
    if harassment or f.escalations:
        for i, lv in enumerate(c.edition["escalation"]["levels"]):
            aid = ESCALATION_ACTIONS.get(lv["level"], f"escalate_{i}")
            if aid not in ACTIONS or lv["level"] in f.escalations:
                continue
            if lv.get("requires") and lv["requires"] not in f.escalations:
                c.block(aid, f"先に「{lv['requires']}」の判断が必要です")
                continue
            c.offer(aid, NORMAL if c.stage != "aftercare" else LOW, text=lv["text"],
                    level=lv["level"])


def _close_reasons(f: Facts, edition: Edition, outcome: str | None = None) -> list[str]:
    reasons = []
    if f.closed is not None:
        reasons.append("既に対応終了が記録されています")
    if not f.judgement or not f.judgement.get("result"):
        reasons.append("課長によるカスハラの判断（結果）が記録されていません")
    outcome_fields = [(st["id"], fl["id"]) for _, st in edition.steps() for fl in st.get("fields", [])
                      if fl["id"] == "outcome"]
    given = bool(str(outcome or "").strip()) or any(
        str(f.inputs.get(sid, {}).get(fid) or "").strip() for sid, fid in outcome_fields)
    if not given:
        reasons.append("対応結果が記録されていません")
    if (_harassment(f, edition) and f.response_stopped is not None and _missing_statements(f, edition)
            and f.judgement_idx is not None and f.response_stopped_idx > f.judgement_idx):
        reasons.append("二次対応の3点を伝えた記録がありません")
    return reasons


def _rule_close(c: _Ctx) -> None:
    f = c.f
    if c.stage == "aftercare":
        if not f.judgement:
            c.warn("closed_without_judgement", "カスハラの判断がないまま対応終了が記録されています", "warning")
        return
    reasons = _close_reasons(f, c.edition)
    if not reasons:
        c.offer("close", HIGH if c.stage == "closure" else NORMAL)
        return
    c.block("close", *reasons)
    if c.stage == "closure":
        if not f.judgement:
            c.warn("judgement_missing", reasons[0], "warning")
        if any(r.startswith("対応結果") for r in reasons):
            c.warn("outcome_missing", "対応結果が記録されていません", "info")


def _rule_aftercare(c: _Ctx) -> None:
    f = c.f
    if c.stage != "aftercare":
        return
    harassment = _harassment(f, c.edition)
    mc = c.edition["mental_care"]
    c.offer("care_referral", HIGH if harassment and not f.care_referrals else LOW,
            text=mc["steps"][0]["text"], steps=[s["title"] for s in mc["steps"]])
    if harassment:
        com = c.edition["escalation"]["committee"]
        if not f.committee_reports:
            c.offer("committee_report", HIGH, text=com.get("text", ""), items=[i["label"] for i in com["items"]])
        if not f.bans_decided and (f.party_status or {}).get("status") != "出入禁止":  # or recorded before
            c.offer("entry_ban", LOW, status="出入禁止")


def _rule_internet(c: _Ctx) -> None:
    f = c.f
    if c.stage == "aftercare" and not f.scenarios:
        return
    done = {
        "save_screenshot": any(a.get("evidence_kind") == "screenshot" for a in f.attachments),
        "takedown_request": f.takedown_requests > 0,
        "disclosure_request": f.disclosure_requests > 0,
    }
    for sid in f.scenarios:
        card = c.edition.scenario(sid) or {}
        first = True
        for step in card.get("procedure", []):
            aid = step["action"]
            if aid not in ACTIONS or done.get(aid):
                continue
            c.offer(aid, HIGH if first else NORMAL, text=step["text"])
            first = False


_RULES = (_rule_basics, _rule_emergency, _rule_eviction, _rule_judgement, _rule_second_response,
          _rule_close, _rule_aftercare, _rule_internet)


def evaluate(entries: Iterable[Entry], edition: Edition, settings: Settings | Mapping | None = None,
             now: datetime | str | None = None) -> FlowState:
    """Where the incident stands and what may happen next. Pure: same input, same answer."""
    settings = coerce(settings)
    now = parse_time(now) if now is not None else None
    f = collect(entries, edition)
    c = _Ctx(f, edition, settings, now)
    elapsed = _rule_time(c)
    for rule in _RULES:
        rule(c)
    required = _staffing(c)
    c.warnings.extend(w for w in nudges.check_facts(f, edition) if all(x.code != w.code for x in c.warnings))
    if f.unknown_behaviours:
        c.warn("unknown_behaviour", "この版にない迷惑行為の類型です：" + "、".join(f.unknown_behaviours), "info")
    cards = [edition.scenario(s) for s in f.scenarios]
    phrases = phrases_for(x for x in cards if x)
    phrases += [p for p in c.extra_phrases if p not in phrases]
    order = list(ACTIONS)
    actions = sorted(c.actions.values(), key=lambda a: (a.priority, order.index(a.id)))
    severity = {"danger": 0, "warning": 1, "info": 2}
    warnings = sorted(c.warnings, key=lambda w: severity.get(w.severity, 3))
    stage = edition.stage(c.stage)
    return FlowState(
        edition_id=edition.id, stage=c.stage, stage_label=stage["label"] if stage else c.stage,
        actions=tuple(actions), warnings=tuple(warnings), required_people=required,
        blocked={k: tuple(v) for k, v in c.blocked.items() if k not in c.actions},
        scenarios=tuple(f.scenarios), phrases=tuple(phrases), leave_requests=f.leave_requests,
        elapsed_minutes=elapsed,
    )


def check_action(state_or_entries: FlowState | Iterable[Entry], action: str, edition: Edition | None = None,
                 settings: Settings | Mapping | None = None, now: datetime | str | None = None,
                 role: str | None = None) -> ActionCheck:
    """May ``action`` be taken now (by someone with ``role``, if given)? Reasons say why not."""
    if isinstance(state_or_entries, FlowState):
        state = state_or_entries
    else:
        if edition is None:
            raise TypeError("edition is required when entries are given")
        state = evaluate(state_or_entries, edition, settings, now)
    if action not in ACTIONS:
        return ActionCheck(False, (f"不明な操作です / unknown action {action!r}",))
    found = state.action(action)
    if found is None:
        reasons = state.blocked.get(action) or (f"現在の段階（{state.stage_label}）では行えません",)
        return ActionCheck(False, tuple(reasons))
    if role is not None and not permissions.allowed(operation_of(found), {role}):
        need = permissions.roles_for(operation_of(found))
        return ActionCheck(False, (f"{roles.labels(need)}が行います（現在の役割：{roles.label(role)}）",), found)
    return ActionCheck(True, (), found)


def operation_of(action: Action) -> str:
    """The door's operation for taking ``action`` (its entry kind; for an escalation, its level)."""
    return permissions.operation_for_entry(action.entry_kind or "", action.data)


def role_for(kind: str | None, data: Mapping | None = None) -> str:
    """The first role (in the order of app/model/roles.py) the registry allows to write ``kind``."""
    allowed = permissions.roles_for(permissions.operation_for_entry(kind or "", dict(data or {})))
    people = [r for r in roles.ALL_ROLES if r in allowed and r not in (roles.PC, roles.BOOTSTRAP)]
    return people[0] if people else ""


ASK_PREFIX = "ask:"


def for_person(state: FlowState, may, may_ask: bool, held: frozenset = frozenset()) -> FlowState:
    """The offers as one person may act on them. ``may(operation)`` is the door's own check (role and
    scope). An action they may not take is offered as a request to those who may (an approval), when its
    kind is approvable; otherwise it is listed as blocked, with who takes it. ``held``: the person's roles
    (one who holds the role but not the case is told it is the 所管課's)."""
    out, blocked = [], {k: tuple(v) for k, v in state.blocked.items()}
    for a in state.actions:
        op = operation_of(a)
        if may(op):
            out.append(a)
            continue
        need = roles.labels(permissions.roles_for(op)) or "権限のある人"
        if permissions.roles_for(op) & held:  # the role is theirs, the case is another 課's
            need = f"所管課の{need}"
        if may_ask and a.entry_kind in kinds.approvable():
            out.append(Action(ASK_PREFIX + a.id, f"{need}に依頼：{a.label}", role_for("approval_requested"),
                              a.priority, "approval_requested", a.text,
                              {**a.data, "subject": a.entry_kind, "asks": a.id}))
        else:
            blocked[a.id] = (f"{need}が行います",)
    return dataclasses.replace(state, actions=tuple(out), blocked=blocked)


def can_close(entries: Iterable[Entry], edition: Edition, outcome: str | None = None) -> tuple[bool, list[str]]:
    """A case closes only with the 課長's judgement result and an outcome (the wizard's 対応結果 or the
    ``outcome`` of the closing entry itself), and the 二次対応 done right."""
    reasons = _close_reasons(collect(entries, edition), edition, outcome)
    return (not reasons, reasons)
