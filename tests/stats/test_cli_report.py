"""CLI: report committee, export csv / csv-export, import, report totals (subprocesses on a real store)."""
from __future__ import annotations

import csv
import io
import json

import openpyxl

from app.cli import build_parser
from tests.cli.helpers import ADMIN, init, run, run_json
from tests.export.pdfcheck import plumber_texts
from tests.stats.test_import import GOOD, HEADER, MAPPING


def _setup(cli_env, tmp_path):
    init(cli_env)  # an admin and the 職員 港 一郎, who imports
    run_json(dict(cli_env, MADOGUCHI_USER=ADMIN), "staff", "add", "--name", "麻布 課長", "--role", "section_chief",
             "--department", "区民部/区民課/", "--password-file", cli_env["MADOGUCHI_PASSWORD_FILE"])
    src = tmp_path / "old.csv"
    with open(src, "w", encoding="cp932", newline="") as fh:
        csv.writer(fh).writerows([HEADER] + [[c.replace("𠮷", "吉") for c in r] for r in GOOD])
    (tmp_path / "map.json").write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    return src


def test_import_report_and_csv(cli_env, tmp_path):
    src = _setup(cli_env, tmp_path)
    dry = run_json(cli_env, "import", str(src), "--mapping", str(tmp_path / "map.json"), "--dry-run")
    assert dry["imported"] == 0 and dry["rows"] == 2
    # a 職員 may not write the old records' judgements and closings: the importer goes through the same door
    refused = run(cli_env, "import", str(src), "--mapping", str(tmp_path / "map.json"), check=False)
    assert refused.returncode == 6 and "entry.judgement" in refused.stderr
    done = run_json(dict(cli_env, MADOGUCHI_USER="麻布 課長"), "import", str(src), "--mapping", str(tmp_path / "map.json"))
    assert done["imported"] == 2
    assert run(cli_env, "report", "totals", check=False).returncode == 6  # a 職員 sees no statistics
    cli_env = dict(cli_env, MADOGUCHI_USER="麻布 課長")  # the 課長 reports the 課's cases
    totals = run_json(cli_env, "report", "totals")
    assert totals["count"] == 2 and totals["judgement"]["該当"] == 1

    pdf = tmp_path / "r.pdf"
    out = run_json(cli_env, "report", "committee", "--from", "2024-04-01", "--to", "2025-03-31", "--out", str(pdf))
    assert out["cases"] == 2
    text = "\n".join(plumber_texts(pdf.read_bytes()))
    assert "令和6年4月1日 〜 令和7年3月31日" in text and "吉田" not in text
    xlsx = tmp_path / "r.xlsx"
    run(cli_env, "report", "committee", "--from", "2024-04-01", "--to", "2025-03-31", "--out", str(xlsx))
    assert openpyxl.load_workbook(xlsx)["事案別"].max_row == 3

    again = run(cli_env, "report", "committee", "--from", "2024-04-01", "--to", "2025-03-31", "--out", str(xlsx),
                check=False)
    assert again.returncode == 5

    c1 = tmp_path / "a.csv"
    run(cli_env, "export", "csv", "--out", str(c1), "--encoding", "cp932")
    rows = list(csv.reader(io.StringIO(c1.read_bytes().decode("cp932"))))
    assert len(rows) == 3 and rows[0][0] == "記録ID"
    c2 = tmp_path / "b.csv"
    run(cli_env, "csv-export", "--out", str(c2))
    assert c2.read_bytes().startswith(b"\xef\xbb\xbf")


def test_import_errors_exit_2_and_write_nothing(cli_env, tmp_path):
    src = _setup(cli_env, tmp_path)
    src.write_text("発生日,手段\nnot a date,対面\n", encoding="utf-8")
    proc = run(cli_env, "import", str(src), "--mapping", str(tmp_path / "map.json"), check=False)
    assert proc.returncode == 2
    result = json.loads(proc.stdout)
    assert result["imported"] == 0 and result["errors"][0]["row"] >= 1
    assert run_json(cli_env, "incident", "list")["total"] == 0


def test_export_group_is_shared_with_other_modules():
    """cli_export owns ``export`` (``export pdf``); ``csv`` joins the same group."""
    p = build_parser()
    assert p.parse_args(["export", "csv", "--out", "x.csv"]).func.__name__ == "cmd_csv"
    assert p.parse_args(["export", "pdf", "record", "ID", "--out", "x.pdf"]).func.__name__ == "cmd_export_pdf"
