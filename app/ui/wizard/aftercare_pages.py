"""発生後の対応 with inputs: the care referral to 職員保健室 (restricted, app/model/care.py), the message sent,
the case review's notes, and the 出入禁止 decided against this incident's party (with its 合理的配慮の確認). Each writes the registry's entry
(app/model/kinds.py) through the same door as every other page; an empty page only marks the step done."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QVBoxLayout

from app.model import kinds
from app.model.kinds_bans import DECIDED
from app.model.kinds_bans import dates_problems as ban_dates
from app.ui.wizard import accommodation
from app.ui.wizard.fields import Field, TextField
from app.ui.wizard.step_page import StepPage, wrap_label


class DateField(Field):
    def __init__(self, field_id: str, days_ahead: int = 14, parent=None, optional: bool = False):
        w = QDateEdit(QDate.currentDate().addDays(days_ahead))
        w.setCalendarPopup(True)
        w.setDisplayFormat("yyyy年M月d日")
        self.optional = optional
        if optional:  # the day before today reads 期限なし
            w.setMinimumDate(QDate.currentDate().addDays(-1))
            w.setSpecialValueText("期限なし")
            w.setDate(w.minimumDate())
        super().__init__(field_id, w, parent)
        w.dateChanged.connect(self._changed)

    def value(self) -> str:
        w = self.widget
        if self.optional and w.date() == w.minimumDate():
            return ""
        return w.date().toString("yyyy-MM-dd")

    def _set(self, value) -> None:
        if value:
            d = dt.date.fromisoformat(str(value))
            self.widget.setDate(QDate(d.year, d.month, d.day))


def _label(kind: str, field: str) -> str:
    k = kinds.get(kind)
    f = k.field(field) if k else None
    return f.label if f else field


class CarePage(StepPage):
    """心身のケア: 職員保健室への連絡 (seen only by the member concerned, their 課長 and 人事課)."""

    def build_fields(self, layout: QVBoxLayout) -> None:
        layout.addWidget(wrap_label("この入力は職員保健室への連絡として記録され、本人・所管課長・人事課だけが見られます。"
                                    "記録は課長か人事課が行います。", "care_note", "background:#e8f1fb; padding:6px;"))
        self.add_field(TextField("staff", parent=self), "ケアが必要な職員（氏名）")
        self.add_field(DateField("due", 7, self), "職員保健室への連絡の期限")
        self.add_field(TextField("note", long=True, parent=self), "メモ（面談の希望など）")

    def entries(self, at: str) -> list[tuple[str, dict]]:
        v = self.values()
        if not v["staff"].strip():
            return []
        return [("care_referral", {"staff": v["staff"].strip(), "due": v["due"], "note": v["note"]})]


class NotePage(StepPage):
    """メッセージ発信 / 事例検証: what was done, as a note of this incident (event = the step)."""
    PROMPT = {"message": "発信したメッセージ（いつ・どこで・どのように）", "case_review": "事例検証のメモ（経緯・課題・改善点）"}

    def build_fields(self, layout: QVBoxLayout) -> None:
        self.add_field(TextField("text", long=True, parent=self), self.PROMPT.get(self.step_id, "内容"))

    def entries(self, at: str) -> list[tuple[str, dict]]:
        text = self.values()["text"].strip()
        return [("note", {"at": at, "text": text, "event": self.step_id})] if text else []


class EntryBanPage(StepPage):
    """出入禁止: the 課長's decision of a ban against this incident's party (the life cycle of app/model/bans.py:
    the 合理的配慮の確認 first, then the 部長's approval, a review date, lapse) — the one way to a 出入禁止."""
    together = True  # the check and the decision: one transaction

    def build_fields(self, layout: QVBoxLayout) -> None:
        layout.addWidget(wrap_label("出入禁止はこの事案の相手方に対して所管課長が決め、部長の承認で効力を生じます（相手方の"
                                    "氏名は「相手方・事案の情報を直す」で先に入れてください）。見直し日を過ぎると、更新しない"
                                    "限り失効します。承認・更新は「職場の対応」の「出入禁止」タブで行います。", "ban_note",
                                    "background:#e8f1fb; padding:6px;"))
        accommodation.add_questions(self, "出入禁止の決定の前")
        self.add_field(TextField("reason", long=True, parent=self), "出入禁止の理由（退去命令に従わなかった など）")
        self.add_field(DateField("start_date", 0, self), _label(DECIDED, "start_date"))
        self.add_field(DateField("review_date", 90, self), _label(DECIDED, "review_date"))
        self.add_field(DateField("end_date", 180, self), _label(DECIDED, "end_date"))
        self.add_field(TextField("scope", parent=self), _label(DECIDED, "scope"))

    def _ban(self) -> dict:
        v = self.values()
        out = {k: v[k] for k in ("start_date", "review_date", "end_date")}
        out["reason"] = v["reason"].strip()
        if v["scope"].strip():
            out["scope"] = v["scope"].strip()
        return out

    def problems(self) -> list[str]:
        if not self.values()["reason"].strip():
            return []  # no ban decided here: the step is only marked done
        b = self._ban()
        return accommodation.problems(self) + ban_dates(b["start_date"], b["review_date"], b["end_date"])

    def entries(self, at: str) -> list[tuple[str, dict]]:
        if not self.values()["reason"].strip():
            return []
        return [accommodation.check_entry(self, "ban", at), (DECIDED, {**self._ban(), "at": at})]


AFTERCARE = {"care": CarePage, "message": NotePage, "case_review": NotePage, "entry_ban": EntryBanPage}
