"""The 合理的配慮の確認 on a wizard page (issue 16 item 5): the edition's two questions, each answered はい or
いいえ (no default: not answering is not 「いいえ」), with a reason for each はい. The page writes the check
with its decision in one transaction (``together``; Service.append_many), so a judgement or a ban is never
recorded without the answers it followed; the door refuses one without it (kinds_bans.checked_before)."""
from __future__ import annotations

from app.model.kinds_bans import CHECK, NO, QUESTION_FIELDS, YES, check_from_answers, questions
from app.ui.wizard.fields import ChoiceField, TextField
from app.ui.wizard.step_page import StepPage, wrap_label


def add_questions(page: StepPage, when: str) -> None:
    """Put the two questions (the edition's wording) and their reasons in the page's form."""
    wording = questions(page.edition)
    page.form.addRow(wrap_label(f"合理的配慮の確認（{when}）", "accommodation_title", "font-weight: bold;"))
    for flag_id, reason_id in QUESTION_FIELDS:  # the question across the page: the label column is narrow
        page.form.addRow(wrap_label(wording.get(flag_id, flag_id), f"question_{flag_id}"))
        page.add_field(ChoiceField(flag_id, [YES, NO], page))
        page.add_field(TextField(reason_id, parent=page), "「はい」の理由")


def problems(page: StepPage) -> list[str]:
    """Unanswered questions, and a はい without its reason (the kind's own rule)."""
    return check_from_answers(page.values(), questions(page.edition))[1]


def check_entry(page: StepPage, about: str, at: str) -> tuple[str, dict]:
    payload = check_from_answers(page.values(), questions(page.edition))[0]
    return CHECK, {**payload, "about": about, "at": at}
