"""Kinds of 出入禁止 with a life cycle and the 合理的配慮 check before it (issue 16 items 5 and 7).

合理的配慮の確認 (``accommodation_check``): before the 課長's 判断 and before a 出入禁止, whether a disability or
another reason calls for 合理的配慮 and whether stopping the service would harm someone's life or health;
the questions' wording is the edition's (``app_accommodation`` in resources/manual: the app's wording, as
the manual has none). 出入禁止 is decided by the 課長 (``ban_decided``), approved or sent back by the 部長,
another person (``ban_approved``), and renewed by the 課長 with a reason (``ban_renewed``, approved again). Its states are derived in app/model/bans.py.
"""
from __future__ import annotations

from app.model import roles as R
from app.model.entry import effective_entries
from app.model.kind_fields import AT, Kind, date, flag, short, text

ABOUT = ("judgement", "ban", "stop")      # before the 課長's 判断 / a 出入禁止 / a 対応中止 (stopping the service)
ABOUT_LABELS = {"judgement": "課長の判断の前", "ban": "出入禁止の決定の前", "stop": "対応中止の前"}  # the one
# place these are worded: the edition words the two questions only (its unused copy of two of these went)
CHECKED_KINDS = {"judgement": "judgement", "response_stopped": "stop"}  # decision kind -> about of its check
DECISIONS = ("承認", "差戻し")
DECIDED, APPROVED, RENEWED, CHECK = "ban_decided", "ban_approved", "ban_renewed", "accommodation_check"


def questions(edition) -> dict[str, str]:
    """The edition's wording of the two questions (field name -> question)."""
    return dict((edition.data.get("app_accommodation") or {}).get("questions") or {})


YES, NO = "はい", "いいえ"
QUESTION_FIELDS = (("needs_accommodation", "accommodation_reason"), ("harm_to_life_or_health", "harm_reason"))


def check_from_answers(values: dict, wording: dict[str, str]) -> tuple[dict, list[str]]:
    """A form's answers (flag -> はい / いいえ, anything else unanswered; reason -> text) as the check's payload
    and what is wrong with them: an unanswered question (no default: not answering is not 「いいえ」), a
    はい without its reason. The wizard page and the approval dialog both ask through this."""
    payload, out = {}, []
    for flag_id, reason_id in QUESTION_FIELDS:
        if values.get(flag_id) not in (YES, NO):
            out.append(f"「{wording.get(flag_id, flag_id)}」に、はい か いいえ で答えてください。")
        payload[flag_id] = values.get(flag_id) == YES
        if str(values.get(reason_id) or "").strip():
            payload[reason_id] = str(values[reason_id]).strip()
    return payload, out + reasons_when_flagged(payload, None)


# ---- rules ---------------------------------------------------------------------------------------
def reasons_when_flagged(payload: dict, ctx) -> list[str]:
    out = []
    for flag_name, reason, what in (("needs_accommodation", "accommodation_reason", "合理的配慮が必要"),
                                    ("harm_to_life_or_health", "harm_reason", "生命又は健康に支障が生じるおそれがある")):
        if payload.get(flag_name) is True and not str(payload.get(reason) or "").strip():
            out.append(f"「{what}」とした場合は、その理由を書いてください。")
    return out


def dates_problems(start: str, review: str, end: str) -> list[str]:
    if not start <= review <= end:
        return ["見直し日は開始日から終了日までの間の日にしてください（開始日 ≦ 見直し日 ≦ 終了日）。"]
    return []


def _reason(payload: dict) -> list[str]:
    return [] if str(payload.get("reason") or "").strip() else ["出入禁止の理由を書いてください。"]


def checked_before(kind: str):
    """The rule of a decision in CHECKED_KINDS: an effective 合理的配慮の確認 with its ``about`` must be in the
    incident (stored, or pending before it in the same transaction) — at every door, so the CLI, approvals
    and import cannot skip what the wizard asks. Not asked of: a correction (the decision it replaces was
    taken), a draft in an approval request (the approver answers the questions when approving), and an earlier
    record taken in by the importer (``imported``: the time line marks it as recorded without the check)."""
    about = CHECKED_KINDS[kind]

    def rule(payload: dict, ctx) -> list[str]:
        if ctx.target is not None or ctx.draft or payload.get("imported"):
            return []
        if has_check(ctx.entries, about):
            return []
        return [f"先に合理的配慮の確認（{ABOUT_LABELS[about]}）を記録してください"
                "（合理的配慮が必要か、対応をやめて生命・健康に支障が生じるおそれがあるか）。"]
    rule.__name__ = f"checked_before_{kind}"
    return rule


def has_check(entries, about: str) -> bool:
    return any(e.kind == CHECK and e.payload.get("about") == about for e in effective_entries(entries))


