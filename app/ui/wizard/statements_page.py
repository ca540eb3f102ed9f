"""二次対応: the three statements the 課長 conveys, and then — "業務に支障があるときは速やかに対応を中止します" —
the 対応中止 itself, after the 合理的配慮の確認 (対応中止の前), in the same transaction as the statements."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from app.ui.wizard import accommodation
from app.ui.wizard.fields import BoolField, TextField
from app.ui.wizard.step_page import StepPage, wrap_label

STOP, STOP_REASON = "response_stopped", "reason"  # named after the entry they write: the time line's words


class StatementsPage(StepPage):
    def build_fields(self, layout: QVBoxLayout) -> None:
        sr = self.edition["second_response"]
        self.form.addRow(wrap_label("伝えた項目に印を付けてください（" + sr.get("lead", "") + "）"))
        for st in sr["statements"]:
            f = BoolField(st["id"], f"{st['mark']}{st['text']}", self)
            f.widget.setStyleSheet("font-size: 13pt;")
            self.add_field(f)
        self.form.addRow(wrap_label(sr.get("then", "")))
        self.add_field(BoolField(STOP, "業務に支障があるため、対応を中止する", self))
        self.add_field(TextField(STOP_REASON, parent=self), "中止の理由（中止する場合は必須）")
        accommodation.add_questions(self, "対応中止の前（中止する場合）")

    def stopping(self) -> bool:
        return bool(self.fields[STOP].value())

    def problems(self) -> list[str]:
        missing = [st for st in self.edition["second_response"]["statements"] if not self.fields[st["id"]].value()]
        if missing:
            return ["まだ伝えていない項目があります：" + "、".join(st["mark"] + st["text"] for st in missing)
                    + "（伝えた後に「次へ」を押してください）"]
        if not self.stopping():
            return []
        out = [] if str(self.fields[STOP_REASON].value()).strip() else ["対応を中止する理由を書いてください。"]
        return out + accommodation.problems(self)

    def entries(self, at: str) -> list[tuple[str, dict]]:
        payload = {st["id"]: bool(self.fields[st["id"]].value()) for st in self.edition["second_response"]["statements"]}
        payload["at"] = at
        out = [("second_response_statements", payload)]
        if self.stopping():
            out += [accommodation.check_entry(self, "stop", at),
                    ("response_stopped", {"at": at, "reason": str(self.fields[STOP_REASON].value()).strip()})]
        return out
