"""Statistics, the 推進委員会 report and the import of earlier records.

    madoguchi report committee --from 2025-04-01 --to 2026-03-31 --out report.pdf|.xlsx
    madoguchi report totals [--from D] [--to D]
    madoguchi stats
    madoguchi import FILE --mapping MAPPING.json [--dry-run]

``--out`` never overwrites. The CSV export is ``export csv`` (app/cli/export.py).
"""
from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path

from app.cli import session
from app.cli.util import add_today, check_new_out, emit, iso_date, read_json, safe_text, today_of, write_new
from app.model import importer, stats
from app.model.errors import InputError


def cmd_committee(args) -> int:
    from app.export import committee_report as cr
    out = check_new_out(Path(args.out), (".pdf", ".xlsx"))
    date_from, date_to = iso_date(args.date_from, "from"), iso_date(args.date_to, "to")
    svc = session.service(args)
    today = today_of(args)
    report = cr.for_service(svc, date_from, date_to, today, reporter=args.reporter or "")
    data = cr.render_pdf(report) if out.suffix.lower() == ".pdf" else cr.render_xlsx(report)
    write_new(out, data)
    emit({"out": str(out), "cases": len(report.cases), "bytes": len(data)})
    return 0


def cmd_totals(args) -> int:
    svc = session.service(args)
    t = stats.totals(stats.collect_for(svc, iso_date(args.date_from, "from"), iso_date(args.date_to, "to")))
    emit({"count": t.count, "resolved": t.resolved_count, "mean_days": t.mean_days, "median_days": t.median_days,
          **{d: dict(t.ordered(d)) for d in stats.DIMENSIONS}})
    return 0


def cmd_stats(args) -> int:
    emit(session.service(args).statistics())
    return 0


def _row_errors_to_stderr(errors, mapping: importer.Mapping) -> None:
    """Each refused row in Japanese and English: row number, column as the sheet names it, the reason."""
    lines = []
    for e in errors[:20]:
        column = mapping.columns.get(e.field, e.field) if e.field else ""
        where = f"{e.row}行目" + (f"「{column}」" if column else "")
        where_en = f"row {e.row}" + (f", column {column} ({e.field})" if column else "")
        lines.append(f"エラー: {where}: {e.message}\nError: {where_en}: the value was refused.")
    if len(errors) > 20:
        lines.append(f"エラー: ほか {len(errors) - 20} 件\nError: and {len(errors) - 20} more.")
    lines.append("エラー: 取り込めない行があるため、何も取り込んでいません。\n"
                 "Error: some rows were refused; nothing was imported.")
    sys.stderr.write(safe_text("\n".join(lines)) + "\n")


def _read_table(path: Path, sheet: str | None):
    """The importer's table; a file it cannot read is bad input (exit 2), not a traceback."""
    if not path.is_file():
        raise InputError(f"ファイルがありません: {path.name}", f"No such file: {path.name}.", field="file")
    try:
        return importer.read_table(path, sheet)
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: UTF-8 としても CP932 としても読めません。",
                         f"{path.name} is neither UTF-8 nor CP932 text.", field="file") from None
    except KeyError:
        raise InputError(f"{path.name}: シート「{sheet}」がありません。", f"{path.name} has no sheet {sheet!r}.",
                         field="sheet") from None
    except (zipfile.BadZipFile, ValueError, csv.Error) as exc:
        raise InputError(f"{path.name}: 表として読めません。", f"{path.name} cannot be read as a table "
                         f"({type(exc).__name__}).", field="file") from None


def cmd_import(args) -> int:
    svc = session.service(args)
    mapping = importer.Mapping.from_dict(read_json(args.mapping, "mapping"))
    header, rows = _read_table(Path(args.file), mapping.sheet)
    checked = importer.check_rows(header, rows, mapping, source=Path(args.file).name)
    if checked.errors:
        emit({"imported": 0, "rows": checked.rows,
              "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in checked.errors]})
        _row_errors_to_stderr(checked.errors, mapping)
        return 2
    ids = [] if args.dry_run else importer.import_for(svc, checked)
    emit({"imported": len(ids), "rows": checked.rows, "dry_run": args.dry_run, "ids": ids})
    return 0


def register(sub) -> None:
    rep = sub.add_parser("report", help="推進委員会報告 and totals").add_subparsers(dest="report_kind", required=True)
    c = rep.add_parser("committee", help="the committee report as .pdf or .xlsx")
    c.add_argument("--from", dest="date_from", required=True)
    c.add_argument("--to", dest="date_to", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--reporter", help="報告者 (e.g. 人事課)")
    add_today(c, "YYYY-MM-DD: the day 再発防止 items are judged overdue on (default: today)")
    c.set_defaults(func=cmd_committee)
    t = rep.add_parser("totals", help="totals as JSON")
    t.add_argument("--from", dest="date_from")
    t.add_argument("--to", dest="date_to")
    t.set_defaults(func=cmd_totals)
    sub.add_parser("stats", help="de-identified totals (人事課)").set_defaults(func=cmd_stats)
    i = sub.add_parser("import", help="import earlier records from a CSV / Excel sheet")
    i.add_argument("file")
    i.add_argument("--mapping", required=True, help="JSON: column mapping")
    i.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    i.set_defaults(func=cmd_import)
