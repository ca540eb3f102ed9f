"""app/cli/util and the error path of app.cli.main, in-process (fast)."""
from __future__ import annotations

import pytest

import app.cli
from app.cli import incident, util
from app.model.errors import InputError


def _json_file(tmp_path, data: bytes):
    path = tmp_path / "in.json"
    path.write_bytes(data)
    return str(path)


def test_depth_limit_counts_brackets_outside_strings_only(tmp_path):
    ok = b"[" * util.MAX_JSON_DEPTH + b"]" * util.MAX_JSON_DEPTH
    assert util.json_depth(ok.decode()) == util.MAX_JSON_DEPTH
    util.read_json(_json_file(tmp_path, ok))
    with pytest.raises(InputError) as exc:
        util.read_json(_json_file(tmp_path, b"[" + ok + b"]"))
    assert "64" in exc.value.ja and exc.value.field == "json"
    text = '{"a": "[[[[{{{{\\"[[[[", "b": ["\\\\", "]]]"]}'
    assert util.json_depth(text) == 2
    assert util.read_json(_json_file(tmp_path, text.encode())) == {"a": '[[[[{{{{"[[[[', "b": ["\\", "]]]"]}


@pytest.mark.parametrize("data,fragment", [
    (b"1" * 19, "18"), (b"-" + b"9" * 19, "18"), (b"[NaN]", "NaN"), (b"[Infinity]", "Infinity"),
    (b"[1e400]", "1e400"), (b'"\xc3"', "UTF-8"), (b"\xef\xbb\xbf{", "JSON"),
])
def test_numbers_constants_and_encoding_are_refused(tmp_path, data, fragment):
    with pytest.raises(InputError) as exc:
        util.read_json(_json_file(tmp_path, data), "fields")
    assert exc.value.field == "fields" and fragment in exc.value.ja + exc.value.en
    assert "in.json" in exc.value.ja


def test_valid_numbers_and_a_bom_are_fine(tmp_path):
    assert util.read_json(_json_file(tmp_path, b"\xef\xbb\xbf[123456789012345678, -1.5, 0]")) == \
        [123456789012345678, -1.5, 0]


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError):
        util.read_json(str(tmp_path / "nope.json"))


def test_safe_text_escapes_terminal_controls_only():
    assert util.safe_text("a\x1b[31mb\x07\r\x00\x7f\x85\x9f\n\tc髙") == \
        "a\\u001b[31mb\\u0007\\u000d\\u0000\\u007f\\u0085\\u009f\n\tc髙"


def test_unexpected_exceptions_become_a_message_and_exit_1(monkeypatch, capsys, tmp_path):
    from app import crashlog

    def boom(args):
        raise RuntimeError("\x1b[2J secret text")
    monkeypatch.setattr(incident, "cmd_incident", boom)
    monkeypatch.setattr(crashlog, "log_dir", lambda: tmp_path)
    assert app.cli.main(["--data-dir", str(tmp_path / "d"), "incident", "list"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RuntimeError" in err and "secret text" not in err
    assert err.count("\n") >= 2 and "エラー: " in err and "Error: " in err
    assert "RuntimeError" in (tmp_path / "crash.log").read_text(encoding="utf-8")


def test_madoguchi_errors_on_stderr_are_escaped(monkeypatch, capsys, tmp_path):
    def bad(args):
        raise InputError("名前「\x1b[31m」", "name \x9b\x07", field="name\x1b")
    monkeypatch.setattr(incident, "cmd_incident", bad)
    assert app.cli.main(["--data-dir", str(tmp_path / "d"), "incident", "list"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x9b" not in err and "\x07" not in err
    assert "エラー: 名前「\\u001b[31m」" in err and "Error: name \\u009b\\u0007" in err
