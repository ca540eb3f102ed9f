"""Shared layout of the ward's documents (reportlab platypus, no Qt).

A4 portrait, 左横書き, 明朝 body, a centred title, 「1 / 3」 page numbers, the document title repeated in
the running head from page 2 on, section headings repeated on every page a long section runs across,
a 「下書き」 watermark on drafts, ruled label | value tables that split across pages, and Japanese line
breaking with 禁則 (app/export/kinsoku.py). Label columns are as wide as their longest label (a label
breaks only after 「・」), fill-in blanks keep their width, and one-line rows never split across pages.

Every document is finished as PDF/A-2b (app/export/pdfa.py): its creation date is the given time (the time
of issue), its /ID follows its content; the same input gives a byte-identical PDF.
"""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: F401

from app.model import settings as app_settings

from . import fonts, kinsoku, pdfa
from .fonts import BODY_FONT, draw_string, markup, string_width

kinsoku.install()

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LABEL_WIDTH = 34 * mm
BODY_SIZE = 10.5
WATERMARK = "下書き"
RULE = colors.Color(0.25, 0.25, 0.25)
LABEL_BG = colors.Color(0.93, 0.93, 0.93)

_STYLES = {
    "body": ParagraphStyle("body", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=17, wordWrap="CJK"),
    "cell": ParagraphStyle("cell", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=16, wordWrap="CJK"),
    "small_cell": ParagraphStyle("small_cell", fontName=BODY_FONT, fontSize=9, leading=13, wordWrap="CJK"),
    "label": ParagraphStyle("label", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=16, wordWrap="CJK"),
    "small": ParagraphStyle("small", fontName=BODY_FONT, fontSize=9, leading=13, wordWrap="CJK"),
    "title": ParagraphStyle("title", fontName=BODY_FONT, fontSize=17, leading=26, alignment=TA_CENTER,
                            spaceBefore=6, spaceAfter=10, wordWrap="CJK"),
    "heading": ParagraphStyle("heading", fontName=BODY_FONT, fontSize=11.5, leading=18, spaceBefore=8,
                              spaceAfter=3, wordWrap="CJK"),
    "right": ParagraphStyle("right", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=17, alignment=TA_RIGHT,
                            wordWrap="CJK"),
    "center": ParagraphStyle("center", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=17,
                             alignment=TA_CENTER, wordWrap="CJK"),
    "indent": ParagraphStyle("indent", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=17, wordWrap="CJK",
                             firstLineIndent=BODY_SIZE),
}


def style(name: str) -> ParagraphStyle:
    return _STYLES[name]


def para(text: str, style_name: str = "body", role: str = "body") -> Paragraph:
    """A paragraph with per-character font fallback. ``role='name'`` puts IPAmj明朝 first."""
    return Paragraph(markup(text, role), _STYLES[style_name])


def title(text: str) -> Paragraph:
    return para(text, "title")


def heading(text: str) -> Paragraph:
    return para(text, "heading")


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def paragraphs(text: str, style_name: str = "cell", role: str = "body") -> list[Paragraph]:
    """One paragraph per line of ``text`` (empty lines kept as small gaps)."""
    out: list[Paragraph] = []
    for line in (text or "").split("\n"):
        out.append(para(line, style_name, role) if line else Spacer(1, 4))
    return out or [para("")]


def numbered(items: Sequence[str], style_name: str = "cell") -> list[Paragraph]:
    """「1　…」「2　…」 with a hanging indent."""
    st = ParagraphStyle("numbered", parent=_STYLES[style_name], leftIndent=BODY_SIZE * 1.6,
                        firstLineIndent=-BODY_SIZE * 1.6)
    return [Paragraph(markup(f"{i}　{t}"), st) for i, t in enumerate(items, 1)] or [para("なし", style_name)]


def _cell(value, role: str, style: str = "cell") -> list:
    if value is None:
        return [para("", style)]
    if isinstance(value, Flowable):
        return [value]
    if isinstance(value, (list, tuple)):
        return list(value)
    return paragraphs(str(value), style, role)


@dataclass(frozen=True)
class Row:
    """One row of a label | value table. ``role='name'`` for people's names."""
    label: str
    value: object
    role: str = "body"


def _table_style(extra: Iterable = (), ruled_to: int = -1) -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, ruled_to), 0.6, RULE),
        ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE),  # reportlab's cell default is Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        *extra,
    ])


CELL_PADDING = 10  # left + right padding of a cell (see _table_style)


def label_segments(label: str) -> list[str]:
    """The pieces a label may be broken into: after 「・」 only (「法的な問題点・」「質問事項」)."""
    out, cur = [], ""
    for ch in label:
        cur += ch
        if ch == "・":
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


def label_width_for(labels: Iterable[str], minimum: float = LABEL_WIDTH) -> float:
    """A label column no label breaks mid-word in: at least ``minimum``, as wide as the widest piece."""
    widest = max((string_width(seg, BODY_SIZE) for lb in labels for seg in label_segments(lb)), default=0)
    return max(minimum, widest + CELL_PADDING + 2)


