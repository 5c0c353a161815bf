"""``python -m bot.detect.warm``: derive now every table detection keeps in its cache
(bot/detect/cache.py), so that the next start reads them all. The container image runs it
at build time into a cache directory of its own, so that even its first start is quick and
a read-only file system costs nothing. Exit status 1 when a table could not be stored."""

from __future__ import annotations

import sys

from bot.detect import lexicon
from bot.detect.cache import CACHE_ENV, cache_dir, outcomes
from bot.detect.gazetteer import Gazetteer


def main() -> int:
    directory = cache_dir()
    if directory is None:
        print(f"tgradar: no cache to warm ({CACHE_ENV} is empty)", file=sys.stderr)
        return 1
    lexicon.data()
    for lang in ("ru", "uk"):
        lexicon.lexicon_for(lang)
    Gazetteer.default()
    done = outcomes()
    unstored = sorted(name for name, outcome in done.items() if outcome == "derived")
    if unstored:
        print(f"tgradar: could not write {', '.join(unstored)} to {directory}", file=sys.stderr)
        return 1
    print(f"{directory}: " + ", ".join(f"{name} {done[name]}" for name in sorted(done)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
