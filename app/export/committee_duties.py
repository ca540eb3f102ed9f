"""The 推進委員会報告's sections on the employer's duties (issue 16): 再発防止 items and their state, 研修 and
周知 counted per 年度, and 延べ対応時間. Collected through the Service (each register's view right and
``stats.view``), rendered into the PDF and the workbook by app/export/committee_report.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import fiscal, prevention, staff_hours
from app.model.prevention import PreventionItem
from app.model.staff_hours import StaffHours
from app.model.trainings import YearCounts

from . import layout as L
from .wareki import wareki


@dataclass
class DutiesSection:
    today: str
    items: list[PreventionItem] = field(default_factory=list)
    trainings: YearCounts = field(default_factory=YearCounts)
    hours: StaffHours = field(default_factory=StaffHours)


def collect(svc, facts, date_from: str | None, date_to: str | None, today) -> DutiesSection:
    """The sections for [date_from, date_to] as of ``today`` (the state of each item, its 期限超過)."""
    items = [i for i in svc.prevention_items(today) if prevention.in_period(i, date_from, date_to)]
    return DutiesSection(today=str(today)[:10], items=items, trainings=svc.training_counts(date_from, date_to),
                         hours=staff_hours.compute(svc.store, facts))


def state_text(item: PreventionItem) -> str:
    text = item.state
    if item.state == prevention.DONE and item.done_on:
        text += f"\n{wareki(item.done_on)}"
    if item.overdue:
        text += "\n（期限超過）"
    return text


def prevention_rows(section: DutiesSection, scrub=lambda s: s) -> list[list[str]]:
    rows = []
    for n, it in enumerate(section.items, 1):
        what = scrub(it.what) + (f"\n事例検証：{scrub(it.review_note)}" if it.review_note else "")
        if it.incidents:
            what += f"\n関連する事案：{len(it.incidents)}件"
        rows.append([str(n), what, scrub(it.owner), wareki(it.due) if it.due else "", state_text(it)])
    return rows


def _breakdown(counter) -> str:
    return "、".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def training_rows(section: DutiesSection) -> list[list[str]]:
    t = section.trainings
    return [[fiscal.fiscal_label(y), f"{t.trainings[y]}回", f"{t.attendances[y]}人",
             _breakdown(t.by_course.get(y, {})) or "―", f"{t.notices[y]}回", _breakdown(t.by_means.get(y, {})) or "―"]
            for y in t.years()]


def hours_summary(h: StaffHours) -> str:
    text = f"{h.staff_hours:g}人時間（対応時間 {StaffHours.hours(h.minutes):g}時間、{h.encounters:,}件）"
    if h.unknown:
        text += f"　終了時刻の記録がない{h.unknown:,}件は含みません"
    return text


def hours_rows(h: StaffHours) -> list[list[str]]:
    rows, last = [], None
    for dim, label in staff_hours.DIMENSIONS.items():
        for key, value in h.ordered(dim):
            rows.append([label if label != last else "", key, f"{value:g}"])
            last = label
    return rows


NOTE_HOURS = ("延べ対応時間は、応対の開始（発生日時）から終了の記録までの時間に、関わった職員の最大人数を掛けた"
              "概算です。複数の類型に当たる事案は、それぞれの類型に数えています。")


def story(section: DutiesSection, first_number: int, scrub=lambda s: s) -> list:
    """The PDF flowables of the three sections, numbered from ``first_number``; a heading never ends a page."""
    from reportlab.platypus import KeepTogether
    n = first_number
    counts = prevention.counts(section.items)
    out = [KeepTogether([
        L.heading(f"{n}　再発防止・事例検証の項目（{wareki(section.today)}現在）"),
        L.para("　".join(f"{k} {v}件" for k, v in counts.items()), "small"),
        L.grid_table(["No.", "改善する内容・事例検証", "担当", "期限", "状態"],
                     prevention_rows(section, scrub) or [["", "（該当なし）", "", "", ""]],
                     PREVENTION_WIDTHS, style="small_cell")])]  # a long table still splits, header repeated
    out.append(KeepTogether([
        L.heading(f"{n + 1}　研修・方針の周知（年度別）"),
        L.grid_table(["年度", "研修", "延べ受講者", "研修の内訳", "周知", "周知の内訳"],
                     training_rows(section) or [["（該当なし）", "", "", "", "", ""]],
                     [24, 14, 30, 44, 14, 54], style="small_cell")]))
    hours = [L.heading(f"{n + 2}　延べ対応時間"), L.field_table([L.Row("合計", hours_summary(section.hours))])]
    if section.hours.encounters:
        hours.append(L.grid_table(["集計", "区分", "人時間"], hours_rows(section.hours), [38, 107, 25]))
    hours.append(L.para(NOTE_HOURS, "small"))
    out.append(KeepTogether(hours))
    return out


PREVENTION_WIDTHS = [10, 88, 28, 26, 28]


def add_sheets(wb, section: DutiesSection, scrub=lambda s: s) -> None:
    from .xlsx_writer import HEADER, WRAP
    ps = wb.create_sheet("再発防止")
    ps.widths = {0: 6, 1: 70, 2: 20, 3: 18, 4: 20}
    ps.append(["No.", "改善する内容・事例検証", "担当", "期限", "状態"], style=HEADER)
    for row in prevention_rows(section, scrub):
        ps.append(row, styles={1: WRAP, 4: WRAP})
    ts = wb.create_sheet("研修・周知")
    ts.widths = {0: 14, 1: 8, 2: 10, 3: 40, 4: 8, 5: 40}
    ts.append(["年度", "研修", "受講者（延べ）", "研修の内訳", "周知", "周知の内訳"], style=HEADER)
    for row in training_rows(section):
        ts.append(row)
    hs = wb.create_sheet("延べ対応時間")
    hs.widths = {0: 20, 1: 40, 2: 12}
    hs.append(["集計", "区分", "人時間"], style=HEADER)
    hs.append(["合計", "全件", section.hours.staff_hours])
    for label, key, value in hours_rows(section.hours):
        hs.append([label, key, float(value)])
    hs.append([NOTE_HOURS])
