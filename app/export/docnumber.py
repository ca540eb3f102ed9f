"""Document numbers: {年度の和暦年}{prefix}第{n}号, e.g. 7港総総第12号.

The number is counted per 年度 (April–March): a document dated 令和8年3月 carries 7, one dated
令和8年4月 carries 8. In 令和元年度 (a document dated 2019-05-01 … 2020-03-31) the year is 1 (written 1,
as the ward's numbers are digits). The counter lives in the store; this module only formats.
"""
from __future__ import annotations

from .wareki import fiscal_year_wareki


def document_year(date) -> int:
    """The 年度 era year printed in front of the prefix."""
    return fiscal_year_wareki(date)[1]


def document_number(date, prefix: str, n: int) -> str:
    if not prefix:
        raise ValueError("文書番号の記号（例：港総総）が設定されていません。")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"文書番号の番号は1以上の整数で指定してください（{n!r}）。")
    return f"{document_year(date)}{prefix}第{n}号"
