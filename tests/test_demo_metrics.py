"""The demo's clients are the daemon's own (metered) clients: /metrics counts their requests."""

from bot import metrics
from bot.cli import sample_feed_path
from bot.config import load_settings
from bot.demo import run_demo


def requests(account: str, method: str) -> float:
    value = metrics.REGISTRY.get_sample_value(
        "tgradar_telegram_requests_total", {"account": account, "method": method}
    )
    return value or 0.0


async def test_the_demo_counts_its_telegram_requests_like_the_daemon():
    history, sends = (
        requests("user", "GetHistory"),
        requests("bot", "SendMessage"),
    )
    summary = await run_demo(load_settings(None, env={}), sample_feed_path(), speed=8, quiet=True)
    # Only the watching account reads history: the simulated server's count is the metric's.
    assert requests("user", "GetHistory") - history == summary.requests["GetHistoryRequest"] > 0
    # The bot sends every card (and answers the demo's subscriber).
    assert requests("bot", "SendMessage") - sends >= summary.messages_sent > 0
