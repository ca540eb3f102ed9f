"""Font registration and per-character fallback for the documents (reportlab only, no Qt).

Fonts (bundled in resources/fonts, embedded as subsets by reportlab's TTF support):

* ``IPAmjMincho`` (IPAmj明朝, 文字情報基盤): first choice for people's names; covers 髙 﨑 𠮷 and the
  Moji_Joho ideographic variation sequences (cmap format 14).
* ``IPAexMincho`` (IPAex明朝): first choice for body text. It loads about 4x faster than IPAmj明朝
  (12k glyphs against 61k), and its proportional Latin letters and digits read better in prose. Any
  character it lacks falls back to IPAmj明朝, so the body never shows a missing glyph either.
* ``IPAexGothic`` (IPAexゴシック): available for emphasis; not used by the templates yet.

A string is split into *runs*, each drawn with the first font (in the role's order) that has the glyph.
A base character followed by a variation selector (U+FE00–FE0F, U+E0100–E01EF) is one cluster:

* if a font's format-14 cmap maps the sequence to its own glyph, that glyph is drawn;
* otherwise the base glyph is drawn, and the selector is kept in the text layer.

Each cluster is drawn through a private code point (plane 16) that this module maps to the chosen glyph
id in the font's reportlab face; reportlab's ToUnicode writer is replaced so that the private code
extracts back as the original sequence (base + selector), and so that characters outside the BMP
(𠮷 U+20BB7) are written as UTF-16 surrogate pairs, which reportlab's own writer gets wrong. A
character that no font has is drawn as 〓 (U+3013) and still extracts back as itself.

Nothing here normalises text (no NFKC): what is stored is what is drawn and what extracts back.
"""
from __future__ import annotations

import struct
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

NAME_FONT = "IPAmjMincho"
BODY_FONT = "IPAexMincho"
GOTHIC_FONT = "IPAexGothic"

FONT_FILES = {
    NAME_FONT: "ipamjm.ttf",
    BODY_FONT: "ipaexm.ttf",
    GOTHIC_FONT: "ipaexg.ttf",
}

#: font order per role; the first font that has a character draws it
ROLE_ORDER = {
    "name": (NAME_FONT, BODY_FONT),
    "body": (BODY_FONT, NAME_FONT),
    "gothic": (GOTHIC_FONT, NAME_FONT, BODY_FONT),
}

IDEOGRAPHIC_SPACE = "\u3000"
GETA = "\u3013"  # 〓, drawn for a character no bundled font has
_PRIVATE_BASE = 0x100000  # Supplementary Private Use Area-B; none of the bundled fonts maps it


