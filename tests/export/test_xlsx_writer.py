"""The direct xlsx writer read back with openpyxl: text stays text, numbers numbers, styles and layout kept."""
from __future__ import annotations

import io

import openpyxl

from app.export.xlsx_writer import HEADER, WRAP, Workbook, column_letter


def _read(wb: Workbook):
    return openpyxl.load_workbook(io.BytesIO(wb.save()))


def test_values_styles_and_layout_read_back():
    wb = Workbook()
    ws = wb.create_sheet("事案別")
    ws.freeze_header = True
    ws.widths = {0: 6, 1: 38}
    ws.append(["No.", "内容", "日数"], style=HEADER)
    ws.append([1, "=HYPERLINK(\"http://example.invalid\")", 2.5], styles={1: WRAP})
    ws.append([2, "𠮷田 髙橋 﨑 <&> \"引用\"", None])
    ws.append([3, "制御\x07文字\x1f", 0])
    wb.create_sheet("注記").append(["二枚目"])
    book = _read(wb)
    assert book.sheetnames == ["事案別", "注記"]
    sheet = book["事案別"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["No.", "内容", "日数"]
    assert rows[1] == [1, "=HYPERLINK(\"http://example.invalid\")", 2.5]
    assert sheet["B2"].data_type == "s"  # a text that looks like a formula is still text
    assert rows[2] == [2, "𠮷田 髙橋 﨑 <&> \"引用\"", None]  # never normalised
    # XML cannot carry control characters: written as OOXML escapes (Excel shows the characters; openpyxl,
    # which refuses to write them, reads the escape as it is)
    assert rows[3] == [3, "制御_x0007_文字_x001F_", 0]
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("EEEEEE")
    assert sheet["B2"].alignment.wrap_text and not sheet["A2"].alignment.wrap_text
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 38
    assert book["注記"]["A1"].value == "二枚目"


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
