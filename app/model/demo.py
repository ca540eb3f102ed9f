"""Fictional incidents for `--demo` and benchmarks. Every name and event here is invented."""
from __future__ import annotations

import datetime as dt
import random

from app.model.service import Service

PARTIES = [{"name": "𠮷田 太郎"}, {"name": "髙橋 﨑子"}, {"name": "渡邊 一郎"}, {"description": "60代くらいの男性、灰色の上着"},
           {"name": "齋藤 花子"}, {"description": "電話の男性（名乗らず）"}, {"name": "葛\U000E0100飾 次郎"}]
DEPARTMENTS = ["区民課", "保険年金課", "生活福祉課", "芝地区総合支所 区民課", "麻布地区総合支所 協働推進課"]
SCENES = [
    ("対面", ["暴言、侮辱及び誹謗中傷"], "窓口で証明書の交付を待つ間に大声で怒鳴った。", "すぐに交付しろ",
     ["お前は無能だ、要求に応じろ", "いつまで待たせるんだ"]),
    ("電話", ["長時間の拘束"], "同じ説明を繰り返しても納得せず、40分以上通話が続いた。", "制度の適用を認めろ",
     ["納得できるまで切らない", "上司を出せ"]),
    ("対面", ["土下座の要求"], "手続の不備を謝罪した後も土下座を求めた。", "土下座での謝罪",
     ["土下座して謝罪しろ。さもないと許さない。"]),
    ("SNS", ["区や職員の信用を毀損させる内容や個人情報等をSNSなどに投稿する行為"],
     "SNSに職員の顔写真と氏名が掲載され、誹謗中傷が書き込まれた。", "投稿の削除に応じない", ["お前の顔と名前をSNSに投稿するぞ"]),
    ("対面", ["暴力行為"], "激高してカウンターを叩き、職員の胸ぐらをつかんだ。", "手続の即時完了", ["その態度は何だ！"]),
    ("電話", ["合理性を欠く不当又は過剰な要求"], "「賠償しろ」と電話で金銭を要求した。", "金銭による賠償",
     ["賠償しろ。お前をクビにできるんだぞ。"]),
]


def fill(service: Service, count: int = 24, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    start = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    ids = []
    for i in range(count):
        channel, behaviours, summary, demands, quotes = SCENES[i % len(SCENES)]
        at = start + dt.timedelta(days=rng.randrange(0, 600), minutes=rng.randrange(0, 480))
        ids.append(service.create_incident({
            "occurred_at": at.isoformat(), "channel": channel, "place": "1階 窓口" if channel == "対面" else "",
            "summary": summary, "demands": demands, "party": PARTIES[i % len(PARTIES)],
            "staff": ["港 一郎", "芝 花子"], "behaviours": behaviours, "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "quotes": [{"at": (at + dt.timedelta(minutes=n + 1)).isoformat(), "text": q} for n, q in enumerate(quotes)],
        }))
    return ids


DEMO_STAFF = [("デモ 管理者", ["sysadmin"], "総務部/情報政策課/"), ("デモ 職員", ["staff"], "区民部/区民課/窓口係"),
              ("デモ 係長", ["chief"], "区民部/区民課/窓口係"), ("デモ 課長", ["section_chief"], "区民部/区民課/"),
              ("デモ 部長", ["director"], "区民部//"), ("デモ 庁舎管理者", ["facility_manager"], "総務部/契約管財課/"),
              ("デモ 人事", ["hr"], "総務部/人事課/"), ("デモ 総務部長", ["general_affairs_director"], "総務部//")]
# one fictional person per role (a test checks every role of app/model/roles.py is here)


def add_demo_staff(store, password: str):
    """Fictional staff for the demo store; returns the signed-in デモ 職員."""
    from app.model.actor import Actor
    from app.model.auth import Authenticator
    name, roles, dept = DEMO_STAFF[0]
    Service(store, Actor.bootstrap()).add_staff(name, roles, password, dept)
    admin = Service(store, Authenticator(store).sign_in(name, password))
    for name, roles, dept in DEMO_STAFF[1:]:
        admin.add_staff(name, roles, password, dept)
    return Authenticator(store).sign_in("デモ 職員", password)