def resources_dir() -> Path:
    """The resources folder: next to the package, or inside a PyInstaller bundle."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        cand = Path(meipass) / "resources"
        if cand.is_dir():
            return cand
    return Path(__file__).resolve().parents[2] / "resources"


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / FONT_FILES[name]


def is_variation_selector(ch: str) -> bool:
    c = ord(ch)
    return 0xFE00 <= c <= 0xFE0F or 0xE0100 <= c <= 0xE01EF


@dataclass
class _FontInfo:
    name: str
    font: TTFont
    cmap: dict  # code point -> glyph id (reportlab's parsed cmap; may gain private codes)
    uvs_default: dict = field(default_factory=dict)  # selector -> set of base code points
    uvs_glyph: dict = field(default_factory=dict)  # (base, selector) -> glyph id
    advances: list = field(default_factory=list)  # glyph id -> advance in 1/1000 em (from hmtx)

    def has(self, cp: int) -> bool:
        return cp in self.cmap and cp < _PRIVATE_BASE

    def sequence_glyph(self, base: int, vs: int) -> int | None:
        """Glyph id for an explicitly supported variation sequence, else None."""
        gid = self.uvs_glyph.get((base, vs))
        if gid is not None:
            return gid
        if base in self.uvs_default.get(vs, ()) and self.has(base):
            return self.cmap[base]
        return None


_lock = threading.RLock()
_fonts: dict[str, _FontInfo] = {}
#: private code point -> text it stands for (used by the ToUnicode writer)
_private_text: dict[int, str] = {}
#: (font, glyph id, text) -> private code point
_private_codes: dict[tuple[str, int, str], int] = {}


def _read_format14(path: Path) -> tuple[dict, dict, list]:
    """Parse the cmap format-14 subtable (Unicode variation sequences) of a TrueType font, and the
    glyph advances from ``hmtx`` (in 1/1000 em)."""
    default: dict[int, set[int]] = {}
    glyphs: dict[tuple[int, int], int] = {}
    with open(path, "rb") as f:
        head = f.read(12)
        num_tables = struct.unpack(">H", head[4:6])[0]
        directory = f.read(16 * num_tables)
        tables = {}
        for i in range(num_tables):
            tag, _cs, off, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
            tables[tag] = (off, length)
        f.seek(tables[b"head"][0] + 18)
        upem = struct.unpack(">H", f.read(2))[0]
        f.seek(tables[b"hhea"][0] + 34)
        n_hmetrics = struct.unpack(">H", f.read(2))[0]
        f.seek(tables[b"hmtx"][0])
        raw = struct.unpack(f">{2 * n_hmetrics}H", f.read(4 * n_hmetrics))
        advances = [aw * 1000 / upem for aw in raw[0::2]]
        if b"cmap" not in tables:
            return default, glyphs, advances
        cmap_off, cmap_len = tables[b"cmap"]
        f.seek(cmap_off)
        cmap = f.read(cmap_len)
    _ver, n = struct.unpack(">HH", cmap[:4])
    for j in range(n):
        platform, encoding, off = struct.unpack(">HHI", cmap[4 + 8 * j:12 + 8 * j])
        if platform != 0 or encoding != 5 or struct.unpack(">H", cmap[off:off + 2])[0] != 14:
            continue
        nrec = struct.unpack(">I", cmap[off + 6:off + 10])[0]
        for r in range(nrec):
            p = off + 10 + 11 * r
            vs = int.from_bytes(cmap[p:p + 3], "big")
            d_off, nd_off = struct.unpack(">II", cmap[p + 3:p + 11])
            if d_off:
                q = off + d_off
                cnt = struct.unpack(">I", cmap[q:q + 4])[0]
                s = default.setdefault(vs, set())
                for k in range(cnt):
                    e = q + 4 + 4 * k
                    start = int.from_bytes(cmap[e:e + 3], "big")
                    s.update(range(start, start + cmap[e + 3] + 1))
            if nd_off:
                q = off + nd_off
                cnt = struct.unpack(">I", cmap[q:q + 4])[0]
                for k in range(cnt):
                    e = q + 4 + 5 * k
                    base = int.from_bytes(cmap[e:e + 3], "big")
                    glyphs[(base, vs)] = struct.unpack(">H", cmap[e + 3:e + 5])[0]
    return default, glyphs, advances


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ToUnicode CMap for a subset: UTF-16BE (surrogate pairs outside the BMP), private codes
    written as the sequence they stand for. Replaces reportlab's writer, which prints ``<20BB7>``."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname,
        "/Ordering (%s)" % fontname,
        "/Supplement 0",
        ">> def",
        "/CMapName /%s def" % fontname,
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
    ]
    pairs = ["<%02X> <%s>" % (i, _utf16_hex(_private_text.get(v, chr(v)))) for i, v in enumerate(subset)]
    for k in range(0, len(pairs), 100):  # at most 100 entries per block (PDF reference)
        chunk = pairs[k:k + 100]
        lines.append("%d beginbfchar" % len(chunk))
        lines.extend(chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (once per process) and install the ToUnicode fix."""
    with _lock:
        if _fonts:
            return
        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
        for name in (BODY_FONT, NAME_FONT):  # IPAexゴシック is loaded on first use (role "gothic")
            _load(name)


def _load(name: str) -> _FontInfo:
    path = font_path(name)
    font = TTFont(name, str(path))
    font.shapable = False
    pdfmetrics.registerFont(font)
    default, glyphs, advances = _read_format14(path)
    _repair_trailing_metrics(font.face, len(advances))
    _read_tables_once(font.face)
    info = _FontInfo(name, font, font.face.charToGlyph, default, glyphs, advances)
    _fonts[name] = info
    return info


