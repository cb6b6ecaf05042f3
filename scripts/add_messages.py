"""Add messages to both catalogs (Bahasa Indonesia and English), with Babel.

    python scripts/add_messages.py "improved=membaik" "{n} of {total} reached={n} dari {total} tercapai"

Each argument is ``English message=Indonesian translation``; the English catalog gets the message
itself. An existing message gets the new translation. The files stay sorted as Babel writes them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "lkip_helpers" / "data" / "locale"


def add(pairs: list[tuple[str, str]]) -> None:
    for lang in ("id", "en"):
        path = LOCALE / lang / "LC_MESSAGES" / "lkip.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for english, indonesian in pairs:
            catalog.add(english, indonesian if lang == "id" else english)
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True)


def main(argv: list[str]) -> int:
    pairs = []
    for arg in argv:
        english, sep, indonesian = arg.rpartition("=")
        if not sep or not english or not indonesian:
            print(f"not 'English=Indonesian': {arg!r}", file=sys.stderr)
            return 2
        pairs.append((english, indonesian))
    add(pairs)
    print(f"{len(pairs)} message(s) in both catalogs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
