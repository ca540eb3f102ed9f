"""Disposal kinds (issue 17 §2): the 課長's approval and the システム管理者's execution, in the reserved
``retention-register`` stream, so they outlive the incident they destroy and sync like the directory.

A 相談 (the sealed consultations register) has its own pair: 人事課 (the 相談窓口 that reads every 相談)
approves, naming in plain the entries to destroy and the 相談's link key (app/model/consultations.py), and
the システム管理者 executes.

Written only by their Service methods (app/model/service_disposal.py); checked again on arrival by sync
(app/model/disposal.py ``refusal``)."""
from __future__ import annotations

from app.model import retention, streams
from app.model import roles as R
from app.model.kind_fields import AT, Kind, date, short, texts

CLASS_IDS = retention.INCIDENT_CLASSES  # the classes disposed of with their incident


APPROVAL_OF = {"disposal_executed": "disposal_approved",
               "consultation_disposal_executed": "consultation_disposal_approved"}  # execution -> its approval


def approval_mismatch(execution_kind: str, payload: dict, approval) -> str | None:
    """Why an execution (its kind and payload) does not match the approval it names, in Japanese (None: it
    matches): the one comparison the door (the kinds' rules below) and sync (app/model/disposal.py
    ``refusal``) both make. A 相談's execution names its approval's 相談 and entries; an incident's, an
    incident its approval lists; both, the approval's author as approver."""
    consultation = execution_kind == "consultation_disposal_executed"
    if approval is None or approval.kind != APPROVAL_OF.get(execution_kind) or \
            approval.incident_id != streams.RETENTION:
        return ("相談記録の廃棄の承認が見つかりません。人事課の承認を先に記録してください。" if consultation
                else "廃棄の承認が見つかりません。課長の承認を先に記録してください。")
    if consultation:
        if payload.get("consultation") != approval.payload.get("consultation") or \
                list(payload.get("entries") or ()) != list(approval.payload.get("entries") or ()):
            return "この相談記録は指定された廃棄の承認と一致しません。"
    elif payload.get("incident") not in (approval.payload.get("incidents") or ()):
        return "この事案は指定された廃棄の承認に含まれていません。"
    if payload.get("approver") != approval.author:
        return "承認者が廃棄の承認の記録と一致しません。"
    return None


def _named(execution_kind: str, payload: dict, ctx) -> list[str]:
    approval = next((e for e in ctx.entries if e.id == payload.get("approval")), None)
    reason = approval_mismatch(execution_kind, payload, approval)
    return [reason] if reason else []


def approval_named(payload: dict, ctx) -> list[str]:
    """An execution names an approval of this register that lists its incident, by its author."""
    return _named("disposal_executed", payload, ctx)


def consultation_approval_named(payload: dict, ctx) -> list[str]:
    """A 相談's execution names 人事課's approval of that 相談, its entries and its author."""
    return _named("consultation_disposal_executed", payload, ctx)


KINDS: tuple[Kind, ...] = (
    Kind("disposal_approved", "廃棄の承認", (
        texts("incidents", "廃棄する事案", required=True, max_len=64),
        short("class", "保存年限の区分", required=True, options=CLASS_IDS), AT),
        frozenset({R.SECTION_CHIEF}),
        "the 課長 of the incidents' 課 approves disposing of incidents past their 保存年限 "
        "(`retention approve`)", stream=streams.RETENTION, door="service"),
    Kind("disposal_executed", "廃棄の実施", (
        short("incident", "事案", required=True), short("class", "保存年限の区分", required=True, options=CLASS_IDS),
        date("closed", "対応終了日"), date("ended", "出入禁止の終了日"),
        short("approver", "承認者", required=True), short("approval", "承認の記録", required=True),
        short("sha256", "廃棄した内容のハッシュ", required=True), AT),
        frozenset({R.SYSADMIN}),
        "the システム管理者 destroys an approved incident's content on every PC; this entry is its tombstone "
        "(`retention dispose`)", stream=streams.RETENTION, door="service", rules=(approval_named,)),
    Kind("consultation_disposal_approved", "相談記録の廃棄の承認", (
        short("consultation", "相談記録", required=True),
        texts("entries", "廃棄する記録（相談・経過・訂正）", required=True, max_len=64),
        short("class", "保存年限の区分", required=True, options=retention.CONSULTATION_CLASSES),
        date("last_record", "最後の記録の日", required=True),
        short("link", "相談の連結鍵", required=True), AT),
        frozenset({R.HR}),
        "人事課 approves disposing of a 相談 past its 保存年限; names in plain the entries to destroy (the 相談, its "
        "経過 and corrections) and the 相談's link key, computed by the Service from the opened register "
        "(`retention approve --consultation`)", stream=streams.RETENTION, door="service"),
    Kind("consultation_disposal_executed", "相談記録の廃棄の実施", (
        short("consultation", "相談記録", required=True),
        texts("entries", "廃棄した記録", required=True, max_len=64),
        short("class", "保存年限の区分", required=True, options=retention.CONSULTATION_CLASSES),
        date("last_record", "最後の記録の日", required=True),
        short("approver", "承認者", required=True), short("approval", "承認の記録", required=True),
        short("sha256", "廃棄した内容のハッシュ", required=True), AT),
        frozenset({R.SYSADMIN}),
        "the システム管理者 destroys an approved 相談's records on every PC; this entry is their tombstone "
        "(`retention dispose --consultation`)", stream=streams.RETENTION, door="service",
        rules=(consultation_approval_named,)),
)
