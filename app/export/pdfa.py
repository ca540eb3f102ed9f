"""PDF/A-2b for every document, written by reportlab itself (no second pass; no Qt).

reportlab writes the pages (every font a TrueType subset embedded from resources/fonts); :func:`apply`
adds, just before the canvas is saved, what PDF/A-2b asks of the file itself:

- an XMP metadata stream with ``pdfaid:part`` 2 / ``pdfaid:conformance`` B, the title, author, producer
  and dates, the same as the document information dictionary;
- an sRGB output intent (``GTS_PDFA1``, the sRGB IEC61966-2.1 profile that ships with pikepdf);
- the creation date = the time of issue (never reportlab's invariant 2000-01-01);
- a file identifier (/ID) computed from the pages' content and the metadata, so two documents (their numbers
  and issue times differ) never share one, and the same input gives the same bytes.

:func:`structure_problems` (pikepdf) is the structural check used by the tests and ``madoguchi export check``.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape
from importlib import resources


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


def xmp_packet(*, title: str, author: str, subject: str, producer: str, creator: str,
               created: _dt.datetime) -> bytes:
    """The XMP metadata of a PDF/A-2b document, the same values as its Info dictionary."""
    when = created.isoformat()
    x = xml_escape
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{x(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{x(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:format>application/pdf</dc:format></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>{x(producer)}</pdf:Producer><pdf:Keywords></pdf:Keywords></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{x(creator)}</xmp:CreatorTool><xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate><xmp:MetadataDate>{when}</xmp:MetadataDate></rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


class _Stamp:
    """reportlab's TimeStamp for a given moment (the Info dates), instead of its invariant 2000-01-01."""

    def __init__(self, t: _dt.datetime):
        off = int((t.utcoffset() or _dt.timedelta(0)).total_seconds() // 60)
        self.t = t.timestamp()
        self.lt = t.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh, self.dmm = int(off / 60), abs(off) % 60
        self.tzname = t.tzname() or ""


def apply(canvas, *, title: str, author: str, subject: str, created: _dt.datetime, content: bytes,
          creator: str = "madoguchi") -> None:
    """Make the document a reportlab canvas is about to save PDF/A-2b: Info dates = ``created``, XMP, the sRGB
    output intent, no empty /Trans, and an /ID from ``content`` (the pages' drawing) and the metadata."""
    from reportlab.pdfbase import pdfdoc

    created = created.replace(microsecond=0)
    if created.tzinfo is None:
        created = created.astimezone()
    doc = canvas._doc
    producer = f"{creator} (reportlab)"
    doc._timeStamp = _Stamp(created)
    info = doc.info
    info.title, info.author, info.subject, info.creator, info.producer = title, author, subject, creator, producer
    info.keywords = ""
    meta = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                                                  "Subtype": pdfdoc.PDFName("XML")}),
                            xmp_packet(title=title, author=author, subject=subject, producer=producer,
                                       creator=creator, created=created), filters=[])
    meta.__Comment__ = None
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile())
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(SRGB), "Info": pdfdoc.PDFString(SRGB),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"), "DestOutputProfile": doc.Reference(icc)})
    cat = doc.Catalog
    cat.Metadata = doc.Reference(meta)
    cat.OutputIntents = pdfdoc.PDFArray([intent])
    cat.__NoDefault__ = list(pdfdoc.PDFCatalog.__NoDefault__) + ["OutputIntents"]
    cat.__Refs__ = list(pdfdoc.PDFCatalog.__Refs__)
    for obj in list(doc.idToObject.values()):
        if isinstance(obj, pdfdoc.PDFPage):
            obj.Trans = None
    digest = hashlib.md5(content, usedforsecurity=False)
    digest.update(f"{title}|{subject}|{created.isoformat()}".encode("utf-8"))
    ids = pdfdoc.PDFText(digest.digest(), enc="raw").format(pdfdoc.DummyDoc())
    doc._ID = b"\n[" + ids + ids + b"]\n"


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
    import pikepdf

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
