"""The words the app records and counts, read from a manual edition (one list of each, nowhere else).

Every function takes an :class:`~app.model.manual.Edition`; without one, the default edition is used
(loaded once per process and kept). The lists come from the edition:

- 迷惑行為の類型 (behaviours): ``behaviours[].label`` in the manual's order. The manual's list is an
  example list ending with 「など」, so an edition may add app-defined types (``app_extra``, e.g. 「その他」).
  Spellings recorded earlier (``app_aliases``, e.g. 「SOGIハラスメント」 written without the footnote mark
  ※) still mean the same behaviour: :func:`behaviour_label` maps them to today's label.
- 手段 (channels): ``app_channels``.
- カスハラの判断 (judgement results): ``judgement.app_results``; the one meaning カスハラ is
  ``judgement.harassment_result``.
- エスカレーション (escalation levels): ``escalation.levels[].level`` (困難, 特に困難) with the role's label.

Nothing here imports Qt.
"""
from __future__ import annotations

from functools import cache

from app.model.manual import DEFAULT_EDITION, Edition, load_edition

UNJUDGED = "未判断"
"""How statistics and filters name an incident without a judgement (not an edition word)."""


@cache
def default_edition() -> Edition:
    """The current default edition, loaded once per process."""
    return load_edition(DEFAULT_EDITION)


def _e(edition: Edition | None) -> Edition:
    return edition if edition is not None else default_edition()


# ---- behaviours ---------------------------------------------------------------------------------------
def behaviours(edition: Edition | None = None) -> tuple[str, ...]:
    """The behaviour labels, in the edition's order (the manual's list, then app-defined extras)."""
    return tuple(b["label"] for b in _e(edition)["behaviours"])


def manual_behaviours(edition: Edition | None = None) -> tuple[str, ...]:
    """Only the manual's own examples (without app-defined extras such as 「その他」)."""
    return tuple(b["label"] for b in _e(edition)["behaviours"] if not b.get("app_extra"))


def behaviour_ids(edition: Edition | None = None) -> dict[str, str]:
    """label → id, earlier spellings (aliases) included."""
    out: dict[str, str] = {}
    for b in _e(edition)["behaviours"]:
        out[b["label"]] = b["id"]
        for alias in b.get("app_aliases", ()):
            out[alias] = b["id"]
    return out


def behaviour_labels(edition: Edition | None = None) -> dict[str, str]:
    """id → label."""
    return {b["id"]: b["label"] for b in _e(edition)["behaviours"]}


def behaviour_label(value: str, edition: Edition | None = None) -> str | None:
    """Today's label for an id, a label or an earlier spelling; None when the edition does not know it."""
    b = _e(edition).behaviour(value)
    return b["label"] if b else None


# ---- channels -----------------------------------------------------------------------------------------
def channels(edition: Edition | None = None) -> tuple[str, ...]:
    """手段: 対面, 電話, 訪問 … as the edition lists them."""
    return tuple(_e(edition)["app_channels"])


# ---- judgement ----------------------------------------------------------------------------------------
def judgement_results(edition: Edition | None = None) -> tuple[str, ...]:
    """The 課長's possible results: 該当, 非該当, 経過観察 (as the edition lists them)."""
    return tuple(_e(edition)["judgement"]["app_results"])


def harassment_result(edition: Edition | None = None) -> str:
    """The result that means カスハラ (該当)."""
    return _e(edition)["judgement"]["harassment_result"]


# ---- escalation ---------------------------------------------------------------------------------------
def escalation_levels(edition: Edition | None = None) -> tuple[str, ...]:
    """困難, 特に困難: lowest first."""
    return tuple(lv["level"] for lv in _e(edition)["escalation"]["levels"])


def escalation_labels(edition: Edition | None = None) -> dict[str, str]:
    """level → who takes it (困難 → 部長); the role's name when the edition gives no label."""
    from app.model import roles
    return {lv["level"]: lv.get("label") or roles.LABELS.get(lv["role"], lv["role"])
            for lv in _e(edition)["escalation"]["levels"]}


PARTICLES = ("を", "が", "に", "は", "と", "で", "の")


def step_title(step: dict) -> str:
    """A step's title as a sentence: the manual's 「…を伝えた上で」 begins after the three statements it
    names, so they are put back from the registry's labels (app/model/kinds.py, 二次対応の3点)."""
    title = str(step.get("title") or step.get("id") or "")
    if title.startswith(PARTICLES):
        from app.model import kinds
        k = kinds.get("second_response_statements")
        marks = "①②③④⑤"
        names = [f.label for f in k.fields if f.type == "bool"] if k else []
        return "".join(f"{marks[i]}「{n}」" for i, n in enumerate(names)) + title
    return title
