"""The 本人開示 package read back page by page as the person who receives it reads it (issue 17 §3): every date
and time in 和暦 (the time lines too, not the stored ISO text), no internal id, English word or stored code
on any page, the reason of an approved 出入禁止 printed once (with the ban, in part 1), and no page holding
nothing but the closing 「以上」."""
from __future__ import annotations

import datetime as _dt
import os
import re

import pytest

from app.export import disclosure_package as pkg
from app.model import workspace
from app.model.service import Service
from tests.duties.ban_helpers import CHECK
from tests.export import pdfcheck
from tests.export.test_disclosure_package import NAME, SETTINGS, make_person
from tests.export.test_disclosure_package_bans import IN_FORCE

JST = _dt.timezone(_dt.timedelta(hours=9))
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"T\d\d:\d\d")
CODES = ("ban", "judgement", "True", "False", "None", "party", "staff", "section_chief", "director",
         "disclosure", "+09:00")
FILENAME = "窓口の様子.jpg"  # the attachment's name as the ward holds it: the one Latin text allowed


def person_with_one_ban(store, people, sample, tmp_path):
    """make_person's three incidents and one issued document, plus one 出入禁止 on the third, approved; on the
    first, the live panel's end of the encounter (a note whose ``event`` is a marker) and the 二次対応 (three
    booleans)."""
    chief, (a, b, c), issued = make_person(store, people, sample, tmp_path)
    chief.append(a, "note", {"at": "2025-04-01T10:40:00+09:00", "event": "encounter_ended", "text": "対応を終えました"})
    chief.append(a, "second_response_statements", {"at": "2025-04-01T10:07:00+09:00", "organisational_answer": True,
                                                   "explained_fully": True, "no_further_discussion": False})
    chief.accommodation_check(c, CHECK)
    Service(store, people["director"]).approve_ban(c, chief.decide_ban(c, IN_FORCE).id,
                                                   at="2025-06-26T10:00:00+09:00")
    return chief, (a, b, c), issued


@pytest.fixture
def issued_pdf(store, people, sample, tmp_path):
    chief, _ids, _issued = person_with_one_ban(store, people, sample, tmp_path)
    req = chief.disclosure_request({"requester": NAME, "received_on": "2025-07-01"})
    pdf = pkg.issue_package(chief, req.id, settings=SETTINGS,
                            now=_dt.datetime(2025, 7, 10, 9, 30, tzinfo=JST))["pdf"]
    out = os.environ.get("DISCLOSURE_PACKAGE_OUT")
    if out:  # to render and look at the pages
        with open(out, "wb") as fh:
            fh.write(pdf)
    return pdf


def _pages(pdf: bytes) -> list[str]:
    return [p.replace("\n", "") for p in pdfcheck.page_texts(pdf)]


def test_every_date_and_time_is_in_wareki(issued_pdf):
    for n, page in enumerate(_pages(issued_pdf), 1):
        assert not ISO_DATE.search(page), (n, ISO_DATE.search(page))
        assert not ISO_TIME.search(page), (n, ISO_TIME.search(page))
    text = "".join(_pages(issued_pdf))
    # the time line of the ban's decision states its dates as the ban's table does
    assert "開始日: 令和7年7月1日" in text and "見直し日: 令和7年12月31日" in text


def test_no_internal_id_english_word_or_stored_code_on_any_page(issued_pdf):
    for n, page in enumerate(_pages(issued_pdf), 1):
        for code in CODES:
            assert code not in page, (n, code)
        latin = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", page.replace(FILENAME, ""))
        assert not latin, (n, latin)
    text = "".join(_pages(issued_pdf))
    assert pkg.TEMPLATE_MARK in text  # the template, in words at the foot of the page
    assert "出来事: 窓口での対応の終了" in text and "組織としての回答: あり" in text


def test_an_approved_ban_reason_is_printed_once_in_part_1(issued_pdf):
    text = "".join(_pages(issued_pdf))
    assert text.count(IN_FORCE["reason"]) == 1
    assert text.index(IN_FORCE["reason"]) < text.index(pkg.OPINIONS_TITLE)


def _only_closing(page: str) -> bool:
    """The page holds the closing mark and nothing but the furniture every page has (running head, number,
    page count, the template's mark at the foot)."""
    rest = page
    for furniture in ("保有個人情報の開示資料（続き）", "評価・判断", "以上", NAME):
        rest = rest.replace(furniture, "")
    rest = re.sub(r"\d+ / \d+|\d+港区区第\d+号|【?下書き】?|様式：[^）]*）|[a-z\-]+ v\d+|\s", "", rest)
    return "以上" in page and not rest


def test_the_last_page_is_never_the_closing_mark_alone(issued_pdf):
    assert "以上" in _pages(issued_pdf)[-1] and not _only_closing(_pages(issued_pdf)[-1])
    # the part 2 table ending at every height of a page: 「以上」 always stays with its last row
    made_on = _dt.date(2025, 7, 10)
    for n in range(12, 20):  # n = 16 fills part 2's first page to its last line
        notes = [{"at": f"2025-04-01T10:{m % 60:02d}:00+09:00", "kind": "note", "label": "メモ",
                  "text": f"内容: 架空の所見{m}", "recorded_by": "麻布 課長"} for m in range(n)]
        f = pkg.PackageFields(NAME, made_on, [{"occurred_at": "2025-04-01T10:00:00+09:00", "channel": "対面",
                                               "department": "区民課", "facts": [], "opinions": notes}])
        pages = _pages(pkg.render(f, _dt.datetime(2025, 7, 10, 9, 30, tzinfo=JST)))
        assert "以上" in pages[-1], n
        assert not any(_only_closing(p) for p in pages), n


def test_describe_keeps_its_wording_for_the_time_line():
    """The GUI time line and the other documents still get the values as entered."""
    payload = {"start_date": "2025-07-01", "at": "2025-06-25T15:00:00+09:00"}
    assert "開始日: 2025-07-01" in workspace.describe("ban_decided", payload)
    worded = workspace.describe("ban_decided", payload, dates=lambda v, _t: pkg.when(v))
    assert "開始日: 令和7年7月1日" in worded and "令和7年6月25日 15時00分" in worded
