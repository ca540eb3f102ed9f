"""Document numbers: {年度の和暦年}{prefix}第{n}号, e.g. 7港総総第12号.

The number is counted per 年度 (April–March): a document dated 令和8年3月 carries 7, one dated
令和8年4月 carries 8. The year is the era year of the 年度 label (app/model/fiscal.py), so the whole of
令和元年度 (a document dated 2019-04-01 … 2020-03-31, April 2019 included) carries 1 (written 1, as the
ward's numbers are digits). The counter lives in the store; this module only formats.
"""
from __future__ import annotations

from app.model.fiscal import fiscal_era_year, fiscal_year


def document_year(date) -> int:
    """The 年度 era year printed in front of the prefix."""
    return fiscal_era_year(fiscal_year(date))[1]


def document_number(date, prefix: str, n: int) -> str:
    if not prefix:
        raise ValueError("文書番号の記号（例：港総総）が設定されていません。")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"文書番号の番号は1以上の整数で指定してください（{n!r}）。")
    return f"{document_year(date)}{prefix}第{n}号"
