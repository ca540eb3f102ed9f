"""The manual's own words for a wizard step, gathered from the edition (plain Python, no Qt).

``sections(edition, step_id)`` returns ``[(heading, [lines])]``; headings and lines are the edition's
strings (the manual's wording), so a new edition changes the pages without code changes.
"""
from __future__ import annotations

from app.model.manual import Edition

Section = tuple[str, list[str]]


def _points(edition: Edition, key: str) -> list[Section]:
    p = edition["initial_response_points"].get(key) or {}
    out: list[Section] = []
    if key == "identify_demand":
        out.append(("", [f"{'①②③④'[i]}{t}" for i, t in enumerate(p.get("items", []))]))
        if p.get("caveat"):
            out.append(("注意", ["✓ " + p["caveat"]]))
    elif key == "confirm_facts":
        lines = ["✓ " + t for t in p.get("points", [])]
        if p.get("limited_apology_example"):
            lines.insert(2, f"（例：{p['limited_apology_example']}）")
        out.append(("", lines))
    elif key == "multiple_staff":
        out.append(("", ["✓ " + p.get("point", "")]))
        out.append(("区民 → 職員", [f"{r['party']} → {r['staff']}" for r in p.get("table", [])]))
        if p.get("phone_rule"):
            out.append(("電話", ["* " + p["phone_rule"]]))
    elif key == "choose_place":
        out.append(("", ["✓ " + t for t in p.get("points", [])]))
        out.append(("", [f"{'①②③'[i]}{t}" for i, t in enumerate(p.get("rules", []))]))
    elif key == "record_share":
        lines = ["✓ " + t for t in p.get("points", [])]
        out.append(("", lines[:1]))
        out.append(("記録の例", [f"× {p.get('bad_example', '')}", f"○ {p.get('good_example', '')}"]))
        out.append(("", lines[1:]))
    return out


def sections(edition: Edition, step_id: str) -> list[Section]:
    step = edition.step(step_id) or {}
    stage_id = next((sid for sid, st in edition.steps() if st["id"] == step_id), "")
    out: list[Section] = []
    if step.get("points"):
        out += _points(edition, step["points"])
    elif step_id == "judgement":
        j = edition["judgement"]
        out.append(("", [j.get("lead", "")]))
    elif step_id == "chief_takeover":
        sr = edition["second_response"]
        out.append(("", [sr["text"], sr.get("lead", "")]
                    + [f"{s['mark']}{s['text']}" for s in sr["statements"]] + [sr.get("then", "")]))
    elif step_id == "three_statements":
        sr = edition["second_response"]
        out.append(("", [sr.get("lead", "")]))
        out.append(("", ["* " + n for n in sr.get("notes", [])]))
    elif step_id == "committee_report":
        com = edition["escalation"]["committee"]
        out.append((com["name"], [com["text"]]))
    elif step_id == "care":
        mc = edition["mental_care"]
        out.append(("", [mc["text"]]))
        out += [(f"{i + 1} {s['title']}", [s["text"]]) for i, s in enumerate(mc["steps"])]
    elif step_id == "close_case":
        stage = edition.stage(stage_id) or {}
        out.append(("", [edition["escalation"].get("decision", ""), stage.get("text", "")]))
    elif step.get("text"):
        out.append(("", [step["text"]]))
    if not out:
        stage = edition.stage(stage_id) or {}
        out.append(("", [stage.get("text", "")]))
    return [(h, [ln for ln in lines if ln]) for h, lines in out if any(lines)]
