"""Which page class renders which step."""
from __future__ import annotations

from app.model.manual import Edition
from app.ui.wizard.judgement_page import JudgementPage
from app.ui.wizard.statements_page import StatementsPage
from app.ui.wizard.step_page import StepPage

SPECIAL = {"judgement": JudgementPage, "three_statements": StatementsPage}


def make_page(edition: Edition, step_id: str, judge: str = "", proposal: bool = False) -> StepPage:
    stage_id = next((sid for sid, st in edition.steps() if st["id"] == step_id), "")
    stage_label = (edition.stage(stage_id) or {}).get("label", "")
    cls = SPECIAL.get(step_id, StepPage)
    if cls is JudgementPage:
        return JudgementPage(edition, step_id, stage_label, judge=judge, proposal=proposal)
    from app.ui.wizard.aftercare_pages import AFTERCARE
    if step_id in AFTERCARE:
        return AFTERCARE[step_id](edition, step_id, stage_label)
    return cls(edition, step_id, stage_label)
