"""Helpers that read the produced PDFs back (pypdf / pdfplumber) for the tests."""
from __future__ import annotations

import io
import struct

import pdfplumber
import pypdf
from pypdf.generic import ContentStream


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def plumber_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [p.extract_text() or "" for p in doc.pages]


def row_right_of(pdf: bytes, label: str, page_no: int | None = None) -> str:
    """Text on the same line as ``label`` and to its right (a label | value table row)."""
    found = rows_right_of(pdf, label, page_no)
    if not found:
        raise AssertionError(f"label {label!r} not found")
    return found[0]


def rows_right_of(pdf: bytes, label: str, page_no: int | None = None) -> list[str]:
    """Every occurrence of ``label`` on one line: the text to its right."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages if page_no is None else [doc.pages[page_no]]
        for page in pages:
            chars = page.chars
            texts = [c["text"] for c in chars]  # one char may extract as several code points (葛󠄀)
            n = len(label)
            for i in range(len(chars)):
                if "".join(texts[i:i + n])[:len(label)] != label or not label.startswith(texts[i]):
                    continue
                k = i
                acc = ""
                while len(acc) < len(label):
                    acc += texts[k]
                    k += 1
                first, last = chars[i], chars[k - 1]
                if acc == label and all(abs(c["top"] - first["top"]) < 2 for c in chars[i:k]):
                    row = [c for c in chars if abs(c["top"] - first["top"]) < 3 and c["x0"] > last["x1"]]
                    row.sort(key=lambda c: c["x0"])
                    found.append("".join(c["text"] for c in row))
    return found


def _subset_cmap(font_file: bytes) -> tuple[dict[int, int], list[int]]:
    """(code → glyph id) from the subset's cmap (format 6 or 4/0), and glyf lengths per glyph."""
    n = struct.unpack(">H", font_file[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _c, off, ln = struct.unpack(">4sIII", font_file[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    off, _ = tables[b"cmap"]
    sub = off + struct.unpack(">I", font_file[off + 8:off + 12])[0]
    fmt = struct.unpack(">H", font_file[sub:sub + 2])[0]
    assert fmt == 6, fmt
    first, count = struct.unpack(">HH", font_file[sub + 6:sub + 10])
    gids = struct.unpack(f">{count}H", font_file[sub + 10:sub + 10 + 2 * count])
    cmap = {first + k: g for k, g in enumerate(gids)}
    head_off = tables[b"head"][0]
    long_loca = struct.unpack(">h", font_file[head_off + 50:head_off + 52])[0] == 1
    loff, lln = tables[b"loca"]
    if long_loca:
        loca = struct.unpack(f">{lln // 4}I", font_file[loff:loff + lln])
    else:
        loca = [2 * v for v in struct.unpack(f">{lln // 2}H", font_file[loff:loff + lln])]
    lengths = [loca[k + 1] - loca[k] for k in range(len(loca) - 1)]
    return cmap, lengths


def used_glyphs(pdf: bytes) -> list[tuple[str, int, int, int]]:
    """Every character code drawn: (font base name, code, subset glyph id, glyph data length)."""
    r = reader(pdf)
    out = []
    cache = {}
    for page in r.pages:
        fonts = page["/Resources"]["/Font"]
        content = ContentStream(page.get_contents(), r)
        cur = None
        for operands, op in content.operations:
            if op == b"Tf":
                cur = fonts[operands[0]].get_object()
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                items = operands[0] if op == b"TJ" else [operands[-1]]
                base = str(cur["/BaseFont"])
                if base not in cache:
                    ff = cur["/FontDescriptor"]["/FontFile2"].get_object().get_data()
                    cache[base] = _subset_cmap(ff)
                cmap, lengths = cache[base]
                for it in items:
                    if isinstance(it, (int, float)):
                        continue
                    data = it.original_bytes if hasattr(it, "original_bytes") else bytes(it)
                    for code in data:
                        g = cmap.get(code, 0)
                        out.append((base, code, g, lengths[g] if g < len(lengths) else 0))
    return out


def embedded_font_files(pdf: bytes) -> list[str]:
    names = []
    for page in reader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            f = ref.get_object()
            if "/FontFile2" in f["/FontDescriptor"]:
                names.append(str(f["/BaseFont"]))
    return names


def text_lines(pdf: bytes, gap: float = 6.0) -> list[list[str]]:
    """Per page, the printed lines as they sit on the page: characters of one baseline, split where a gap
    wider than ``gap`` points separates them (a table's cells are separate lines)."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[int, list] = {}
            for c in page.chars:
                if c["text"].strip() == "" and c["text"] != "\u3000":
                    continue
                key = round(c["matrix"][5])  # the baseline (the same for every font on a line)
                rows.setdefault(key, []).append(c)
            lines = []
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: c["x0"])
                cur = [chars[0]]
                for a, b in zip(chars, chars[1:]):
                    if b["x0"] - a["x1"] > gap:
                        lines.append("".join(c["text"] for c in cur))
                        cur = []
                    cur.append(b)
                lines.append("".join(c["text"] for c in cur))
            out.append(lines)
    return out


def blank_gaps(pdf: bytes, before: str, after: str, page_no: int = 0) -> list[float]:
    """The widths (points) between a ``before`` character and the next ``after`` on its line: how much room
    a fill-in blank leaves (「令和＿＿年」: before 和, after 年)."""
    gaps = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[page_no].chars]
        for i, c in enumerate(chars):
            if c["text"] != before:
                continue
            for d in chars[i + 1:]:
                if abs(d["top"] - c["top"]) > 2:
                    break
                if d["text"] == after:
                    gaps.append(d["x0"] - c["x1"])
                    break
    return gaps
