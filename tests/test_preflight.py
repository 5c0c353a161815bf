"""`tgradar doctor` pre-flight checks, against the in-process sandbox Telegram."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from telethon import types
from telethon.crypto import AuthKey
from telethon.sessions import SQLiteSession, StringSession

from bot.config import (
    ChannelSettings,
    ConfigError,
    ReviewSettings,
    Secrets,
    Settings,
    StorageSettings,
)
from bot.preflight import (
    Check,
    config_failure,
    disk_space_check,
    passed,
    posting_problem,
    preflight,
    render,
)
from bot.sandbox import SANDBOX_API_HASH
from bot.store import Store
from tests.conftest import SandboxWorld

REVIEW = "tgradar_review"
CHANNELS = ("shot_shot", "kuban_alerts", "kharkiv_today")


class World(SandboxWorld):
    """The sandbox Telegram with the watching account, the bot, the review chat and channels."""

    def __init__(self, tmp_path: Path) -> None:
        data = tmp_path / "data"
        data.mkdir()
        super().__init__(CHANNELS, data_dir=data)
        self.settings = self.daemon_settings()

    async def run(self, settings: Settings | None = None, **kwargs) -> list[Check]:
        return await preflight(settings or self.settings, build=self.build, **kwargs)


@pytest.fixture
def world(tmp_path):
    return World(tmp_path)


def by_name(checks: list[Check]) -> dict[str, Check]:
    names = [c.name for c in checks]
    assert len(names) == len(set(names)), names
    return {c.name: c for c in checks}


def failed(checks: list[Check]) -> set[str]:
    return {c.name for c in checks if not c.ok}


async def test_a_good_setup_is_all_ok(world):
    world.save_session()
    checks = await world.run()
    assert failed(checks) == set() and passed(checks)
    assert [c.status for c in checks] == ["OK"] * len(checks)
    found = by_name(checks)
    assert "logged in as @tgradar_watcher" in found["user account"].detail
    assert "@tgradar_bot" in found["bot"].detail
    assert "Дежурная смена" in found["review chat"].detail
    assert {f"channel @{name}" for name in CHANNELS} <= found.keys()
    assert "schema v" in found["database"].detail
    assert "embedded defaults" in found["config"].detail


async def test_every_account_of_the_pool_is_checked_and_the_join_limit_too(world):
    from bot.config import AccountSettings

    world.save_session()
    second = world.server.add_user("tgradar_second", premium=True)
    world.save_session(account="second", user=second)
    world.save_session(account="third", authorized=False)  # a login that did not finish
    accounts = AccountSettings(names=("default", "second", "third"))
    many = tuple(f"news_{i:04d}" for i in range(2100))
    settings = replace(world.settings, accounts=accounts)
    found = by_name(await world.run(settings, offline=False))
    assert found["account second"].ok and "@tgradar_second, Premium" in found[
        "account second"
    ].detail
    assert not found["account third"].ok
    assert "tgradar login --account third" in found["account third"].fix
    assert found["join limit"].detail == "3 channel(s), accounts can join 2000"
    assert found["join limit"].status == "OK"
    # more channels than the accounts can join: a warning that says what to do
    lots = replace(settings, channels=ChannelSettings(watch=many))
    checks = await world.run(lots, offline=False)
    limit = by_name(checks)["join limit"]
    assert limit.status == "WARN"
    assert limit.detail == "2100 channels, accounts can join 2000: 100 are polled"
    assert "tgradar login --account NAME" in limit.fix


async def test_telegram_is_asked_little_and_nothing_is_sent(world):
    world.save_session()
    await world.run()
    by_user = world.server.requests_by(world.watcher)
    by_bot = world.server.requests_by(world.bot)
    assert by_user["ResolveUsernameRequest"] == len(CHANNELS)
    assert by_bot["ResolveUsernameRequest"] == 1
    assert by_bot["GetParticipantRequest"] == 1
    assert not any("Send" in method for method in world.server.requests)


async def test_the_doctor_does_not_write_the_session_files(world):
    world.save_session()
    before = world.settings.user_session_path.read_bytes()
    await world.run()
    assert world.settings.user_session_path.read_bytes() == before
    assert not world.settings.bot_session_path.exists()


async def test_the_bot_login_of_the_daemon_is_reused(world):
    world.save_session()
    session = SQLiteSession(str(world.settings.bot_session_path))
    session.set_dc(2, "149.154.167.51", 443)
    session.auth_key = AuthKey(os.urandom(256))
    session.save()
    world.server.authorize_key(session.auth_key.key_id, world.bot)
    session.close()
    found = by_name(await world.run())
    assert found["bot"].ok and found["bot can post"].ok
    assert world.server.requests_by(world.bot)["ImportBotAuthorizationRequest"] == 0


async def test_a_rejected_bot_token(world):
    world.save_session()
    wrong = world.bot.bot_token[:-4] + "abcd"
    settings = replace(world.settings, secrets=replace(world.settings.secrets, bot_token=wrong))
    checks = await world.run(settings)
    bot = by_name(checks)["bot"]
    assert not bot.ok and "@BotFather" in bot.fix
    assert wrong not in render(checks)


async def test_a_session_string_from_the_environment(world):
    session = StringSession()
    session.set_dc(2, "149.154.167.51", 443)
    session.auth_key = AuthKey(os.urandom(256))
    world.server.authorize_key(session.auth_key.key_id, world.watcher)
    text = session.save()
    settings = replace(world.settings, secrets=replace(world.settings.secrets, session=text))
    checks = await world.run(settings)
    found = by_name(checks)
    assert found["session file"].ok and "TGRADAR_SESSION" in found["session file"].detail
    assert found["user account"].ok
    assert text not in render(checks)


async def test_a_check_that_crashes_is_reported_and_the_rest_still_run(world):
    world.save_session()

    def broken_build(*args, **kwargs):
        raise RuntimeError("client construction failed")

    checks = await preflight(world.settings, build=broken_build)
    found = by_name(checks)
    assert "client construction failed" in found["user account"].detail
    assert not found["bot"].ok and found["database"].ok
    assert "not logged in" in found["channels"].detail


def test_a_config_that_does_not_load_is_one_fail_line():
    error = ConfigError('/etc/tgradar.toml: poll.min_interval = "fast": not a duration')
    (check,) = config_failure(error)
    assert not check.ok and check.detail == str(error) and check.fix


async def test_missing_secrets_name_the_variables_and_skip_telegram(world):
    world.save_session()
    settings = replace(world.settings, secrets=Secrets())
    checks = await world.run(settings)
    found = by_name(checks)
    secrets = found["secrets"]
    assert not secrets.ok
    for variable in ("TGRADAR_API_ID", "TGRADAR_API_HASH", "TGRADAR_BOT_TOKEN"):
        assert variable in secrets.detail and f"{variable}_FILE" in secrets.fix
    assert found["telegram"].status == "SKIP" and "TGRADAR_API_ID" in found["telegram"].detail
    assert world.server.requests == {}
    assert found["database"].ok and found["data dir"].ok  # the rest still ran


async def test_a_missing_bot_token_still_checks_the_user_and_channels(world):
    world.save_session()
    settings = replace(world.settings, secrets=replace(world.settings.secrets, bot_token=None))
    found = by_name(await world.run(settings))
    assert "TGRADAR_BOT_TOKEN" in found["secrets"].detail
    assert found["bot"].status == "SKIP" and found["review chat"].status == "SKIP"
    assert found["user account"].ok
    assert all(found[f"channel @{name}"].ok for name in CHANNELS)


async def test_an_unauthorised_session_says_log_in_and_the_bot_is_still_checked(world):
    world.save_session(authorized=False)
    checks = await world.run()
    found = by_name(checks)
    assert not found["user account"].ok
    assert "tgradar login" in found["user account"].fix
    assert found["bot"].ok and found["review chat"].ok and found["bot can post"].ok
    assert found["channels"].status == "SKIP" and "not logged in" in found["channels"].detail
    assert "FAIL" in render(checks) and "-> run `tgradar login`" in render(checks)


async def test_no_session_file_says_log_in(world):
    found = by_name(await world.run())
    assert not found["session file"].ok and "tgradar login" in found["session file"].fix
    assert found["user account"].status == "SKIP"


async def test_a_session_readable_by_others_is_a_warning(world):
    world.save_session()
    world.settings.user_session_path.chmod(0o644)
    checks = await world.run()
    session = by_name(checks)["session file"]
    assert session.ok and session.status == "WARN"
    assert session.fix == f"chmod 600 {world.settings.user_session_path}"
    assert passed(checks)


async def test_bot_not_in_the_review_chat(world):
    world.save_session()
    world.server.leave(world.review, world.bot)
    found = by_name(await world.run())
    assert found["review chat"].ok
    member = found["bot member"]
    assert not member.ok and "@tgradar_bot" in member.fix and REVIEW in member.fix
    assert "bot can post" not in found
    assert all(found[f"channel @{name}"].ok for name in CHANNELS)


async def test_bot_as_plain_member_of_a_broadcast_review_channel_may_not_post(world):
    # The sandbox cannot restrict a member; a broadcast channel where the bot is no admin
    # is the muted case it can express. Restrictions are covered by posting_problem below.
    world.save_session()
    world.server.add_channel("tgradar_cards", title="Карточки", subscribers=[world.bot])
    settings = replace(world.settings, review=ReviewSettings(chat="tgradar_cards"))
    found = by_name(await world.run(settings))
    assert found["bot member"].ok
    assert not found["bot can post"].ok and "admin" in found["bot can post"].fix


async def test_review_chat_that_does_not_exist(world):
    world.save_session()
    settings = replace(world.settings, review=ReviewSettings(chat="no_such_review_room"))
    found = by_name(await world.run(settings))
    assert not found["review chat"].ok and "review.chat" in found["review chat"].fix
    assert found["bot"].ok


async def test_review_chat_not_configured_is_a_config_warning(world):
    world.save_session()
    checks = await world.run(replace(world.settings, review=ReviewSettings()), offline=True)
    review = by_name(checks)["review chat"]
    assert review.status == "WARN" and "[review]" in review.fix


async def test_channels_added_with_the_channels_command_are_checked_too(world):
    world.save_session()
    added = world.server.add_channel("kyiv_alerts", title="Київ")
    store = Store(world.settings.storage.database)
    store.ensure_channel("kyiv_alerts", peer_id=added.id, title="Київ")
    store.ensure_channel("old_feed", peer_id=12345, state="removed")
    store.close()
    found = by_name(await world.run())
    assert found["channel @kyiv_alerts"].ok
    assert "channel @old_feed" not in found


def _participant_banned(send_messages: bool) -> types.ChannelParticipantBanned:
    rights = types.ChatBannedRights(until_date=None, send_messages=send_messages)
    return types.ChannelParticipantBanned(
        peer=types.PeerUser(1), kicked_by=2, date=None, banned_rights=rights
    )


def _megagroup(default_send_banned: bool = False) -> types.Channel:
    defaults = types.ChatBannedRights(until_date=None, send_messages=default_send_banned)
    return types.Channel(
        id=5,
        title="Редакция",
        photo=types.ChatPhotoEmpty(),
        date=None,
        megagroup=True,
        access_hash=1,
        default_banned_rights=defaults,
    )


def test_a_restricted_bot_may_not_post():
    problem = posting_problem(_megagroup(), _participant_banned(send_messages=True))
    assert problem is not None and "restricted" in problem[0]
    assert posting_problem(_megagroup(), _participant_banned(send_messages=False)) is None


def test_a_group_closed_to_members_needs_the_bot_as_admin():
    member = types.ChannelParticipant(user_id=1, date=None)
    assert posting_problem(_megagroup(default_send_banned=True), member) is not None
    assert posting_problem(_megagroup(default_send_banned=False), member) is None
    admin = types.ChannelParticipantAdmin(
        user_id=1, promoted_by=2, date=None, admin_rights=types.ChatAdminRights()
    )
    assert posting_problem(_megagroup(default_send_banned=True), admin) is None


async def test_private_and_missing_channels_are_reported_each_and_the_rest_are_ok(world):
    world.save_session()
    gone_private = world.server.add_channel("closed_news", subscribers=[])
    world.server.make_private(gone_private)  # its username is gone, as on Telegram
    world.server.add_channel("banned_here")
    # Telegram answers CHANNEL_PRIVATE to an account banned from a channel; the failure hits
    # the watcher's first resolution, which is banned_here's.
    world.server.fail("ResolveUsername", "CHANNEL_PRIVATE", account=world.watcher)
    watch = ("banned_here", "shot_shot", "closed_news", "never_existed_x", "kharkiv_today")
    settings = replace(world.settings, channels=ChannelSettings(watch=watch))
    checks = await world.run(settings)
    found = by_name(checks)
    assert failed(checks) == {
        "channel @banned_here",
        "channel @closed_news",
        "channel @never_existed_x",
    }
    for name in ("closed_news", "never_existed_x"):
        assert found[f"channel @{name}"].fix == "check the username; was it renamed?"
    assert "private" in found["channel @banned_here"].detail
    report = render(checks).splitlines()
    assert sum(line.startswith("FAIL channel @") for line in report) == 3


async def test_a_flood_wait_is_reported_not_slept_through(world):
    world.save_session()
    world.server.fail("ResolveUsername", "FLOOD_WAIT_120", account=world.watcher)
    checks = await world.run()
    found = by_name(checks)
    flooded = [found[f"channel @{name}"] for name in CHANNELS]
    assert all(not c.ok and "120s" in c.detail for c in flooded)
    # after the first flood wait the others are not asked for
    assert world.server.requests_by(world.watcher)["ResolveUsernameRequest"] == 1
    assert found["bot can post"].ok


async def test_an_unwritable_data_dir(world, tmp_path):
    # Tests may run as root, for whom permission bits do not bind: use a path that cannot be
    # a directory because a file is in the way.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory\n")
    settings = replace(
        world.settings,
        data_dir=blocker,
        storage=StorageSettings(database=blocker / "tgradar.db"),
    )
    checks = await world.run(settings, offline=True)
    found = by_name(checks)
    assert not found["data dir"].ok and "not a directory" in found["data dir"].detail
    assert found["data dir"].fix
    assert not found["database"].ok
    assert not found["session file"].ok


async def test_a_data_dir_that_login_will_create_is_not_a_failure(world, tmp_path):
    missing = tmp_path / "nowhere"
    settings = replace(
        world.settings, data_dir=missing, storage=StorageSettings(database=missing / "t.db")
    )
    checks = await world.run(settings, offline=True)
    found = by_name(checks)
    assert found["data dir"].status == "OK" and "tgradar login" in found["data dir"].detail
    assert found["database"].status == "SKIP" and "no database yet" in found["database"].detail
    assert "is not a directory" not in render(checks)
    assert not missing.exists()  # the doctor only looks


async def test_a_data_dir_that_cannot_be_created_fails_with_the_command(world, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    missing = blocker / "data"
    settings = replace(
        world.settings, data_dir=missing, storage=StorageSettings(database=missing / "t.db")
    )
    found = by_name(await world.run(settings, offline=True))
    assert not found["data dir"].ok and found["data dir"].fix == f"mkdir -p {missing}"


async def test_offline_makes_no_telegram_requests(world):
    world.save_session()
    checks = await world.run(offline=True)
    assert world.server.requests == {} and world.built == 0
    telegram = by_name(checks)["telegram"]
    assert telegram.status == "SKIP" and "offline" in telegram.detail
    assert "OK   telegram" not in render(checks) and "SKIP telegram" in render(checks)
    assert passed(checks)


def test_disk_space_thresholds(tmp_path):
    mb = 1024 * 1024
    assert disk_space_check(10 * 1024 * mb, tmp_path).status == "OK"
    assert disk_space_check(200 * mb, tmp_path).status == "WARN"
    low = disk_space_check(20 * mb, tmp_path)
    assert low.status == "FAIL" and "20 MB" in low.detail


async def test_secrets_never_appear_in_the_report(world):
    world.save_session()
    token = world.bot.bot_token
    world.server.fail("GetParticipant", f"INTERNAL_{token}", account=world.bot)
    report = render(await world.run())
    assert token not in report and SANDBOX_API_HASH not in report


def test_render_aligns_names_and_shows_fixes():
    report = render(
        [
            Check("config", True, "/etc/tgradar.toml"),
            Check("session file", False, "not logged in", "run `tgradar login`"),
            Check("disk", True, "300 MB free", "free space soon"),
        ]
    ).splitlines()
    assert report == [
        "OK   config        /etc/tgradar.toml",
        "FAIL session file  not logged in -> run `tgradar login`",
        "WARN disk          300 MB free -> free space soon",
    ]


async def test_an_empty_watch_list_and_no_review_chat_are_each_a_warning(world):
    world.save_session()
    settings = replace(world.settings, channels=ChannelSettings(), review=ReviewSettings())
    checks = await world.run(settings, offline=True)
    found = by_name(checks)
    assert found["watch list"].status == "WARN" and "channels.watch" in found["watch list"].detail
    assert found["review chat"].status == "WARN" and "review.chat" in found["review chat"].detail
    assert passed(checks)


async def test_a_malformed_secret_is_named_and_the_others_are_still_checked(world):
    world.save_session()
    error = ConfigError(
        "environment: TGRADAR_API_ID = <hidden, 3 characters>: not a positive whole number",
        file="environment",
        key="TGRADAR_API_ID",
    )
    settings = replace(world.settings, secrets=replace(world.settings.secrets, api_id=None))
    found = by_name(await world.run(settings, secret_problems=[error], offline=True))
    assert not found["secrets"].ok and "TGRADAR_API_ID" in found["secrets"].detail
    assert "environment" in found["secrets"].fix and "line" not in found["secrets"].fix
    assert found["database"].ok


def test_a_config_failure_fix_fits_its_cause(tmp_path):
    from bot.config import load_settings

    causes = {}
    with pytest.raises(ConfigError) as missing:
        load_settings(tmp_path / "nope.toml", {})
    causes["missing"] = missing.value
    bad = tmp_path / "bad.toml"
    bad.write_text('[poll]\nmin_interval = "fast"\n')
    with pytest.raises(ConfigError) as line:
        load_settings(bad, {})
    causes["line"] = line.value
    env = ConfigError("environment: TGRADAR_DATA ...", file="environment", key="TGRADAR_DATA")
    causes["env"] = env
    fixes = {cause: config_failure(error)[0].fix for cause, error in causes.items()}
    assert "line" not in fixes["missing"] and "tgradar.example.toml" in fixes["missing"]
    assert "fix that line of" in fixes["line"] and str(bad) in fixes["line"]
    assert "line" not in fixes["env"] and "TGRADAR_DATA" in fixes["env"]
