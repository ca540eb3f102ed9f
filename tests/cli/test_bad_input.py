"""Hostile and malformed input at the CLI's doors: exit 2, a Japanese and an English line, no traceback, and
nothing stored. Real subprocesses (``python -m app``) on one real data folder shared by the module."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from app.export.csv_export import visible_start
from tests.cli.helpers import ADMIN, init
from tests.conftest import SAMPLE
from tests.stats.test_import import HEADER, MAPPING

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CHIEF = "麻布 課長"


def _cli(env, *args, data: bytes | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "app", *args], input=data, capture_output=True, env=env,
                          timeout=180)
    proc.stdout, proc.stderr = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    return proc


def _ok(env, *args, data: bytes | None = None):
    proc = _cli(env, *args, data=data)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A data folder with the admin, a 職員 (the env signs in as them), a 課長 and one incident."""
    root = tmp_path_factory.mktemp("bad-input")
    env = dict(os.environ)
    env.update({"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(root / "xdg"),
                "XDG_STATE_HOME": str(root / "state"), "MADOGUCHI_DATA_DIR": str(root / "data"),
                "QT_QPA_PLATFORM": "offscreen"})
    init(env)
    _ok(dict(env, MADOGUCHI_USER=ADMIN), "staff", "add", "--name", CHIEF, "--role", "section_chief",
        "--department", "区民部/区民課/", "--password-file", env["MADOGUCHI_PASSWORD_FILE"])
    iid = _ok(env, "incident", "add", "--json", "-", data=_json(SAMPLE))["id"]
    w = {"env": env, "root": root, "iid": iid}
    w.update(incidents=_total(w), entries=_entries(w))  # what every refused command must leave as it was
    return w


def _total(world) -> int:
    return _ok(world["env"], "incident", "list")["total"]


def _entries(world) -> int:
    return len(_ok(world["env"], "incident", "show", world["iid"])["entries"])


def assert_refused(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = proc.stderr.splitlines()
    assert any(line.startswith("エラー: ") and JAPANESE.search(line) for line in lines), proc.stderr
    assert any(line.startswith("Error: ") and len(line) > len("Error: ") for line in lines), proc.stderr


DEEP = b"[" * 100_000 + b"]" * 100_000
BAD_JSON = {
    "deep-100k": DEEP,
    "deep-object": b'{"a":' * 100 + b"1" + b"}" * 100,
    "int-5000-digits": b'{"summary": 1' + b"2" * 4999 + b"}",
    "int-19-digits": b'{"summary": "x", "n": 1234567890123456789}',
    "nan": b'{"summary": NaN}',
    "infinity": b'{"summary": -Infinity}',
    "float-overflow": b'{"summary": 1e999}',
    "invalid-utf8": b'{"summary": "\xff\xfe\x80"}',
    "truncated": b'{"summary": "',
    "array-not-object": _json([SAMPLE]),
    "number-not-object": b"12",
}
WRONG_TYPES = {
    "summary-number": dict(SAMPLE, summary=12345),
    "channel-list": dict(SAMPLE, channel=["対面"]),
    "channel-null": dict(SAMPLE, channel=None),
    "occurred_at-number": dict(SAMPLE, occurred_at=12345),
    "occurred_at-null": dict(SAMPLE, occurred_at=None),
    "staff-string": dict(SAMPLE, staff="港 一郎"),
    "party-string": dict(SAMPLE, party="髙橋"),
    "party-name-number": dict(SAMPLE, party={"name": 5}),
    "behaviours-numbers": dict(SAMPLE, behaviours=[1, 2]),
}


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_incident_add_refuses_malformed_json(world, name):
    assert_refused(_cli(world["env"], "incident", "add", "--json", "-", data=BAD_JSON[name]))
    assert _total(world) == world["incidents"]


@pytest.mark.parametrize("name", sorted(WRONG_TYPES))
def test_incident_add_refuses_wrong_types(world, name):
    proc = _cli(world["env"], "incident", "add", "--json", "-", data=_json(WRONG_TYPES[name]))
    assert_refused(proc)
    assert "field" in json.loads(proc.stderr.splitlines()[0])
    assert _total(world) == world["incidents"]


def test_files_too_large_or_not_utf8_are_refused_by_name(world):
    big = world["root"] / "big.json"
    with open(big, "wb") as fh:
        fh.write(b'{"summary": "')
        fh.write(b"a" * (20 * 1024 * 1024))
        fh.write(b'"}')
    latin = world["root"] / "latin1.json"
    latin.write_bytes(_json(dict(SAMPLE)).replace("髙橋".encode(), "Müller".encode("latin-1")))
    for path in (big, latin):
        proc = _cli(world["env"], "incident", "add", "--json", str(path))
        assert_refused(proc)
        assert path.name in proc.stderr
    assert _total(world) == world["incidents"]


@pytest.mark.parametrize("kind,payload", [
    pytest.param("quote", {"at": 12345, "text": ["list"]}, id="quote-wrong-types"),
    pytest.param("backup_call", {"at": "2025-04-01T10:00:00+09:00", "staff_present": -1}, id="backup_call-negative"),
    pytest.param("backup_call", {"at": "2025-04-01T10:00:00+09:00", "staff_present": 10 ** 30}, id="huge-int"),
    pytest.param("step_done", {"step": "no_such_step"}, id="step-not-in-the-edition"),
    pytest.param("stop_request", {"at": "2025-04-01T10:00:00+09:00", "phrase": "x", "extra": 1}, id="unknown-field"),
    pytest.param("leave_request", {"at": "令和8年13月1日"}, id="time-not-iso"),
    pytest.param("note", [{"text": "x"}], id="note-array"),
    pytest.param("note", None, id="note-null"),
])
def test_entry_add_refuses_bad_payloads(world, kind, payload):
    proc = _cli(world["env"], "entry", "add", world["iid"], "--kind", kind, "--json", "-", data=_json(payload))
    assert_refused(proc)
    assert _entries(world) == world["entries"]


@pytest.mark.parametrize("name", ["deep-100k", "int-5000-digits", "nan", "invalid-utf8"])
def test_entry_add_refuses_malformed_json(world, name):
    proc = _cli(world["env"], "entry", "add", world["iid"], "--kind", "note", "--json", "-", data=BAD_JSON[name])
    assert_refused(proc)
    assert _entries(world) == world["entries"]


@pytest.mark.parametrize("date", ["令和8年13月1日", "令和8年2月30日", "平成32年1月1日", "平成31年5月1日", "令和0年5月1日",
                                  "令和6年6月1日 25時00分"])
def test_import_refuses_impossible_wareki_dates(world, date):
    src = world["root"] / "old.csv"
    good = ["2024/5/7 10:30", "窓口", "大声", "", "", "", "", "", "", ""]
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, good, [date, "電話", "長時間の電話", "", "", "", "", "", "", ""]])
    mapping = world["root"] / "map.json"
    mapping.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    proc = _cli(world["env"], "import", str(src), "--mapping", str(mapping))
    assert_refused(proc)
    assert "3行目" in proc.stderr and "発生日" in proc.stderr and "row 3" in proc.stderr  # the row and the column
    result = json.loads(proc.stdout)
    assert result["imported"] == 0 and [(e["row"], e["field"]) for e in result["errors"]] == [(3, "occurred_at")]
    assert _total(world) == world["incidents"]


