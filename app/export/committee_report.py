"""推進委員会報告: the report to the 港区働きやすい職場づくり推進委員会 (manual 第3章 検討・情報共有体制 3).

Each 課 reports 発生状況, 対処内容 and 解決の有無 of its cases; 人事課 aggregates. One row per case with the
three items and the steps taken, then the totals. Parties and staff are de-identified (相手方A …, 職員1 …).
The same ``CommitteeReport`` renders as a PDF (A4, 明朝, 和暦, app/export/layout.py) and as an xlsx workbook.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Callable, Sequence

from app.model import fiscal, stats
from app.model.errors import InputError
from app.model.stats import IncidentFacts, Totals

from . import layout as L
from .deidentify import Deidentifier
from .layout import Row
from .wareki import wareki

TEMPLATE_ID = "committee-report"
TEMPLATE_VERSION = "1"
TITLE = "カスタマー・ハラスメント発生状況等報告"
ADDRESSEE = "港区働きやすい職場づくり推進委員会"
CASE_CHUNK = 25  # rows per table: keeps reportlab's page splitting linear on long reports


@dataclass
class CaseRow:
    number: int
    id: str
    occurred_at: str
    department: str
    channel: str
    party: str
    behaviours: list[str]
    judgement: str
    occurrence: str   # 発生状況
    handling: str     # 対処内容
    steps: str        # 講じた措置 (中止要求（2回）、退去命令 …)
    resolution: str   # 解決の有無
    closed_at: str = ""
    days: float | None = None
    outcome: str = ""  # 対応結果 as recorded at closing


@dataclass
class CommitteeReport:
    date_from: str
    date_to: str
    created_on: str
    reporter: str
    cases: list[CaseRow]
    totals: Totals
    notes: list[str] = field(default_factory=list)
    duties: object = None  # app/export/committee_duties.DutiesSection: 相談 … 出入禁止, 再発防止, 研修・周知, 延べ対応時間
    scrub: Callable[[str], str] = field(default=lambda s: s, repr=False)

    @property
    def period_text(self) -> str:
        return f"{wareki(self.date_from)} 〜 {wareki(self.date_to)}"


def steps_text(f: IncidentFacts) -> str:
    parts = [s if f.steps[s] == 1 else f"{s}（{f.steps[s]}回）" for s in stats.STEPS if s in f.steps]
    return "、".join(parts) or "なし"


def build_committee_report(facts: Sequence[IncidentFacts], date_from: str, date_to: str,
                           created_on: str | dt.date | None = None, reporter: str = "", *,
                           duties) -> CommitteeReport:
    """``reporter``: who reports (the 課, its 課長 …), required: a report nobody signed is not one.
    ``duties``: the sections on the employer's duties (app/export/committee_duties.py), always part of the
    report (``for_service`` collects them); None only for a report of the cases alone."""
    if not (reporter or "").strip():
        raise InputError("報告者（例: 区民部 区民課 課長 氏名）を入力してください。", "The report needs a reporter.",
                         field="reporter")
    facts = list(facts)
    de = Deidentifier(facts)
    cases = []
    for n, f in enumerate(facts, 1):
        c = f.committee or {}
        occurrence = c.get("occurrence") or "\n".join(
            x for x in (f.summary, f"要求内容：{f.demands}" if f.demands else "") if x)
        # 対処内容: the 課's own words when it wrote them; the steps and the outcome are items of their own
        handling = c.get("handling") or ""
        resolution = f.resolution
        if f.resolution != "対応中" and f.closed_at:
            resolution += f"\n{wareki(f.closed_at)}\n終了"
        elif isinstance(c.get("resolved"), (bool, int)) and f.resolution == "対応中":
            resolution = "解決" if c["resolved"] else "未解決"
        cases.append(CaseRow(
            number=n, id=f.id, occurred_at=f.occurred_at, department=f.department, channel=f.channel,
            party=de.party_label(f.id), behaviours=list(f.behaviours), judgement=f.judgement,
            occurrence=de.scrub(occurrence), handling=de.scrub(handling), steps=steps_text(f),
            resolution=resolution, closed_at=f.closed_at, days=f.days_to_resolution,
            outcome=de.scrub(f.outcome or "")))
    created = created_on or dt.date.today()
    return CommitteeReport(date_from=str(date_from)[:10], date_to=str(date_to)[:10], created_on=str(created)[:10],
                           reporter=reporter.strip(), cases=cases, totals=stats.totals(facts),
                           notes=["相手方・職員の氏名は記号に置き換えています（相手方A・職員1 など、この報告の中でのみ有効）。"],
                           duties=duties, scrub=de.scrub)


def for_service(svc, date_from: str | None, date_to: str | None, today, reporter: str = "",
                facts=None) -> CommitteeReport:
    """The report as the CLI and the GUI make it: the cases (de-identified, the export audited) and every
    duty's section, as of ``today``. An open period runs from the first case to the last."""
    from . import committee_duties
    stats.export_deidentified(svc, True)
    facts = stats.collect_for(svc, date_from, date_to) if facts is None else facts
    lo = date_from or (facts[0].occurred_at[:10] if facts else str(today)[:10])
    hi = date_to or (facts[-1].occurred_at[:10] if facts else str(today)[:10])
    duties = committee_duties.collect(svc, facts, lo, hi, today)
    return build_committee_report(facts, lo, hi, created_on=today, reporter=reporter or reporter_for(svc.member()),
                                  duties=duties)


