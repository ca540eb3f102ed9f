"""CLI for statistics, the 推進委員会 report, CSV export and the import of earlier records.

    madoguchi report committee --from 2025-04-01 --to 2026-03-31 --out report.pdf|.xlsx
    madoguchi report totals [--from D] [--to D]
    madoguchi export csv --out FILE [--encoding cp932|utf-8-sig] [--deidentify]   (also: csv-export)
    madoguchi import FILE --mapping MAPPING.json [--dry-run]

``--out`` never overwrites. ``export`` is shared with the document export (app/cli_export.py): the ``csv``
sub-command is added to an existing ``export`` group after every module registered (``register_late``), and
the group is created only when nobody else made one.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.cli import _emit, read_json
from app.commands import _service
from app.model import importer, stats
from app.model.errors import InputError, MadoguchiError


class OutputExistsError(MadoguchiError):
    exit_code = 5


def _out_path(value: str, suffixes: tuple[str, ...]) -> Path:
    out = Path(value)
    if out.suffix.lower() not in suffixes:
        raise InputError(f"--out の拡張子は {' / '.join(suffixes)} にしてください。",
                         f"--out must end with {' or '.join(suffixes)}.", field="out")
    if out.exists():
        raise OutputExistsError(f"ファイルが既にあります（上書きしません）: {out.name}",
                                f"{out.name} exists; not overwritten.")
    return out


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--{name}: 日付は YYYY-MM-DD で指定してください。", f"--{name}: use YYYY-MM-DD.",
                         field=name) from None


def _write_new(out: Path, data: bytes) -> None:
    with open(out, "xb") as fh:
        fh.write(data)


def cmd_committee(args) -> int:
    from app.export import committee_report as cr
    out = _out_path(args.out, (".pdf", ".xlsx"))
    date_from, date_to = _date(args.date_from, "from"), _date(args.date_to, "to")
    svc = _service(args)
    facts = stats.collect_for(svc, date_from, date_to)
    stats.export_deidentified(svc, True)
    report = cr.build_committee_report(facts, date_from, date_to, reporter=args.reporter or "")
    data = cr.render_pdf(report) if out.suffix.lower() == ".pdf" else cr.render_xlsx(report)
    _write_new(out, data)
    _emit({"out": str(out), "cases": len(report.cases), "bytes": len(data)})
    return 0


def cmd_totals(args) -> int:
    svc = _service(args)
    t = stats.totals(stats.collect_for(svc, _date(args.date_from, "from"), _date(args.date_to, "to")))
    _emit({"count": t.count, "resolved": t.resolved_count, "mean_days": t.mean_days, "median_days": t.median_days,
           **{d: dict(t.ordered(d)) for d in stats.DIMENSIONS}})
    return 0


def cmd_csv(args) -> int:
    from app.export import csv_export
    out = _out_path(args.out, (".csv",))
    svc = _service(args)
    deidentify = stats.export_deidentified(svc, args.deidentify)
    facts = stats.collect(svc.store, _date(args.date_from, "from"), _date(args.date_to, "to"))
    _emit(csv_export.write_csv(facts, out, args.encoding, deidentify=deidentify))
    return 0


def cmd_import(args) -> int:
    svc = _service(args)
    mapping = importer.Mapping.from_dict(read_json(args.mapping))
    header, rows = importer.read_table(Path(args.file), mapping.sheet)
    checked = importer.check_rows(header, rows, mapping, source=Path(args.file).name)
    if checked.errors:
        _emit({"imported": 0, "rows": checked.rows,
               "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in checked.errors]})
        return 2
    ids = [] if args.dry_run else importer.import_for(svc, checked)
    _emit({"imported": len(ids), "rows": checked.rows, "dry_run": args.dry_run, "ids": ids})
    return 0


def _csv_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="a new .csv file (never overwritten)")
    p.add_argument("--encoding", choices=("cp932", "utf-8-sig"), default="utf-8-sig")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--deidentify", action="store_true", help="相手方A … / 職員 names removed")
    p.set_defaults(func=cmd_csv)


def register(sub) -> None:
    rep = sub.add_parser("report", help="推進委員会報告 and totals").add_subparsers(dest="report_kind", required=True)
    c = rep.add_parser("committee", help="the committee report as .pdf or .xlsx")
    c.add_argument("--from", dest="date_from", required=True)
    c.add_argument("--to", dest="date_to", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--reporter", help="報告者 (e.g. 人事課)")
    c.set_defaults(func=cmd_committee)
    t = rep.add_parser("totals", help="totals as JSON")
    t.add_argument("--from", dest="date_from")
    t.add_argument("--to", dest="date_to")
    t.set_defaults(func=cmd_totals)
    _csv_options(sub.add_parser("csv-export", help="incidents as CSV (UTF-8 with BOM or CP932)"))
    i = sub.add_parser("import", help="import earlier records from a CSV / Excel sheet")
    i.add_argument("file")
    i.add_argument("--mapping", required=True, help="JSON: column mapping")
    i.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    i.set_defaults(func=cmd_import)


def _subparsers_of(parser: argparse.ArgumentParser):
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def register_late(sub) -> None:
    """Add ``export csv`` to the shared ``export`` group (created here only if no module made one)."""
    group = sub.choices.get("export")
    inner = _subparsers_of(group) if group is not None else None
    if group is None:
        inner = sub.add_parser("export", help="exports").add_subparsers(dest="export_kind", required=True)
    if inner is None or "csv" in inner.choices:
        return
    _csv_options(inner.add_parser("csv", help="incidents as CSV (UTF-8 with BOM or CP932)"))
