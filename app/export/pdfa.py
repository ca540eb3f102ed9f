"""PDF/A-2b finishing of a rendered document (pikepdf; no Qt).

reportlab writes the pages (every font a TrueType subset embedded from resources/fonts); this module adds
what PDF/A-2b asks of the file itself:

- an XMP metadata stream with ``pdfaid:part`` 2 / ``pdfaid:conformance`` B, the title, author, producer
  and dates, the same as the document information dictionary;
- an sRGB output intent (``GTS_PDFA1``, the sRGB IEC61966-2.1 profile that ships with pikepdf);
- the creation date = the time of issue (never reportlab's invariant 2000-01-01);
- a file identifier (/ID) computed from the finished file's content, so two documents (their numbers and
  issue times differ) never share one, and the same input gives the same bytes.

:func:`structure_problems` is the structural check used by the tests and by ``madoguchi export check``.
"""
from __future__ import annotations

import datetime as _dt
import io
from functools import lru_cache
from importlib import resources

import pikepdf
from pikepdf import Dictionary, Name

SRGB = "sRGB IEC61966-2.1"


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    return (resources.files("pikepdf") / "pdfa" / "data" / "sRGB.icc").read_bytes()


def pdf_date(t: _dt.datetime) -> str:
    """D:20250610111000+09'00'."""
    if t.tzinfo is None:
        t = t.astimezone()
    off = t.utcoffset() or _dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return t.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def finish(pdf: bytes, *, title: str, author: str, subject: str, created: _dt.datetime,
           lang: str = "ja-JP", creator: str = "madoguchi") -> bytes:
    """The PDF/A-2b form of ``pdf`` (bytes in, bytes out; deterministic for the same input)."""
    created = created.replace(microsecond=0)
    if created.tzinfo is None:
        created = created.astimezone()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        producer = f"{creator} (reportlab, pikepdf)"
        info = doc.docinfo
        for key in list(info.keys()):
            del info[key]
        info.Title = title
        info.Author = author
        info.Subject = subject
        info.Creator = creator
        info.Producer = producer
        info.CreationDate = pdf_date(created)
        info.ModDate = pdf_date(created)
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["dc:title"] = title
            meta["dc:creator"] = [author]
            meta["dc:description"] = subject
            meta["pdf:Producer"] = producer
            meta["xmp:CreatorTool"] = creator
            meta["xmp:CreateDate"] = created.isoformat()
            meta["xmp:ModifyDate"] = created.isoformat()
            meta["xmp:MetadataDate"] = created.isoformat()
        icc = pikepdf.Stream(doc, srgb_profile())
        icc.N = 3
        intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=SRGB,
                            Info=SRGB, RegistryName="http://www.color.org", DestOutputProfile=icc)
        doc.Root.OutputIntents = pikepdf.Array([doc.make_indirect(intent)])
        doc.Root.Lang = lang
        for page in doc.pages:  # reportlab's empty page transition (not a PDF/A key)
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        if "/ID" in doc.trailer:
            del doc.trailer["/ID"]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=True, linearize=False, fix_metadata_version=False)
    return out.getvalue()


# ---- the structural check ----------------------------------------------------------------------------
def _fonts_of(doc) -> list:
    seen, out = set(), []
    for page in doc.pages:
        res = page.obj.get("/Resources") or {}
        fonts = res.get("/Font") or {}
        for _name, ref in fonts.items():
            key = ref.objgen
            if key in seen:
                continue
            seen.add(key)
            out.append(ref)
            for sub in ref.get("/DescendantFonts") or []:
                out.append(sub)
    return out


def structure_problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from being PDF/A-2b as far as its structure goes (empty = none found):
    XMP with pdfaid part 2 / conformance B, an sRGB GTS_PDFA1 output intent with an ICC profile, every font
    embedded (no Helvetica or other base-14 reference), a two-part /ID, no encryption, the XMP and Info dates."""
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if doc.is_encrypted:
            problems.append("encrypted")
        ident = doc.trailer.get("/ID")
        if ident is None or len(ident) != 2:
            problems.append("no /ID")
        if "/Metadata" not in doc.Root:
            problems.append("no XMP metadata")
        else:
            meta = doc.open_metadata()
            if str(meta.get("pdfaid:part", "")) != "2":
                problems.append("pdfaid:part is not 2")
            if str(meta.get("pdfaid:conformance", "")).upper() != "B":
                problems.append("pdfaid:conformance is not B")
        intents = doc.Root.get("/OutputIntents") or []
        if not any(str(oi.get("/S")) == "/GTS_PDFA1" and "/DestOutputProfile" in oi for oi in intents):
            problems.append("no GTS_PDFA1 output intent with an ICC profile")
        for font in _fonts_of(doc):
            base = str(font.get("/BaseFont", ""))
            if str(font.get("/Subtype")) == "/Type0":
                continue
            desc = font.get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font not embedded: {base}")
        raw = bytes(pdf)
        if b"/Helvetica" in raw or b"/Times-Roman" in raw or b"/Courier" in raw:
            problems.append("a base-14 font is referenced")
    return problems
