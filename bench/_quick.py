"""``--quick`` for every bench: the same code paths with tiny sizes and few repetitions (CI runs it so a bench
cannot rot; its figures are printed, never judged)."""
from __future__ import annotations

import argparse


def add_quick(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--quick", action="store_true",
                    help="tiny sizes and few repetitions (< 60 s); options given explicitly still apply")


def parse(ap: argparse.ArgumentParser, **quick) -> argparse.Namespace:
    """Parse the command line; with --quick, every option in ``quick`` left at its default takes the quick value."""
    args = ap.parse_args()
    if args.quick:
        for name, value in quick.items():
            if getattr(args, name) == ap.get_default(name):
                setattr(args, name, value)
    return args
