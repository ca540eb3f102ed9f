"""A small, fast xlsx writer: sheet XML written directly (issue 18: the committee report at 100k cases).

openpyxl's write-only mode spends most of a large report creating a cell object per value and styling it;
this writes each row as one string. What it supports is what the reports need: several sheets, column
widths, a frozen header row, three cell styles (plain, a bold shaded header, wrapped text aligned top),
numbers and text. Text is always an inline string, never a formula, whatever it starts with. Characters
XML 1.0 cannot carry (control characters) are written as the OOXML escape ``_xHHHH_``.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

PLAIN, HEADER, WRAP = 0, 1, 2  # cell styles (indexes of cellXfs below)

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_COLUMNS: list[str] = []


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA …"""
    while len(_COLUMNS) <= index:
        n, s = len(_COLUMNS) + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            s = chr(65 + r) + s
        _COLUMNS.append(s)
    return _COLUMNS[index]


_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    if _SPECIAL.search(value) is None:  # most text: nothing to escape
        return value
    value = escape(value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


@dataclass
class Sheet:
    title: str
    widths: dict[int, float] = field(default_factory=dict)  # column index -> width (characters)
    freeze_header: bool = False
    _rows: list[str] = field(default_factory=list)

    def append(self, values, style: int = PLAIN, styles: dict[int, int] | None = None) -> None:
        """One row: numbers (int, float) as numbers, None as an empty cell, anything else as text.
        ``styles``: column index -> style for single cells; ``style`` for the others."""
        r = len(self._rows) + 1
        column_letter(len(values))  # fills _COLUMNS
        cells = []
        add = cells.append
        for i, v in enumerate(values):
            if v is None or v == "":
                continue
            s = styles.get(i, style) if styles else style
            attr = f' s="{s}"' if s else ""
            if v.__class__ is str:
                add(f'<c r="{_COLUMNS[i]}{r}"{attr} t="inlineStr"><is><t xml:space="preserve">{_text(v)}</t></is></c>')
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                add(f'<c r="{_COLUMNS[i]}{r}"{attr}><v>{v!r}</v></c>')
            else:
                text = ("TRUE" if v else "FALSE") if isinstance(v, bool) else str(v)
                add(f'<c r="{_COLUMNS[i]}{r}"{attr} t="inlineStr"><is><t xml:space="preserve">{_text(text)}</t></is></c>')
        self._rows.append(f'<row r="{r}">{"".join(cells)}</row>')

    def xml(self) -> str:
        views = ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
                 ' state="frozen"/></sheetView></sheetViews>') if self.freeze_header else ""
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                       for i, w in sorted(self.widths.items()))
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'{views}{f"<cols>{cols}</cols>" if cols else ""}<sheetData>{"".join(self._rows)}</sheetData>'
                '</worksheet>')


_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
           '<fill><patternFill patternType="solid"><fgColor rgb="00EEEEEE"/></patternFill></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
           '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           '</styleSheet>')


class Workbook:
    def __init__(self):
        self.sheets: list[Sheet] = []

    def create_sheet(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        n = len(self.sheets)
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml"'
                 ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/styles.xml"'
                 ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                 + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                           'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
                 + '</Types>')
        root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                     '</Relationships>')
        workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                    + "".join(f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                              for i, s in enumerate(self.sheets))
                    + '</sheets></workbook>')
        wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                             for i in range(n))
                   + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr("_rels/.rels", root_rels)
            z.writestr("xl/workbook.xml", workbook)
            z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
            z.writestr("xl/styles.xml", _STYLES)
            for i, s in enumerate(self.sheets):
                z.writestr(f"xl/worksheets/sheet{i + 1}.xml", s.xml())
        return buf.getvalue()