class _TableView:
    """A font table read in place: slicing gives bytes (what reportlab's subsetter does with ``glyf``)."""

    __slots__ = ("_mv",)

    def __init__(self, mv: memoryview):
        self._mv = mv

    def __getitem__(self, key) -> bytes:
        return bytes(self._mv[key])

    def __len__(self) -> int:
        return len(self._mv)


def _read_tables_once(face) -> None:
    """reportlab copies a whole table out of the font file each time a subset is made (IPAmj明朝's ``glyf``
    is 45 MB, every document). The tables are read once per process instead; ``glyf`` is not copied at all,
    only the glyphs a subset takes are."""
    data = face._ttf_data
    cache: dict[str, bytes] = {}
    whole = memoryview(data)

    def get_table(tag):
        pos, length = face.get_table_pos(tag)
        if tag == "glyf":
            return _TableView(whole[pos:pos + length])
        got = cache.get(tag)
        if got is None:
            got = cache[tag] = bytes(whole[pos:pos + length])
        return got

    face.get_table = get_table


def _repair_trailing_metrics(face, n_hmetrics: int) -> None:
    """reportlab keeps the glyphs past ``numberOfHMetrics`` at the last advance *scaled to 1/1000 em* in its raw
    metrics, so a subset's hmtx gave them 1000/2048 em while /Widths says 1 em (a PDF/A violation, ISO 19005-2
    6.2.11.5). They take the last advance in font units, as the TrueType spec says."""
    if not 0 < n_hmetrics < len(face.hmetrics):
        return
    raw_last = face.hmetrics[n_hmetrics - 1][0]
    face.hmetrics[n_hmetrics:] = [(raw_last, lsb) for _aw, lsb in face.hmetrics[n_hmetrics:]]


def font_info(name: str) -> _FontInfo:
    register_fonts()
    with _lock:
        return _fonts[name] if name in _fonts else _load(name)


def _glyph_width(info: _FontInfo, gid: int) -> float:
    """Advance of a glyph id in 1/1000 em, from the font's own hmtx table."""
    adv = info.advances
    return adv[gid] if gid < len(adv) else adv[-1]


def _private_code(info: _FontInfo, gid: int, text: str) -> str:
    """A private code point drawing glyph ``gid`` of the font and extracting as ``text``."""
    key = (info.name, gid, text)
    with _lock:
        code = _private_codes.get(key)
        if code is None:
            code = _PRIVATE_BASE + len(_private_codes)
            _private_codes[key] = code
            _private_text[code] = text
            info.cmap[code] = gid
            info.font.face.charWidths[code] = _glyph_width(info, gid)
        return chr(code)


