"""The 推進委員会報告 shows each duty of issue 16 (相談, 配慮措置, 法律相談, 出入禁止, 再発防止, 研修・周知,
延べ対応時間) by default, as counts; no worker's name and no 相談 text reaches the PDF or the workbook."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.export import committee_report as cr
from app.model import duty_counts
from app.model.service import Service
from tests.duties.ban_helpers import decided
from tests.duties.test_legal import ARRANGED, at, request
from tests.export.pdfcheck import all_text, row_right_of

FROM, TO, TODAY = "2025-04-01", "2026-03-31", "2026-01-15"
WANTS = "窓口の担当を外してほしい（架空の希望）"
DETAIL = "次回以降は麻布係長が対応する（架空）"


def _consult(worker, **over):
    base = {"what_happened": "電話で毎日叱責される（架空）", "since": "5月ごろ", "wants": WANTS,
            "is_harassment": "判断が微妙", "consents_to_section": True, "window": "人事課", "notice_shown": True,
            "at": "2025-05-10T09:00:00+09:00"}
    return worker.record_consultation({**base, **over})


@pytest.fixture
def world(store, people, sample):
    """One of each duty in 令和7年度."""
    worker = Service(store, people["staff"])
    chief = Service(store, people["section_chief"])
    hr = Service(store, people["hr"])
    c = _consult(worker)
    _consult(worker, is_harassment="該当すると思う", consents_to_section=False, window="人事課")
    _consult(worker, at="2024-05-10T09:00:00+09:00")  # before the period: not counted
    chief.incident_from_consultation(c.id)
    iid, did = decided(store, people, sample)  # 出入禁止 decided 2025-04-02, review 2025-07-09, end 2025-10-09
    Service(store, people["director"]).approve_ban(iid, did, at="2025-04-03T09:00:00+09:00")
    chief.add_measure(iid, {"staff": people["staff"].name, "measure": "対応者の交代", "detail": DETAIL,
                            "followup": "2025-04-15", "at": "2025-04-02T09:00:00+09:00"})
    m2 = chief.add_measure(iid, {"staff": people["staff"].name, "measure": "休暇", "detail": "2日間の休暇（架空）",
                                 "followup": "2025-04-20", "at": "2025-04-03T09:00:00+09:00"})
    chief.measure_followup(iid, m2.id, {"done": True, "note": "復帰した", "at": "2025-04-20T09:00:00+09:00"})
    request(chief, iid, at(2025, 6, 2))
    chief.record_legal_stage(iid, "調整済み", ARRANGED)
    chief.add_prevention({"what": "待ち時間の目安を掲示する", "owner": "区民課長", "due": "2025-05-31",
                          "at": "2025-04-20T09:00:00+09:00"})
    hr.add_training({"course": "管理職向け", "held_on": "2025-06-10", "attendees": ["麻布 課長", "芝 係長", "赤坂 部長"]})
    hr.add_notice({"means": "宣言", "date": "2025-04-01"})
    return hr, chief


def test_each_duty_is_counted_in_the_pdf_by_default(world, people, tmp_path):
    hr, _chief = world
    rep = cr.for_service(hr, FROM, TO, TODAY, reporter="人事課")
    pdf = cr.render_pdf(rep)
    (tmp_path / "committee.pdf").write_bytes(pdf)
    text = all_text(pdf)
    flat = text.replace("\n", "")  # a long cell wraps
    for words in ("3　職員からの相談", "4　職員への配慮措置", "5　法律相談", "6　出入禁止", "7　再発防止",
                  "8　研修・方針の周知", "9　延べ対応時間", "待ち時間の目安を掲示する", "管理職向け"):
        assert words in text, words
    assert row_right_of(pdf, "相談の件数") == "2件"
    assert row_right_of(pdf, "相談窓口別") == "人事課 2件、課長 0件"
    assert "該当すると思う 1件、該当しないと思う 0件、判断が微妙 1件" in flat
    assert row_right_of(pdf, "事案の記録につながったもの") == "1件"
    assert row_right_of(pdf, "配慮措置の件数") == "2件"
    assert "対応者の交代 1件" in flat and "休暇 1件" in flat
    assert "完了 1件、確認日前 0件、確認日を過ぎて未了 1件" in flat
    assert "1件（対応中 1件、報告書提出済み 0件）" in flat and "調整済み 1件" in flat
    assert row_right_of(pdf, "対応中のもの：依頼からの平均日数") == "227日"  # 2025-06-02 → 2026-01-15
    assert row_right_of(pdf, "期間中に決定した件数") == "1件"
    assert "期間満了 1件" in flat
    # privacy: no worker's name, no 相談 text of its own, no 措置 detail, no 出入禁止 reason, no lawyer (the
    # incident opened with the worker's consent carries its 発生状況 as a case of its own, de-identified)
    for secret in (people["staff"].name, people["section_chief"].name, WANTS, DETAIL, "髙橋", "赤坂 三郎",
                   "3回にわたり職員を怒鳴りつけ", "麻布 課長"):
        assert secret not in flat, secret
    assert "本人と相談窓口だけが読める記録" in flat


def test_the_workbook_has_a_sheet_per_duty_and_no_names(world, people):
    hr, _chief = world
    xlsx = cr.render_xlsx(cr.for_service(hr, FROM, TO, TODAY, reporter="人事課"))
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        book = z.read("xl/workbook.xml").decode()
        strings = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
    for sheet in ("相談", "配慮措置", "法律相談", "出入禁止", "再発防止", "研修・周知", "延べ対応時間"):
        assert f'name="{sheet}"' in book, sheet
    assert "判断が微妙 1件" in strings and "期間満了 1件" in strings
    for secret in (people["staff"].name, WANTS, DETAIL, "赤坂 三郎", "3回にわたり職員を怒鳴りつけ"):
        assert secret not in strings, secret


def test_a_section_chief_counts_only_what_he_may_read_and_says_so(world):
    _hr, chief = world
    d = cr.for_service(chief, FROM, TO, TODAY, reporter="区民課長").duties
    # the 相談 to 人事課 without consent is not his to read: not counted, not hinted at
    assert (d.consultations.scope, d.consultations.total) == (duty_counts.READABLE, 1)
    assert d.consultations.by_answer["該当すると思う"] == 0
    text = all_text(cr.render_pdf(cr.for_service(chief, FROM, TO, TODAY, reporter="区民課長")))
    assert "報告者が読むことのできる記録に限ります" in text.replace("\n", "")


def test_the_cli_report_has_the_duties_by_default():
    """`report committee` builds through for_service (the same as the GUI's export)."""
    import inspect

    from app.cli import report
    from app.ui.stats import export_runner
    assert "cr.for_service(" in inspect.getsource(report.cmd_committee)
    assert "cr.for_service(" in inspect.getsource(export_runner.ExportRunner.run)
