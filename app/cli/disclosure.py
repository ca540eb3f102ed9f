"""``madoguchi disclosure collect``: everything held about a named person, for a 本人開示 (issue 17)."""
from __future__ import annotations

from app.cli import session
from app.cli.util import emit


def cmd_disclosure(args) -> int:
    emit(session.service(args).disclosure_collect(args.name))
    return 0


def register(sub) -> None:
    d = sub.add_parser("disclosure", help="本人開示: what is held about a named person (facts apart from opinions)")
    actions = d.add_subparsers(dest="action", required=True)
    c = actions.add_parser("collect", help="collect the person's records (the exact name, never normalised)")
    c.add_argument("--name", required=True)
    c.set_defaults(func=cmd_disclosure)