def ban_decided_rule(payload: dict, ctx) -> list[str]:
    out = _reason(payload)
    out += dates_problems(payload.get("start_date", ""), payload.get("review_date", ""), payload.get("end_date", ""))
    if not has_check(ctx.entries, "ban"):
        out.append("出入禁止を決める前に、この事案で合理的配慮の確認（出入禁止の決定の前）を記録してください。")
    return out


def _target(ctx, decision_id: str, kinds: tuple[str, ...]):
    return next((e for e in effective_entries(ctx.entries) if e.id == decision_id and e.kind in kinds), None)


def ban_approved_rule(payload: dict, ctx) -> list[str]:
    target = _target(ctx, str(payload.get("decision_id") or ""), (DECIDED, RENEWED))
    if target is None:
        return ["承認する出入禁止の決定（または更新）の ID をこの事案から指定してください。"]
    if ctx.author and target.author == ctx.author:
        return ["出入禁止を決めた本人は承認できません。別の職員（部長）が承認してください。"]
    answered = [e for e in effective_entries(ctx.entries)
                if e.kind == APPROVED and e.payload.get("decision_id") == target.id]
    if answered:
        return ["この出入禁止の決定（または更新）には、すでに承認・差戻しが記録されています。"]
    return []


def ban_renewed_rule(payload: dict, ctx) -> list[str]:
    out = _reason(payload)
    target = _target(ctx, str(payload.get("decision_id") or ""), (DECIDED,))
    if target is None:
        return out + ["更新する出入禁止の決定の ID をこの事案から指定してください。"]
    approved = any(e.kind == APPROVED and e.payload.get("decision_id") == target.id
                   and e.payload.get("decision") == "承認" for e in effective_entries(ctx.entries))
    if not approved:
        out.append("部長の承認を得ていない出入禁止は更新できません。")
    out += dates_problems(target.payload.get("start_date", ""), payload.get("review_date", ""), payload.get("end_date", ""))
    return out


BANNED_STATUS = "出入禁止"


def no_new_ban_status(payload: dict, ctx) -> list[str]:
    """A ``party_status`` of 出入禁止 is refused for new appends (every door runs kind rules; sync's apply
    only parses payloads, so entries recorded before keep arriving and counting): one way to a ban."""
    if ctx.target is not None and ctx.target.payload.get("status") == BANNED_STATUS:
        return []  # correcting a 出入禁止 recorded before (old data): not a new ban
    if payload.get("status") == BANNED_STATUS:
        return ["出入禁止は「相手方の状態」では記録できません。合理的配慮の確認の後に「出入禁止の決定」"
                "（職場の対応の「出入禁止」タブ、又は `madoguchi ban add`）で課長が決め、部長の承認を受けてください。"]
    return []


KINDS: tuple[Kind, ...] = (
    Kind(CHECK, "合理的配慮の確認", (
        flag("needs_accommodation", "合理的配慮の必要", required=True),
        text("accommodation_reason", "合理的配慮の理由", max_len=20_000, searchable=True),
        flag("harm_to_life_or_health", "生命・健康への支障のおそれ", required=True),
        text("harm_reason", "支障のおそれの理由", max_len=20_000, searchable=True),
        short("about", "確認の時点", options=ABOUT), AT),
        R.SECTION, "合理的配慮 and harm to life or health, asked before the 課長's 判断 (`about` judgement), "
        "before a 出入禁止 (`about` ban) and before a 対応中止 (`about` stop); a reason is required for each yes; "
        "the wording is the edition's",
        decision=True, rules=(reasons_when_flagged,)),
    Kind(DECIDED, "出入禁止の決定", (
        text("reason", "理由", required=True, max_len=20_000, searchable=True),
        date("start_date", "開始日", required=True), date("end_date", "終了日", required=True),
        date("review_date", "見直し日", required=True), short("scope", "対象の範囲・場所"), AT),
        frozenset({R.SECTION_CHIEF}), "the 課長 decides a 出入禁止 (start ≦ review ≦ end), after an "
        "accommodation_check about the ban in the incident; in force only once the 部長 approves",
        decision=True, rules=(ban_decided_rule,)),
    Kind(APPROVED, "出入禁止の承認", (
        short("decision_id", "決定・更新の記録", required=True),
        short("decision", "判定", required=True, options=DECISIONS),
        text("comment", "コメント", max_len=20_000), AT),
        frozenset({R.DIRECTOR}), "the 部長 approves (承認) or sends back (差戻し) a ban_decided or ban_renewed "
        "(`decision_id`); never its own author; one answer each", decision=True, rules=(ban_approved_rule,)),
    Kind(RENEWED, "出入禁止の更新", (
        short("decision_id", "出入禁止の決定", required=True), date("end_date", "新しい終了日", required=True),
        date("review_date", "新しい見直し日", required=True),
        text("reason", "理由", required=True, max_len=20_000, searchable=True), AT),
        frozenset({R.SECTION_CHIEF}), "the 課長 renews an approved ban with a reason (new end and review date); "
        "in force only once the 部長 approves it (ban_approved of this entry)", decision=True,
        rules=(ban_renewed_rule,)),
)