def handling_cell(c: CaseRow) -> str:
    """対処内容・講じた措置 of one case in the PDF: the 課's words, each measure once, the outcome."""
    return "\n".join(x for x in (c.handling, f"措置：{c.steps}", f"結果：{c.outcome}" if c.outcome else "") if x)


def reporter_for(member) -> str:
    """The default reporter: the signed-in person's 部・課 and name (a staff.StaffMember, or None)."""
    if member is None:
        return ""
    d = member.department
    return " ".join(p for p in (d.bu, d.ka, member.name) if p)


def dimension_label(dimension: str, key: str) -> str:
    if dimension == "fiscal_year" and key.isdigit():
        return fiscal.fiscal_label(int(key))
    if dimension == "month" and len(key) == 7 and key[4] == "-":
        return wareki(f"{key}-01")[:-2]  # 令和7年4月
    return key


def total_rows(report: CommitteeReport) -> list[tuple[str, str, int]]:
    """(dimension label, key label, count) for every dimension."""
    out = []
    for dim, label in stats.DIMENSIONS.items():
        for key, count in report.totals.ordered(dim):
            out.append((label, dimension_label(dim, key), count))
    return out


def _days(v: float | None) -> str:
    return "" if v is None else f"{v:g}日"


# ---- PDF ---------------------------------------------------------------------------------------
def render_pdf(report: CommitteeReport, draft: bool = False) -> bytes:
    t = report.totals
    story = [
        L.para(f"{wareki(report.created_on)}", "right"),
        L.para(f"{ADDRESSEE}　御中", "body"),
        L.title(TITLE),
        L.field_table([
            Row("対象期間", report.period_text),
            Row("報告者", report.reporter or "　"),
            Row("件数", f"{t.count:,}件（解決 {t.resolved_count:,}件）"),
            Row("解決までの日数", f"平均 {_days(t.mean_days) or '―'}　中央値 {_days(t.median_days) or '―'}"),
        ]),
        L.para(report.notes[0] if report.notes else "", "small"),
        L.heading("1　集計"),
    ]
    rows, last = [], None
    for dim_label, key, count in total_rows(report):
        rows.append((dim_label if dim_label != last else "", key, f"{count:,}"))
        last = dim_label
    story.append(L.grid_table(["集計", "区分", "件数"], rows, [38, 107, 25]))
    story.append(L.heading("2　事案別の状況（発生状況・対処内容・解決の有無）"))
    header = ["No.", "発生日・\n所属・手段", "相手方", "発生状況", "対処内容・\n講じた措置", "解決の有無"]
    widths = [10, 36, 18, 35, 35, 36]  # at 9 pt a whole date (令和7年12月31日) keeps to one line
    chunk: list[list[str]] = []
    for c in report.cases:
        chunk.append([
            str(c.number),
            f"{wareki(c.occurred_at) if c.occurred_at else ''}\n{c.department}\n{c.channel}",
            c.party,
            c.occurrence + (f"\n類型：{'、'.join(c.behaviours)}" if c.behaviours else "") + f"\n判断：{c.judgement}",
            handling_cell(c),
            c.resolution + (f"（{_days(c.days)}）" if c.days is not None else ""),
        ])
        if len(chunk) == CASE_CHUNK:
            story.append(L.grid_table(header, chunk, widths, style="small_cell"))
            chunk = []
    if chunk or not report.cases:
        story.append(L.grid_table(header, chunk, widths, style="small_cell"))
    if report.duties is not None:
        from . import committee_duties
        story += committee_duties.story(report.duties, 3, report.scrub)
    setup = L.PageSetup(title=TITLE, draft=draft, head_right=report.period_text,
                        template=L.template_mark(TITLE, TEMPLATE_VERSION))
    return L.render_story(story, setup)


