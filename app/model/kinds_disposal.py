"""Disposal kinds (issue 17 §2): the 課長's approval and the システム管理者's execution, in the reserved
``retention-register`` stream, so they outlive the incident they destroy and sync like the directory.

Written only by their Service methods (app/model/service_disposal.py); checked again on arrival by sync
(app/model/disposal.py ``refusal``)."""
from __future__ import annotations

from app.model import retention, streams
from app.model import roles as R
from app.model.kind_fields import AT, Kind, date, short, texts

CLASS_IDS = retention.INCIDENT_CLASSES  # the classes disposed of with their incident


def approval_named(payload: dict, ctx) -> list[str]:
    """An execution names an approval of this register that lists its incident, by its author."""
    approval = next((e for e in ctx.entries if e.id == payload.get("approval")), None)
    if approval is None or approval.kind != "disposal_approved":
        return ["廃棄の承認が見つかりません。課長の承認を先に記録してください。"]
    if payload.get("incident") not in (approval.payload.get("incidents") or ()):
        return ["この事案は指定された廃棄の承認に含まれていません。"]
    if payload.get("approver") != approval.author:
        return ["承認者が廃棄の承認の記録と一致しません。"]
    return []


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
)
