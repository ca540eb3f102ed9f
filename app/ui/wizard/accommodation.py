"""The 合理的配慮の確認 on a wizard page (issue 16 item 5): the edition's two questions, each answered はい or
いいえ (no default: not answering is not 「いいえ」), with a reason for each はい. The page writes the check
with its decision in one transaction (``together``; Service.append_many), so a judgement or a ban is never
recorded without the answers it followed."""
from __future__ import annotations

from app.model.kinds_bans import CHECK, questions, reasons_when_flagged
from app.ui.wizard.fields import ChoiceField, TextField
from app.ui.wizard.step_page import StepPage, wrap_label

YES, NO = "はい", "いいえ"
QUESTIONS = (("needs_accommodation", "accommodation_reason"), ("harm_to_life_or_health", "harm_reason"))


def add_questions(page: StepPage, when: str) -> None:
    """Put the two questions (the edition's wording) and their reasons in the page's form."""
    wording = questions(page.edition)
    page.form.addRow(wrap_label(f"合理的配慮の確認（{when}）", "accommodation_title", "font-weight: bold;"))
    for flag_id, reason_id in QUESTIONS:
        page.add_field(ChoiceField(flag_id, [YES, NO], page), wording.get(flag_id, flag_id))
        page.add_field(TextField(reason_id, parent=page), "「はい」の理由")


def problems(page: StepPage) -> list[str]:
    """Unanswered questions, and a はい without its reason (the kind's own rule)."""
    v = page.values()
    out = [f"「{questions(page.edition).get(f, f)}」に、はい か いいえ で答えてください。"
           for f, _r in QUESTIONS if v.get(f) not in (YES, NO)]
    return out + reasons_when_flagged(check_payload(page, ""), None)


def check_payload(page: StepPage, about: str) -> dict:
    v = page.values()
    out = {}
    for flag_id, reason_id in QUESTIONS:
        out[flag_id] = v.get(flag_id) == YES
        if str(v.get(reason_id) or "").strip():
            out[reason_id] = str(v[reason_id]).strip()
    if about:
        out["about"] = about
    return out


def check_entry(page: StepPage, about: str, at: str) -> tuple[str, dict]:
    return CHECK, {**check_payload(page, about), "at": at}