# ---- Excel -------------------------------------------------------------------------------------
CASE_HEADER = ["No.", "記録ID", "発生日", "年度", "所属", "手段", "相手方", "迷惑行為の類型", "カスハラの判断",
               "発生状況", "対処内容", "講じた措置", "解決の有無", "終了日", "解決までの日数"]


def render_xlsx(report: CommitteeReport, progress: Callable[[int, int], bool] | None = None) -> bytes:
    """The workbook: 事案別 (one row per case), 集計, 注記. ``progress(done, total)`` returning False cancels.
    Text is always written as text, never as a formula (app/export/xlsx_writer.py)."""
    from .xlsx_writer import HEADER, WRAP, Workbook

    wb = Workbook()
    ws = wb.create_sheet("事案別")
    ws.freeze_header = True
    ws.widths = dict(enumerate((6, 38, 18, 12, 18, 8, 10, 30, 12, 50, 50, 30, 20, 18, 10)))
    ws.append(CASE_HEADER, style=HEADER)
    wrapped = {9: WRAP, 10: WRAP}
    total = len(report.cases)
    for i, c in enumerate(report.cases, 1):
        fy = fiscal.fiscal_year_of(c.occurred_at)
        ws.append([c.number, c.id, wareki(c.occurred_at) if c.occurred_at else "",
                   fiscal.fiscal_label(fy) if fy else "", c.department, c.channel, c.party,
                   "、".join(c.behaviours), c.judgement, c.occurrence,
                   "\n".join(x for x in (c.handling, f"結果：{c.outcome}" if c.outcome else "") if x)
                   or "（講じた措置のとおり）", c.steps,
                   c.resolution, wareki(c.closed_at) if c.closed_at else "", c.days], styles=wrapped)
        if progress and i % 500 == 0 and progress(i, total) is False:
            raise InterruptedError("cancelled")
    ts = wb.create_sheet("集計")
    ts.widths = {0: 18, 1: 60}
    ts.append(["集計", "区分", "件数"], style=HEADER)
    ts.append(["合計", "全件", report.totals.count])
    for dim_label, key, count in total_rows(report):
        ts.append([dim_label, key, count])
    if report.duties is not None:
        from . import committee_duties
        committee_duties.add_sheets(wb, report.duties, report.scrub)
    ns = wb.create_sheet("注記")
    ns.widths = {0: 100}
    for line in [f"{TITLE}（{ADDRESSEE}）", f"対象期間：{report.period_text}", f"作成日：{wareki(report.created_on)}",
                 f"報告者：{report.reporter}", *report.notes,
                 "解決までの日数は、発生日時から対応終了（解決）の記録までの日数です。"]:
        ns.append([line])
    data = wb.save()
    if progress:
        progress(total, total)
    return data
