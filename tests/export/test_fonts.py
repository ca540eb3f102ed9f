import pytest

from app.export import fonts, layout as L
from app.export.fonts import NAME_FONT, BODY_FONT, clusters, split_runs, glyph_ids

from . import pdfcheck
from .incident_data import HARD_NAMES

EXTRA = ["辻\uFE00", "😀太郎", "𠮷𠮷𠮷"]


def test_clusters_keep_selector_with_base():
    assert clusters("葛\U000E0100飾") == ["葛\U000E0100", "飾"]
    assert clusters("𠮷田") == ["𠮷", "田"]


@pytest.mark.parametrize("name", HARD_NAMES + EXTRA)
def test_runs_cover_every_character_without_notdef(name):
    runs = split_runs(name, "name")
    assert "".join(r.text for r in runs) == name
    for r in runs:
        assert 0 not in glyph_ids(r), (name, r)


def test_name_font_first_and_body_font_first():
    assert split_runs("髙橋", "name")[0].font == NAME_FONT
    assert split_runs("髙橋", "body")[0].font == BODY_FONT
    # 𠮷 is not in IPAex明朝: the body falls back to IPAmj明朝 for that one character
    runs = split_runs("𠮷田さん", "body")
    assert [r.font for r in runs][0] == NAME_FONT and runs[0].text == "𠮷"


def test_variation_sequence_uses_the_sequence_glyph():
    info = fonts.font_info(NAME_FONT)
    variants = {vs: g for (b, vs), g in info.uvs_glyph.items() if b == ord("葛") and g != info.cmap[ord("葛")]}
    assert variants, "IPAmj明朝 should have 葛 variants other than its default glyph"
    for vs, gid in variants.items():
        run = split_runs("葛" + chr(vs), "name")[0]
        assert run.font == NAME_FONT and glyph_ids(run) == [gid]


def _names_pdf(draft=False):
    story = [L.title("氏名一覧")] + [L.para(n, role="name") for n in HARD_NAMES + EXTRA]
    return L.render_story(story, L.PageSetup("氏名一覧", draft))


def test_pdf_names_extract_back_exactly_with_pypdf_and_pdfplumber():
    pdf = _names_pdf()
    lines_pypdf = pdfcheck.all_text(pdf).split("\n")
    lines_plumber = "\n".join(pdfcheck.plumber_texts(pdf)).split("\n")
    for name in HARD_NAMES + EXTRA:
        assert name in lines_pypdf, name
        assert name in lines_plumber, name


def test_pdf_draws_no_notdef_glyph_and_embeds_fonts():
    pdf = _names_pdf()
    used = pdfcheck.used_glyphs(pdf)
    assert used
    notdef = [u for u in used if u[2] == 0]
    assert not notdef, notdef
    # every drawn glyph except the space has outline data
    empty = [u for u in used if u[3] == 0 and u[1] != 32]
    assert not empty, empty
    embedded = pdfcheck.embedded_font_files(pdf)
    assert any(NAME_FONT in b for b in embedded) and all("+" in b for b in embedded)  # subset prefix
    assert b"/FontFile2" in pdf


def test_to_unicode_writes_surrogate_pairs():
    from app.export.fonts import make_to_unicode_cmap
    cm = make_to_unicode_cmap("X", [0, 0x20BB7])
    assert "<01> <D842DFB7>" in cm and "<20BB7>" not in cm


@pytest.mark.parametrize("seq", ["葛\U000E0100", "葛\U000E0103", "葛\U000E0105", "﨑\U000E0102", "辻\U000E0100", "辻\uFE00", "😀"])
def test_cluster_advance_is_a_full_em(seq):
    """A variation sequence takes the width of its glyph (a full em), so the next character never overlaps."""
    assert fonts.string_width(seq + "城", 10, "name") == pytest.approx(20)
