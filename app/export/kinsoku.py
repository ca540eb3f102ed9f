"""Japanese line breaking for the documents (禁則処理, JIS X 4051), in place of reportlab's CJK splitter.

reportlab's ``cjkFragSplit`` only lets one closing character hang; it breaks after 「 and （, before ー
and inside Latin words and numbers. This splitter, used for every paragraph with ``wordWrap='CJK'``:

- never starts a line with a character of :data:`NO_START` (、。，．」』）】〕］｝〉》ー・：；？！ small kana
  ゝゞ々 …) and never ends one with a character of :data:`NO_END` (「『（【〔［｛〈《 …): the break moves
  back (追い出し) so the pair goes to the next line together;
- where moving back would leave a line empty, a 、 or 。 hangs in the margin instead (ぶら下げ);
- keeps runs of Latin letters and digits (「1555」, 「SNS」, an URL part) on one line where they fit, and a
  number with its counter (「78分」, 「第3号」);
- reads the characters the font module draws through private code points as the text they stand for.
"""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import paragraph as _rl_paragraph

from . import fonts

#: JIS X 4051 行頭禁則: closing brackets, punctuation, prolonged sound mark, small kana, iteration marks
NO_START = frozenset(
    "、。，．,.)]）］｝〕〉》」』】〙〗〟’”｠»"
    "ー－―‐゠–〜～・：；？！:;?!‼⁇⁈⁉゛゜ヽヾゝゞ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%％‰℃°′″"
)
#: JIS X 4051 行末禁則: opening brackets and quotation marks
NO_END = frozenset("([｛（［｛〔〈《「『【〘〖〝‘“｟«")
#: counters that stay with the number before them (「78分」, 「11時00分」, 「第3号」)
COUNTERS = frozenset("年月日時分秒号回名歳円件枚人")
#: may hang past the right margin when nothing else works
HANGING = frozenset("、。，．,.")


def _text(u: str) -> str:
    """The text a drawn character stands for (private code points → their cluster)."""
    return fonts.text_of(u) if u else u


def _first(u: str) -> str:
    t = _text(u)
    return t[:1]


def _last(u: str) -> str:
    t = _text(u)
    return t[-1:]


def _wordish(ch: str) -> bool:
    return bool(ch) and ch.isascii() and (ch.isalnum() or ch in "@/_-:.#%+")


def may_break_before(U, b: int) -> bool:
    """Whether a line may end after U[b-1] and the next begin with U[b]."""
    head, tail = _first(U[b]), _last(U[b - 1])
    if head in NO_START or tail in NO_END:
        return False
    if _wordish(head) and _wordish(tail):
        return False
    if head in COUNTERS and tail.isdigit():
        return False
    return True


def best_break(U, start: int, i: int) -> int:
    """Where to end a line that overflows at U[i-1]: the index of the next line's first character."""
    b = i - 1
    if b <= start:
        return i  # one character wider than the line: it stays
    k = b
    while k > start and not may_break_before(U, k):
        k -= 1
    if k > start:
        return k
    # no legal point: let a 、。 hang in the margin, else break where the line is full (rare, very long words)
    if _first(U[b]) in HANGING:
        return b + 1
    k = b
    while k > start and (_first(U[k]) in NO_START or _last(U[k - 1]) in NO_END):
        k -= 1
    return k if k > start else b


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """reportlab's ``cjkFragSplit`` contract, with 禁則 (JIS X 4051)."""
    cjkU = _rl_paragraph.cjkU
    make_line = _rl_paragraph.makeCJKParaLine
    U = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            U.extend(cjkU(t, f, encoding) for t in text)
        else:
            U.append(cjkU(text, f, encoding))
    segments = []  # (start, end, ends with an explicit line break)
    i = start = 0
    used = 0.0
    max_width = maxWidths[0]
    n = len(U)
    fuzz = _rl_paragraph._FUZZ
    while i < n:
        u = U[i]
        i += 1
        used += _width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if line_break or (used > max_width + fuzz and used > 0):
            if not line_break:
                i = best_break(U, start, i)
            segments.append((start, i, line_break))
            max_width = maxWidths[min(len(segments), len(maxWidths) - 1)]
            start = i
            used = 0.0
    if start < n:
        segments.append((start, n, False))
    segments = no_orphan(U, segments)
    lines = []
    for k, (a, z, brk) in enumerate(segments):
        mw = maxWidths[min(k, len(maxWidths) - 1)]
        used = sum(_width(x, mw) for x in U[a:z])
        lines.append(make_line(U[a:z], mw, used, mw - used, brk, calcBounds))
    return _rl_paragraph.ParaLines(kind=1, lines=lines)