def label_para(label: str, width: float) -> Paragraph:
    """A label on one line where it fits, else broken after its 「・」."""
    if string_width(label, BODY_SIZE) + CELL_PADDING <= width:
        return para(label, "label")
    return Paragraph("<br/>".join(markup(seg) for seg in label_segments(label)), _STYLES["label"])


def field_table(rows: Sequence[Row | tuple], label_width: float | None = None, split_rows: bool = False) -> Table:
    """A ruled two-column table (label | value) that splits between rows across pages (inside a row only
    with ``split_rows``, for free text that can run longer than a page)."""
    rows = [r if isinstance(r, Row) else Row(*r) for r in rows]
    label_width = label_width or label_width_for(r.label for r in rows)
    data = [[label_para(r.label, label_width), _cell(r.value, r.role)] for r in rows]
    t = Table(data, colWidths=[label_width, FRAME_WIDTH - label_width], splitByRow=1,
              splitInRow=1 if split_rows else 0)
    t.setStyle(_table_style([("BACKGROUND", (0, 0), (0, -1), LABEL_BG)]))
    return t


def section(heading_text: str, content, role: str = "body") -> Table:
    """A ruled one-column section: a shaded heading row and the content. The heading row repeats on
    every page the section runs onto (「経緯・背景（続き）」 is not needed: the page head says which page)."""
    body = _cell(content, role)
    data = [[para(heading_text, "label")]] + [[f] for f in body]
    t = Table(data, colWidths=[FRAME_WIDTH], repeatRows=1, splitByRow=1, splitInRow=1)
    t.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ("GRID", (0, 1), (-1, -1), 0, colors.white),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("TOPPADDING", (0, 1), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
    ]))
    return t


def grid_table(header: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float],
               roles: Sequence[str] | None = None, style: str = "cell", closing: bool = False) -> Table:
    """A ruled table with a header row repeated on every page (time lines, evidence lists). ``style``:
    "small_cell" for a wide table whose dates must stay on one line. ``closing``: the document ends with
    this table; 「以上」 is printed under it at the right, on the page of its last row (never a page holding
    the closing mark alone)."""
    roles = list(roles or ["body"] * len(header))
    total = sum(widths_mm)
    widths = [w / total * FRAME_WIDTH for w in widths_mm]
    # a header breaks only where it says (「発生日・\n所属・手段」), never inside a word
    data = [[paragraphs(h, "label") if "\n" in h else para(h, "label") for h in header]]
    for row in rows:
        data.append([_cell(v, roles[i], style) for i, v in enumerate(row)])
    extra = [("BACKGROUND", (0, 0), (-1, 0), LABEL_BG)]
    if not rows:  # one cell across the table: 「なし」 never squeezed into a narrow first column
        data.append([para("なし", "cell")] + [para("", "cell") for _ in header[1:]])
        extra.append(("SPAN", (0, 1), (-1, 1)))
    ruled_to = -1
    if closing:  # a last row without rules, that may not be split from the row above it
        last = len(data)
        data.append([ijo()] + [para("", "cell") for _ in header[1:]])
        extra += [("SPAN", (0, last), (-1, last)), ("NOSPLIT", (0, last - 1), (-1, last)),
                  ("LEFTPADDING", (0, last), (-1, last), 0), ("RIGHTPADDING", (0, last), (-1, last), 0),
                  ("TOPPADDING", (0, last), (-1, last), 2)]
        ruled_to = last - 1
    t = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, splitInRow=0)
    t.setStyle(_table_style(extra, ruled_to))
    return t


def letter_head(number: str, issued: str, addressee: str) -> list:
    """A notice's head: its number and date at the right, then the person it is addressed to."""
    return [para(number, "right"), para(issued, "right"), spacer(3), para(addressee, role="name")]


def letter_body(issuer: Sequence[str], title_text: str, body: str, rows: Sequence[Row | tuple]) -> list:
    """What follows the head of a notice handed to a person: the issuer with the seal box, the title, the
    text, then 「記」 and the particulars (the caller closes with ijo())."""
    return [spacer(3), SealBox(list(issuer)), spacer(3), title(title_text), para(body, "indent"), spacer(2),
            para("記", "center"), field_table(rows)]


IJO = "以上"


def ijo() -> Paragraph:
    """「以上」 at the right, closing what 「記」 opened (under a last table: ``grid_table(closing=True)``)."""
    return para(IJO, "right")


def blank(ems: int = 4) -> str:
    """A fill-in blank of ``ems`` ideographic spaces (kept at full width by the font module)."""
    return "\u3000" * ems


class SealBox(Flowable):
    """The issuer line with a 公印 box 「印」 at the right (e.g. 港区庁舎管理者 港区長 …　[印])."""

    def __init__(self, lines: Sequence[str], role: str = "name", box: float = 17 * mm):
        super().__init__()
        self.lines, self.role, self.box = list(lines), role, box

    def wrap(self, aw, ah):
        self.width = aw
        self.height = max(self.box, len(self.lines) * 17) + 2
        return self.width, self.height

    def draw(self):
        c = self.canv
        x_box = self.width - self.box
        y = self.height - 14
        for line in self.lines:
            draw_string(c, x_box - 4 * mm, y, line, BODY_SIZE, self.role, align="right")
            y -= 17
        c.setStrokeColor(colors.Color(0.6, 0.1, 0.1))
        c.setLineWidth(0.6)
        c.rect(x_box, self.height - self.box, self.box, self.box)
        c.setFillColor(colors.Color(0.6, 0.1, 0.1))
        draw_string(c, x_box + self.box / 2, self.height - self.box / 2 - 4, "印", 11, "body", align="center")
        c.setFillColor(colors.black)