def test_import_refuses_a_hostile_mapping(world):
    mapping = world["root"] / "deep-map.json"
    mapping.write_bytes(DEEP)
    proc = _cli(world["env"], "import", str(world["root"] / "old.csv"), "--mapping", str(mapping))
    assert_refused(proc)
    assert "deep-map.json" in proc.stderr
    assert _total(world) == world["incidents"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_export_guards_formulas_behind_a_variation_selector(world, encoding):
    env = world["env"]
    marker = f"VS-{encoding}"
    iid = _ok(env, "incident", "add", "--json", "-", data=_json(dict(
        SAMPLE, summary=f'\ufe0f=HYPERLINK("http://example.invalid/{marker}","開く")', demands="\u200b+1+1",
        party={"name": "＝cmd|' /C calc'!A0"})))["id"]
    world["incidents"] += 1
    out = world["root"] / f"vs-{encoding}.csv"
    _ok(dict(env, MADOGUCHI_USER=CHIEF), "export", "csv", "--out", str(out), "--encoding", encoding)
    rows = {r["記録ID"]: r for r in csv.DictReader(io.StringIO(out.read_bytes().decode(encoding), newline=""))}
    row = rows[iid]
    assert row["相手方"] == "'＝cmd|' /C calc'!A0"
    if encoding == "cp932":  # the selector is stripped on conversion: the cell would have started with =
        assert row["概要"] == f"'=HYPERLINK(\"http://example.invalid/{marker}\",\"開く\")"
        assert "U+FE0F" in row["変換注記"]
        assert row["要求内容"] == "〓+1+1"  # U+200B is not in CP932: 〓, which is no formula
    else:
        assert row["概要"] == f"'\ufe0f=HYPERLINK(\"http://example.invalid/{marker}\",\"開く\")"
        assert row["要求内容"] == "'\u200b+1+1"
    for r in rows.values():
        for v in r.values():
            assert not visible_start(v).startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")), v


def test_control_characters_in_error_text_are_escaped(world):
    env = world["env"]
    hostile = "\x1b]0;owned\x07\x1b[2J\r\x7f\x9bX"
    proc = _cli(env, "incident", "show", hostile)
    assert proc.returncode == 7 and "Traceback" not in proc.stderr
    assert "\\u001b]0;owned\\u0007\\u001b[2J\\u000d\\u007f\\u009bX" in proc.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.stderr), repr(proc.stderr)
    usage = _cli(env, "queue", hostile)  # argparse quotes the bad choice
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", usage.stderr), repr(usage.stderr)