#: a paragraph's last line keeps at least this many characters besides closing punctuation (no 「す。」 alone)
MIN_LAST = 3


def no_orphan(U, segments: list) -> list:
    """Move the last soft break back so the last line is not one or two characters (and its 。)."""
    if len(segments) < 2:
        return segments
    (pa, pz, pbrk), (la, lz, lbrk) = segments[-2], segments[-1]
    if pbrk:
        return segments
    real = sum(1 for k in range(la, lz) if _first(U[k]) not in NO_START and _first(U[k]).strip())
    if real >= MIN_LAST:
        return segments
    for k in range(la - 1, max(pa + 4, la - MIN_LAST - 1), -1):
        taken = sum(1 for j in range(k, lz) if _first(U[j]) not in NO_START and _first(U[j]).strip())
        if taken >= MIN_LAST and may_break_before(U, k):
            return segments[:-2] + [(pa, k, False), (k, lz, lbrk)]
    return segments


def _width(u, max_width) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def char_widths(word: str, font_name: str, size: float) -> list[float]:
    """The advance of each character (the font's own width table; stringWidth per character is slow)."""
    font = getFont(font_name)
    face = getattr(font, "face", None)
    if face is None or not hasattr(face, "charWidths"):
        return [stringWidth(ch, font_name, size) for ch in word]
    cw, dw, k = face.charWidths, face.defaultWidth, size / 1000.0
    return [cw.get(ord(ch), dw) * k for ch in word]


_split_cache: dict = {}


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """reportlab's ``wordSplit`` contract (a paragraph of one font), with the same 禁則. A table measures
    its cells several times: the same text in the same width is split once (the result is not mutated)."""
    if isinstance(word, bytes):
        word = word.decode(encoding)
    key = (word, tuple(maxWidths), fontName, fontSize)
    got = _split_cache.get(key)
    if got is None:
        if len(_split_cache) > 4096:
            _split_cache.clear()
        got = _split_cache[key] = _word_split(word, maxWidths, fontName, fontSize)
    return [tuple(x) for x in got]


def _word_split(word, maxWidths, fontName, fontSize):
    widths = char_widths(word, fontName, fontSize)
    segments, start, used, i = [], 0, 0.0, 0
    max_width = maxWidths[0]
    fuzz = _rl_paragraph._FUZZ
    while i < len(word):
        used += widths[i]
        i += 1
        if used > max_width + fuzz:
            i = best_break(word, start, i)
            segments.append((start, i, False))
            max_width = maxWidths[min(len(segments), len(maxWidths) - 1)]
            start, used = i, 0.0
    if start < len(word):
        segments.append((start, len(word), False))
    segments = no_orphan(word, segments)
    return [(maxWidths[min(k, len(maxWidths) - 1)] - sum(widths[a:z]), word[a:z])
            for k, (a, z, _brk) in enumerate(segments)]


#: reportlab's own splitters, kept for comparison (tests show they break the rules these keep)
REPORTLAB_SPLIT = _rl_paragraph.cjkFragSplit
REPORTLAB_WORD_SPLIT = _rl_paragraph.wordSplit


def install() -> None:
    """Use these splitters for every CJK paragraph (idempotent)."""
    _rl_paragraph.cjkFragSplit = cjk_frag_split
    _rl_paragraph.wordSplit = word_split