def template_mark(name: str, version: str) -> str:
    """The template and its version as printed at the foot of every page, in words: whoever receives the
    document reads every page (the template's id stays in the ``document_issued`` entry)."""
    return f"様式：{name}（第{version}版）"


@dataclass(frozen=True)
class PageSetup:
    title: str  # document title (also the PDF title and the running head)
    draft: bool
    head_right: str = ""  # e.g. 文書番号, printed at the top right of every page after the first
    template: str = ""  # template_mark(...), printed small at the bottom left
    page_label: str = ""  # before 「1 / 2」, e.g. 「控え」 for a part with its own page count


class _NumberedCanvas(Canvas):
    """Defers pages so that 「n / N」 can be printed with the total known (one layout pass). A document in
    parts (an order and its 控え) counts the pages of each part on its own; :class:`NewPart` starts one."""

    def __init__(self, *args, setups: Sequence[PageSetup], created: _dt.datetime, **kw):
        super().__init__(*args, **kw)
        self._setups = list(setups)
        self._created = created
        self._part = 0
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        parts = [state["_part"] for state in self._pages]
        seen: dict[int, int] = {}
        for state in self._pages:
            self.__dict__.update(state)
            part = state["_part"]
            seen[part] = seen.get(part, 0) + 1
            self._decorate(self._setups[part], seen[part], parts.count(part))
            super().showPage()
        first = self._setups[0]
        content = "\n".join("\n".join(state["_code"]) for state in self._pages).encode("utf-8", "surrogatepass")
        pdfa.apply(self, title=first.title + ("（下書き）" if first.draft else ""),
                   author=app_settings.current().organisation or "港区", subject=first.template,
                   created=self._created, content=content)
        super().save()

    def _decorate(self, s: PageSetup, page: int, total: int) -> None:
        self.saveState()
        self.setFillColor(colors.black)
        label = f"{s.page_label}　" if s.page_label else ""
        draw_string(self, PAGE_WIDTH / 2, 10 * mm, f"{label}{page} / {total}", 9, align="center")
        if page > 1:  # page 1 carries the number in its body: printed once there
            if s.head_right:
                draw_string(self, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 12 * mm, s.head_right, 9, align="right")
            draw_string(self, MARGIN_LEFT + (22 * mm if s.draft else 0), PAGE_HEIGHT - 12 * mm,
                        f"{s.title}（続き）", 9)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN_LEFT, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 14 * mm)
        if s.template:
            self.setFillColor(colors.Color(0.45, 0.45, 0.45))
            draw_string(self, MARGIN_LEFT, 10 * mm, s.template, 7)
        self.restoreState()


class NewPart(Flowable):
    """Marks the page it is drawn on as the first of part ``index`` (put it right after a PageBreak)."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.canv._part = self.index


def _on_page(draft: bool):
    def on_page(canv, doc):
        if not draft:
            return
        canv.saveState()
        canv.setFillColor(colors.Color(0.80, 0.80, 0.80))
        canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canv.rotate(35)
        draw_string(canv, 0, -30, WATERMARK, 110, align="center")
        canv.rotate(-35)
        canv.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
        canv.setFillColor(colors.Color(0.6, 0.1, 0.1))
        draw_string(canv, MARGIN_LEFT, PAGE_HEIGHT - 12 * mm, f"【{WATERMARK}】", 9)
        canv.restoreState()
    return on_page


def render_story(story: list, setup: PageSetup, created: _dt.datetime | None = None) -> bytes:
    """Lay the story out on A4 pages and return the PDF/A-2b bytes (deterministic for the same input;
    ``created``: the time of issue, now for a draft)."""
    return render_parts([(story, setup)], created)


def render_parts(parts: Sequence[tuple[list, PageSetup]], created: _dt.datetime | None = None) -> bytes:
    """Several stories, each with its own page count (an order and its 控え), as one PDF/A-2b file."""
    created = created or _dt.datetime.now().astimezone()
    story: list = []
    for i, (part, _setup) in enumerate(parts):
        if i:
            story += [PageBreak(), NewPart(i)]
        story += list(part)
    setups = [setup for _story, setup in parts]
    first = setups[0]
    fonts.register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, invariant=1, pageCompression=1, lang="ja-JP",
        initialFontName=BODY_FONT, initialFontSize=BODY_SIZE,  # no unembedded Helvetica in the resources
    )
    handler = _on_page(first.draft)

    def maker(*a, **kw):
        return _NumberedCanvas(*a, setups=setups, created=created, **kw)

    doc.build(story, onFirstPage=handler, onLaterPages=handler, canvasmaker=maker)
    return buf.getvalue()
