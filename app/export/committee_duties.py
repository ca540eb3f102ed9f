"""The 推進委員会報告's sections on the employer's duties (issue 16): 相談, 配慮措置, 法律相談 and 出入禁止
counted (app/model/duty_counts.py: numbers only), 再発防止 items and their state, 研修 and 周知 counted per 年度,
and 延べ対応時間. Collected through the Service (each register's view right and
``stats.view``), rendered into the PDF and the workbook by app/export/committee_report.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.model import duty_counts, fiscal, measures, prevention, staff_hours
from app.model import roles as R
from app.model.duty_counts import BanCounts, ConsultCounts, LegalCounts, MeasureCounts
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
    consultations: ConsultCounts = field(default_factory=ConsultCounts)
    measures: MeasureCounts = field(default_factory=MeasureCounts)
    legal: LegalCounts = field(default_factory=LegalCounts)
    bans: BanCounts = field(default_factory=BanCounts)


def _incidents_with(store, kind: str) -> list[list]:
    rows = store.conn.execute("SELECT DISTINCT incident_id FROM entries WHERE kind = ? ORDER BY incident_id", (kind,))
    return [store.entries(r[0]) for r in rows.fetchall()]


def collect(svc, facts, date_from: str | None, date_to: str | None, today) -> DutiesSection:
    """The sections for [date_from, date_to] as of ``today`` (the state of each item, its 期限超過). Sealed
    records (相談, 配慮措置) are counted as far as this person may open them; 人事課 opens all."""
    today = str(today)[:10]
    items = [i for i in svc.prevention_items(today) if prevention.in_period(i, date_from, date_to)]
    scope = duty_counts.ALL if R.HR in svc.roles() else duty_counts.READABLE
    found = [m for entries in _incidents_with(svc.store, measures.TAKEN)
             for m in measures.measures(svc.visible(entries))]
    return DutiesSection(
        today=today, items=items, trainings=svc.training_counts(date_from, date_to),
        hours=staff_hours.compute(svc.store, facts),
        consultations=duty_counts.consult_counts(svc.consultations(), date_from, date_to, scope),
        measures=duty_counts.measure_counts(found, date_from, date_to, today, scope),
        legal=duty_counts.legal_counts(_incidents_with(svc.store, "document_issued"), date_from, date_to, today),
        bans=duty_counts.ban_counts(_incidents_with(svc.store, "ban_decided"), date_from, date_to, today))


def _n(v: int) -> str:
    return f"{v:,}件"


def _pairs(pairs) -> str:
    return "、".join(f"{k} {v:,}件" for k, v in pairs) or "―"


def _mean_days(v) -> str:
    return "―" if v is None else f"{v:g}日"


def scope_note(scope: str, what: str) -> str:
    if scope == duty_counts.ALL:
        return f"{what}は本人と相談窓口だけが読める記録のため、件数だけを載せています（内容・氏名は載せません）。"
    return (f"{what}は本人と相談窓口だけが読める記録のため、件数だけを載せています。この件数は、報告者が読むことの"
            f"できる記録に限ります（区全体の件数は人事課の報告によります）。")


def consultation_rows(c: ConsultCounts) -> list[list[str]]:
    return [["相談の件数", _n(c.total)], ["相談窓口別", _pairs(c.windows())],
            ["カスハラに当たるか（本人の判断）", _pairs(c.answers())], ["事案の記録につながったもの", _n(c.to_incident)]]


def measure_rows(m: MeasureCounts) -> list[list[str]]:
    return [["配慮措置の件数", _n(m.total)], ["措置の種類別", _pairs(m.types())],
            ["経過確認", f"完了 {m.done:,}件、確認日前 {m.waiting:,}件、確認日を過ぎて未了 {m.overdue:,}件"]]


def legal_rows(x: LegalCounts) -> list[list[str]]:
    return [["依頼の件数", f"{x.total:,}件（対応中 {x.open:,}件、報告書提出済み {x.closed:,}件）"],
            ["現在の段階別", _pairs(x.stages())],
            ["対応中のもの：依頼からの平均日数", _mean_days(x.mean_days_open)],
            ["済んだもの：報告書提出までの平均日数", _mean_days(x.mean_days_closed)]]


def ban_rows(b: BanCounts, today: str) -> list[list[str]]:
    return [["期間中に決定した件数", _n(b.decided)], [f"その状態（{wareki(today)}現在）", _pairs(b.states())],
            ["更新（承認済み）", _n(b.renewed)], [f"有効な出入禁止（{wareki(today)}現在・全期間）", _n(b.in_force)]]


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
    """The PDF flowables of the duties' sections, numbered from ``first_number``; a heading never ends a page."""
    from reportlab.platypus import KeepTogether
    n = first_number
    counts = prevention.counts(section.items)
    widths = [64, 106]  # the longest label (有効な出入禁止（…現在・全期間）) on two lines at most
    out = [KeepTogether([
        L.heading(f"{n}　職員からの相談"),
        L.grid_table(["項目", "件数"], consultation_rows(section.consultations), widths, style="small_cell"),
        L.para(scope_note(section.consultations.scope, "相談") + "相談したことを理由とする不利益な取扱いは禁止"
               "されています。", "small")]),
        KeepTogether([
            L.heading(f"{n + 1}　職員への配慮措置"),
            L.grid_table(["項目", "件数"], measure_rows(section.measures), widths, style="small_cell"),
            L.para(scope_note(section.measures.scope, "配慮措置"), "small")]),
        KeepTogether([
            L.heading(f"{n + 2}　法律相談（期間中に依頼したもの）"),
            L.grid_table(["項目", "件数"], legal_rows(section.legal), widths, style="small_cell")]),
        KeepTogether([
            L.heading(f"{n + 3}　出入禁止"),
            L.grid_table(["項目", "件数"], ban_rows(section.bans, section.today), widths, style="small_cell")])]
    n += 4
    out.append(KeepTogether([
        L.heading(f"{n}　再発防止・事例検証の項目（{wareki(section.today)}現在）"),
        L.para("　".join(f"{k} {v}件" for k, v in counts.items()), "small"),
        L.grid_table(["No.", "改善する内容・事例検証", "担当", "期限", "状態"],
                     prevention_rows(section, scrub) or [["", "（該当なし）", "", "", ""]],
                     PREVENTION_WIDTHS, style="small_cell")]))  # a long table still splits, header repeated
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
    for title, rows, note in (
            ("相談", consultation_rows(section.consultations), scope_note(section.consultations.scope, "相談")),
            ("配慮措置", measure_rows(section.measures), scope_note(section.measures.scope, "配慮措置")),
            ("法律相談", legal_rows(section.legal), "期間中に依頼した法律相談の件数です。"),
            ("出入禁止", ban_rows(section.bans, section.today), "")):
        ws = wb.create_sheet(title)
        ws.widths = {0: 40, 1: 90}
        ws.append(["項目", "件数"], style=HEADER)
        for row in rows:
            ws.append(row, styles={1: WRAP})
        if note:
            ws.append([note])
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
