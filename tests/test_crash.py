"""kill -9 at random moments and at named points loses nothing and repeats nothing.

`tgradar run` runs as a child process against the sandbox served over TCP; it is killed with
SIGKILL (at random, right after Telegram stored a send or an edit, right after a review,
inside a store transaction) and restarted, while channels publish and edit and an editor
presses buttons. Then every card in the review chat is compared with the card rendered from
the final database. `make chaos` runs the same with TGRADAR_CHAOS_KILLS=100.
"""

from __future__ import annotations

import os

from tests.chaos import Chaos


async def test_kill_9_loses_no_post_and_leaves_every_card_final(tmp_path):
    kills = int(os.environ.get("TGRADAR_CHAOS_KILLS", "10"))
    chaos = Chaos(tmp_path, kills=kills, seed=int(os.environ.get("TGRADAR_CHAOS_SEED", "13")))
    figures = await chaos.run()
    print(figures.summary())
    log = (tmp_path / "daemon.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    assert figures.kills >= kills
    assert (figures.lost, figures.duplicates, figures.missing, figures.stale, figures.stuck) == (
        0,
        0,
        0,
        0,
        0,
    ), figures.problems
    assert not figures.problems, figures.problems