def clusters(text: str) -> list[str]:
    """Split text into characters, keeping each variation selector with its base character."""
    out: list[str] = []
    for ch in text:
        if out and is_variation_selector(ch) and not is_variation_selector(out[-1][-1:]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@dataclass(frozen=True)
class Run:
    font: str  # registered reportlab font name
    draw: str  # the text handed to reportlab (private codes in place of clusters)
    text: str  # the original text of the run

    def width(self, size: float) -> float:
        return pdfmetrics.stringWidth(self.draw, self.font, size)


def _place(cluster: str, order: tuple[str, ...]) -> tuple[str, str]:
    """Choose the font for one cluster; returns (font name, text to draw)."""
    fonts = [font_info(n) for n in order]
    base = ord(cluster[0])
    if len(cluster) == 1:
        if cluster in "\n\t":
            return fonts[0].name, cluster
        if cluster == IDEOGRAPHIC_SPACE:  # a fill-in blank keeps its width (Paragraph squeezes white space)
            info = next((i for i in fonts if i.has(base)), None)
            if info is not None:
                return info.name, _private_code(info, info.cmap[base], cluster)
        for info in fonts:
            if info.has(base):
                return info.name, cluster
        for info in fonts:  # no font has it: a geta mark that still extracts as the character
            if info.has(ord(GETA)):
                return info.name, _private_code(info, info.cmap[ord(GETA)], cluster)
        return fonts[0].name, cluster
    vs = ord(cluster[1]) if len(cluster) == 2 else None
    if vs is not None:
        for info in fonts:
            gid = info.sequence_glyph(base, vs)
            if gid is not None:
                return info.name, _private_code(info, gid, cluster)
    for info in fonts:  # selector unknown to every font: base glyph, selector kept in the text layer
        if info.has(base):
            return info.name, _private_code(info, info.cmap[base], cluster)
    info = next((i for i in fonts if i.has(ord(GETA))), fonts[0])
    return info.name, _private_code(info, info.cmap.get(ord(GETA), 0), cluster)


def text_of(ch: str) -> str:
    """The text a drawn character stands for: a private code point's cluster, else the character."""
    return _private_text.get(ord(ch), ch) if len(ch) == 1 else ch


def missing_variants(texts, role: str = "body") -> list[str]:
    """Variation sequences (e.g. 邊󠄄 U+908A U+E0104) that no bundled font draws in that form: the document
    prints the base glyph, and the issuer is told which characters (first seen order, no repeats)."""
    register_fonts()
    order = [font_info(n) for n in ROLE_ORDER[role]]
    out: list[str] = []
    for text in texts:
        for cl in clusters(text or ""):
            if len(cl) < 2 or cl in out:
                continue
            base, vs = ord(cl[0]), ord(cl[1])
            if not any(info.sequence_glyph(base, vs) is not None for info in order):
                out.append(cl)
    return out


def describe_variant(cluster: str) -> str:
    """「邊󠄄（U+908A U+E0104）」."""
    return f"{cluster}（" + " ".join(f"U+{ord(c):04X}" for c in cluster) + "）"


#: (cluster, font order) -> (font, text to draw): a cluster is always placed the same way in a process
_placed: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}


def split_runs(text: str, role: str = "body") -> list[Run]:
    """Split ``text`` into runs of one font each, so that no character is drawn with a missing glyph."""
    register_fonts()
    order = ROLE_ORDER[role]
    runs: list[Run] = []
    cur_font, cur_draw, cur_text = None, [], []
    placed = _placed
    for cl in clusters(text):
        got = placed.get((cl, order))
        if got is None:
            got = placed[(cl, order)] = _place(cl, order)
        fname, draw = got
        if fname != cur_font and cur_draw:
            runs.append(Run(cur_font, "".join(cur_draw), "".join(cur_text)))
            cur_draw, cur_text = [], []
        cur_font = fname
        cur_draw.append(draw)
        cur_text.append(cl)
    if cur_draw:
        runs.append(Run(cur_font, "".join(cur_draw), "".join(cur_text)))
    return runs


def glyph_ids(run: Run) -> list[int]:
    """Glyph ids that a run draws (0 would be .notdef)."""
    info = _fonts[run.font]
    return [info.cmap.get(ord(ch), 0) for ch in run.draw]


def markup(text: str, role: str = "body") -> str:
    """Paragraph markup for ``text`` with per-character font fallback (XML-escaped; newlines → <br/>)."""
    parts = []
    for run in split_runs(text, role):
        pieces = escape(run.draw).split("\n")
        parts.append('<font name="%s">%s</font>' % (run.font, "<br/>".join(pieces)))
    return "".join(parts)


def string_width(text: str, size: float, role: str = "body") -> float:
    return sum(r.width(size) for r in split_runs(text, role))


def draw_string(canv, x: float, y: float, text: str, size: float, role: str = "body",
                align: str = "left") -> float:
    """Draw one line on a reportlab canvas with fallback; returns its width."""
    runs = split_runs(text, role)
    total = sum(r.width(size) for r in runs)
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    text = canv.beginText(x, y)  # one text object, so extraction keeps the runs on one line
    for r in runs:
        text.setFont(r.font, size)
        text.textOut(r.draw)
    canv.drawText(text)
    return total
