"""再発防止・事例検証 and 研修・周知 (issue 16 items 3 and 4): register kinds, joined by app/model/kinds.py.

The items and the trainings name things outside their register (incidents, people of the staff directory):
those are checked by their own Service methods (app/model/service_prevention.py), so these kinds are
written through that door only. What can be checked from the register itself is a rule here.
"""
from __future__ import annotations

from app.model import roles as R
from app.model import streams
from app.model.kind_fields import Kind, date, short, text, texts, time

PROGRESS_STATUSES = ("対応中", "完了")
COURSES = ("管理職向け", "係長級以下", "悪質クレームの法的対応")  # suggestions; any course may be typed
NOTICE_MEANS = ("ポスター", "宣言", "契約の相手方への通知", "その他")
TRAINERS = R.MANAGERS | {R.HR}


def progress_item_known(payload: dict, ctx) -> list[str]:
    """A progress names a 再発防止 item of this register."""
    from app.model.entry import effective_entries
    item = payload.get("item")
    if not any(e.id == item and e.kind == "prevention_item" for e in effective_entries(list(ctx.entries))):
        return ["item: 再発防止の項目が見つかりません。"]
    return []


def attendees_distinct(payload: dict, ctx) -> list[str]:
    names = payload.get("attendees") or []
    if not names:
        return ["受講者を一人以上入力してください。"]
    dup = sorted({n for n in names if names.count(n) > 1})
    return [f"受講者が重複しています：{'、'.join(dup)}"] if dup else []


KINDS: tuple[Kind, ...] = (
    Kind("prevention_item", "再発防止の項目", (
        text("what", "改善する内容", required=True, searchable=True), short("owner", "担当", required=True),
        date("due", "期限", required=True), texts("incidents", "関連する事案", max_len=64),
        text("review_note", "事例検証の所見", max_len=20_000, searchable=True), time()),
        R.MANAGERS, "a 再発防止 item after a case (事例検証): what to change, who, by when, the incidents it comes "
        "from (each must exist)", stream=streams.PREVENTION, door="service"),
    Kind("prevention_progress", "再発防止の進捗", (
        short("item", "項目", required=True), short("status", "状況", required=True, options=PROGRESS_STATUSES),
        text("note", "メモ", max_len=20_000, searchable=True), time()),
        R.MANAGERS, "progress of a 再発防止 item (対応中 / 完了); the latest one is its state",
        stream=streams.PREVENTION, rules=(progress_item_known,)),
    Kind("training_held", "研修の実施", (
        short("course", "研修", required=True), date("held_on", "実施日", required=True),
        texts("attendees", "受講者", required=True, max_len=200), short("material", "教材"), time()),
        TRAINERS, "a 研修 held (管理職向け, 係長級以下, 悪質クレームの法的対応 …), its attendees named as in the staff "
        "directory", stream=streams.TRAINING, door="service", rules=(attendees_distinct,)),
    Kind("notice_given", "方針の周知", (
        short("means", "周知の方法", required=True, options=NOTICE_MEANS), date("date", "周知日", required=True),
        text("note", "メモ", max_len=20_000, searchable=True)),
        TRAINERS, "周知 of the ward's カスハラ方針 (ポスター, 宣言, notice to 契約の相手方)", stream=streams.TRAINING),
)
