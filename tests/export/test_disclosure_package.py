"""保有個人情報の開示資料 (issue 17 §3): a person with three incidents, one 出入禁止 and one document issued;
the PDF read back: the facts part first, incident by incident in time order, then the statuses, documents
and attachments (by name only), and the staff's 評価・判断 in a part of their own."""
from __future__ import annotations

import copy
import datetime as _dt
import os

from app.export import disclosure_package, issue
from app.model import evidence
from app.model.service import Service
from tests.duties.ban_helpers import old_ban_status
from tests.export import pdfcheck
from tests.people import judge, judgement

NAME = "髙橋 﨑子"
RATIONALE = "架空：三回の退去要求に応じず業務が止まった"
SETTINGS = {"document_number_prefix": "港区区", "building_rules_articles": "第5条"}
PHOTO_TEXT = b"FICTIONAL-PHOTO-BYTES-MARKER"


def _incident(svc, sample, day, quote):
    data = copy.deepcopy(sample)
    data.update(occurred_at=f"{day}T10:00:00+09:00", party={"name": NAME},
                quotes=[{"at": f"{day}T10:01:00+09:00", "text": quote}])
    return svc.create_incident(data)


def make_person(store, people, sample, tmp_path):
    chief = Service(store, people["section_chief"])
    a = _incident(chief, sample, "2025-04-01", "税金泥棒と怒鳴った")
    b = _incident(chief, sample, "2025-05-10", "土下座しろと言った")
    c = _incident(chief, sample, "2025-06-20", "また来るからなと言った")
    judge(chief, a, judgement(rationale=RATIONALE))
    chief.append(a, "note", {"text": "所見：威圧的な態度が続いた", "at": "2025-04-01T10:20:00+09:00"})
    chief.append(b, "leave_request", {"at": "2025-05-10T10:05:00+09:00"})
    old_ban_status(chief, c, {"since": "2025-06-21", "until": "2026-06-20",  # recorded before the ban's life cycle
                              "reason": "架空の出入禁止の理由"})
    issued = issue.issue_for(chief, b, "record", settings=SETTINGS,
                             now=_dt.datetime(2025, 5, 12, 9, 0, tzinfo=_dt.timezone(_dt.timedelta(hours=9))))
    photo = tmp_path / "窓口の様子.jpg"
    photo.write_bytes(PHOTO_TEXT)
    evidence.attach(chief, c, photo, "photo")
    return chief, (a, b, c), issued


def test_the_package_parts_and_their_order(store, people, sample, tmp_path):
    chief, _ids, issued = make_person(store, people, sample, tmp_path)
    req = chief.disclosure_request({"requester": NAME, "received_on": "2025-07-01"})
    pdf = disclosure_package.package_for(chief, NAME, today=_dt.date(2025, 7, 3), request_id=req.id,
                                         created=_dt.datetime(2025, 7, 3, 9, 0).astimezone())
    out = os.environ.get("DISCLOSURE_PACKAGE_OUT")
    if out:  # to render and look at the pages
        with open(out, "wb") as fh:
            fh.write(pdf)
    pages = pdfcheck.page_texts(pdf)
    text = "\n".join(pages).replace("\n", "")
    start = text.index("第2部　評価・判断に関する情報")
    facts, opinions = text[text.index("第1部　事実の記録"):start], text[start:]
    assert NAME in pdfcheck.row_right_of(pdf, "氏名", 0)  # printed exactly (髙, 﨑)
    assert "令和7年7月31日" in pdfcheck.row_right_of(pdf, "開示決定等の期限", 0)
    assert "3件" in pdfcheck.row_right_of(pdf, "収録した事案", 0)
    # facts: the three incidents in time order, each with its words and acts
    order = [facts.index(s) for s in ("事案1", "税金泥棒と怒鳴った", "事案2", "土下座しろと言った", "退去要求",
                                       "事案3", "また来るからなと言った", "出入禁止等の状態", "発行した文書",
                                       "添付資料（証拠）")]
    assert order == sorted(order)
    assert "令和7年6月21日" in facts and "令和8年6月20日" in facts  # the 出入禁止 and its 期限
    assert issued.number in facts and "窓口の様子.jpg" in facts and "写真" in facts
    assert PHOTO_TEXT.decode() not in text  # listed, never its content
    # the staff's evaluation is only in part 2
    for opinion in (RATIONALE, "威圧的な態度が続いた", "架空の出入禁止の理由"):
        assert opinion not in facts and opinion in opinions
    assert "開示するか、不開示とするかを課で判断" in opinions
    assert opinions.index("事案1") < opinions.index(RATIONALE)
    assert "税金泥棒" not in opinions
    assert "評価・判断　1 /" in text  # part 2 counts its own pages


def test_the_package_is_collected_through_the_service_only(store, people, sample, tmp_path):
    import pytest
    from app.model.errors import PermissionDenied
    make_person(store, people, sample, tmp_path)
    with pytest.raises(PermissionDenied):
        disclosure_package.package_for(Service(store, people["staff"]), NAME, today=_dt.date(2025, 7, 3))
    near = disclosure_package.package_for(Service(store, people["section_chief"]), "高橋 崎子",
                                          today=_dt.date(2025, 7, 3))
    assert "税金泥棒" not in pdfcheck.all_text(near)  # another spelling is another person


def test_issuing_the_package_numbers_keeps_and_records_it(store, people, sample, tmp_path):
    import pytest
    from app.model import kept_documents, looked, streams
    from app.model.errors import PermissionDenied
    chief, ids, _issued = make_person(store, people, sample, tmp_path)
    req = chief.disclosure_request({"requester": NAME, "received_on": "2025-07-01"})
    now = _dt.datetime(2025, 7, 10, 9, 30, tzinfo=_dt.timezone(_dt.timedelta(hours=9)))
    first = disclosure_package.issue_package(chief, req.id, settings=SETTINGS, now=now)
    second = disclosure_package.issue_package(chief, req.id, settings=SETTINGS, now=now)
    # the record sheet issued in make_person took 7港区区第1号: the counter is shared with every document
    assert (first["number"], second["number"]) == ("7港区区第2号", "7港区区第3号")
    out = tmp_path / "開示資料.pdf"
    out.write_bytes(first["pdf"])
    assert kept_documents.reprint(store, streams.DISCLOSURES, first["number"]) == out.read_bytes()
    assert chief.disclosure_package_bytes(second["number"]) == second["pdf"]
    recorded = chief.disclosure_packages()
    assert [(p["number"], p["request"], p["size"]) for p in recorded] == [
        (first["number"], req.id, len(first["pdf"])), (second["number"], req.id, len(second["pdf"]))]
    assert recorded[0]["sha256"] == first["sha256"] and recorded[0]["name"] == NAME
    head = pdfcheck.page_texts(first["pdf"])[0].replace("\n", "")
    assert first["number"] in head and "令和7年7月10日" in head and "下書き" not in head
    # each incident in the package shows it was exported (who looked)
    for iid in ids:
        assert any(r["action"] == "export" and r["detail"] == "issue:disclosure-package"
                   for r in looked.incident(store, iid))
    with pytest.raises(PermissionDenied):
        disclosure_package.issue_package(Service(store, people["staff"]), req.id, settings=SETTINGS, now=now)
    assert len(chief.disclosure_packages()) == 2
