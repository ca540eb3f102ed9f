"""Semantic rules of entry kinds: what an entry may say given the edition and the incident's other entries.

Each rule is ``rule(payload, ctx) -> list[str]`` (reasons in Japanese, empty when it holds). They are
named by the kinds in app/model/kinds.py and run by the Service for every door (GUI, CLI, import,
approvals, sync's apply). The judgement rule lived only in the Qt page before; it is here now and the
page asks it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from app.model import vocab
from app.model.entry import Entry
from app.model.manual import Edition


@dataclass
class RuleContext:
    edition: Edition
    entries: list[Entry] = field(default_factory=list)  # the incident's entries, stored and pending, raw
    target: Entry | None = None                          # for a correction: the entry it supersedes
    author: str = ""                                     # who appends (the actor's author), for two-person rules
    draft: bool = False                                  # checking the draft of an approval request, not an append


def judgement_problems(payload: dict, edition: Edition) -> list[str]:
    """The 課長's カスハラの判断: a result of the edition; 該当 only with ①②③ all and at least one point."""
    j = edition["judgement"]
    out = []
    result = payload.get("result")
    if result not in j["app_results"]:
        out.append(f"判断結果は{'・'.join(j['app_results'])}のいずれかです。")
    all_defs = [it["id"] for it in edition["definition"]["items"]]
    chosen_defs = payload.get("definition") or []
    unknown = [d for d in chosen_defs if d not in all_defs]
    if unknown:
        out.append(f"定義にない項目です：{'、'.join(unknown)}")
    points = {p["id"]: [i["id"] for i in p["items"]] for p in j["points"]}
    for pid, items in points.items():
        bad = [x for x in payload.get(pid) or [] if x not in items]
        if bad:
            out.append(f"{pid} にない項目です：{'、'.join(bad)}")
    if result == j["harassment_result"] and not payload.get("imported"):
        # an earlier record taken in by the importer keeps its result as it was; ``imported`` names the
        # source, so the time line shows that ①②③ and the points were not recorded here (only the
        # 所管課長 may write a judgement at all, imported or not)
        if sorted(chosen_defs) != sorted(all_defs):
            out.append("カスハラとは定義①②③の全てに該当するものをいいます。全てに当たる場合のみ「該当」です。")
        if not any(payload.get(p) for p in points):
            out.append("要求態様・要求内容・時間・回数・頻度のうち、当たる項目を選んでください。")
    return out


def judgement(payload: dict, ctx: RuleContext) -> list[str]:
    return judgement_problems(payload, ctx.edition)


def escalation(payload: dict, ctx: RuleContext) -> list[str]:
    levels = [lv["level"] for lv in ctx.edition["escalation"]["levels"]]
    if payload.get("level") not in levels:
        return [f"段階は{'・'.join(levels)}のいずれかです。"]
    return []


def step_known(payload: dict, ctx: RuleContext) -> list[str]:
    step = payload.get("step")
    if ctx.edition.step(step) is None:
        return [f"手順「{step}」はこの版（{ctx.edition.title}）にありません。"]
    return []


def behaviour_known(payload: dict, ctx: RuleContext) -> list[str]:
    b = payload.get("behaviour")
    if not b:  # a 場面 card's key alone: the scenario is what was seen; the 類型 is chosen later
        if ctx.edition.scenario(str(payload.get("scenario") or "")) is None:
            return ["迷惑行為の類型か場面を指定してください。"]
        return []
    if ctx.edition.behaviour(b) is None:
        return [f"迷惑行為の類型「{b}」はこの版にありません。"]
    return []


def behaviours_known(payload: dict, ctx: RuleContext) -> list[str]:
    bad = [b for b in payload.get("behaviours") or [] if ctx.edition.behaviour(b) is None]
    return [f"迷惑行為の類型「{b}」はこの版にありません。" for b in bad]


def channel_known(payload: dict, ctx: RuleContext) -> list[str]:
    ch = payload.get("channel")
    options = vocab.channels(ctx.edition)
    if ch not in options:
        return [f"手段は{'・'.join(options)}のいずれかです。"]
    return []


def approval_subject(payload: dict, ctx: RuleContext) -> list[str]:
    from app.model import kinds, payload as parse
    subject = payload.get("subject")
    subjects = kinds.approvable() + DOCUMENT_SUBJECTS
    if subject not in subjects:
        return [f"承認の対象は {'、'.join(subjects)} のいずれかです。"]
    if subject in kinds.KINDS:
        k = kinds.KINDS[subject]
        parse.parse(k, payload.get("draft") or {}, "draft")
        draft_ctx = replace(ctx, draft=True)
        return [r for rule in k.rules for r in rule(payload.get("draft") or {}, draft_ctx)]
    return []


DOCUMENT_SUBJECTS = ("legal_request",)  # 法律相談依頼書: the 課長 approves the request before it is issued


def resolution(payload: dict, ctx: RuleContext) -> list[str]:
    from app.model import conflicts
    name = payload.get("field")
    ids = {e.id for e in ctx.entries if conflicts.register_of(e.kind, e.payload) == name}
    if payload.get("chosen") not in ids:
        return ["chosen: この事案の該当する記録の ID を指定してください。"]
    return []


def correction(payload: dict, ctx: RuleContext) -> list[str]:
    from app.model import kinds, payload as parse
    if ctx.target is None:
        return ["訂正する記録がこの事案にありません。"]
    if not str(payload.get("reason") or "").strip():
        return ["訂正の理由を書いてください。"]
    repl: dict[str, Any] = payload.get("replacement") or {}
    if repl.get("withdrawn"):
        if set(repl) != {"withdrawn"} or repl["withdrawn"] is not True:
            return ["取り消しは {\"withdrawn\": true} だけで指定してください。"]
        return []
    k = kinds.KINDS.get(ctx.target.kind)
    if k is None:
        return [f"この種類の記録（{ctx.target.kind}）は訂正できません。"]
    parse.parse(k, repl, "replacement")
    return [r for rule in k.rules for r in rule(repl, ctx)]
