"""The cache of derived tables (bot/detect/cache.py): what a new process reads instead of
lemmatising the lexicon and indexing the gazetteer again. It must never change a detection:
an entry is used only for the very files and versions it was derived from, and anything
wrong with the cache (corrupt, truncated, foreign, unwritable, two processes at once) costs
the derivation, never a crash or a stale table."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.detect import cache
from bot.detect import lexicon as lx
from bot.detect.gazetteer import DATA_PATH, Gazetteer

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset.jsonl"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(directory))
    return directory


def _entries(directory: Path, table: str) -> list[Path]:
    return sorted(p for p in directory.glob(f"{table}-*.marshal"))


def _tables(gazetteer: Gazetteer) -> dict:
    """What a gazetteer holds, but for its open villages file."""
    return {k: v for k, v in vars(gazetteer).items() if k != "_villages"}


class Derivation:
    """A table derived from a data file, counting how often it is derived."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.builds = 0

    def build(self) -> dict:
        self.builds += 1
        words = self.source.read_text(encoding="utf-8").split()
        return {"words": words, "lengths": {w: len(w) for w in words}, "set": frozenset(words)}

    def load(self) -> dict:
        return cache.cached(
            "words", lambda: cache.fingerprint([self.source]), self.build, dict
        )


@pytest.fixture
def derivation(tmp_path: Path, cache_dir: Path) -> Derivation:
    source = tmp_path / "words.txt"
    source.write_text("дрон ракета взрыв\n", encoding="utf-8")
    return Derivation(source)


# -- the real tables --------------------------------------------------------------------


def test_classify_of_the_dev_set_is_identical_with_and_without_the_cache(
    cache_dir: Path,
) -> None:
    # This process derives every table into an empty cache, then `tgradar classify` reads
    # them from it; another run derives them itself (cache off). Same bytes out.
    lx.data.__wrapped__()
    for analyser in ("ru", "uk"):
        lx._lexicon_for.__wrapped__(analyser)
    Gazetteer.load()
    written = {p: p.stat().st_ino for p in cache_dir.iterdir()}
    assert {p.name.rsplit("-", 1)[0] for p in written} == {
        "lexicon-data", "lexicon-ru", "lexicon-uk", "gazetteer"
    }

    def classify(cache_setting: str) -> subprocess.Popen:
        env = {**os.environ, cache.CACHE_ENV: cache_setting}
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "classify", str(DEVSET)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )

    runs = [classify(str(cache_dir)), classify("")]  # side by side: the suite's time
    with_cache, without = (run.communicate(timeout=600)[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    assert with_cache == without
    assert with_cache.count("\n") == sum(1 for line in DEVSET.open() if line.strip())
    # The entries were read, not rejected and written anew (a rewrite is a new file).
    assert {p: p.stat().st_ino for p in cache_dir.iterdir()} == written


def test_tables_read_from_the_cache_equal_the_derived_ones(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    derived_lexicon = lx._lexicon_for.__wrapped__("uk")
    derived_data = lx.data.__wrapped__()
    derived_gazetteer = Gazetteer.load()
    monkeypatch.setenv(cache.CACHE_ENV, str(cache_dir))
    for _ in range(2):  # the first derives and writes, the second reads
        assert lx._lexicon_for.__wrapped__("uk") == derived_lexicon
        assert lx.data.__wrapped__() == derived_data
        assert _tables(Gazetteer.load()) == _tables(derived_gazetteer)
    assert len(list(cache_dir.iterdir())) == 3


def test_a_changed_gazetteer_file_is_read_anew(tmp_path: Path, cache_dir: Path) -> None:
    data = json.loads(gzip.decompress(DATA_PATH.read_bytes()))
    path = tmp_path / "gazetteer.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode(), compresslevel=1))
    kursk = Gazetteer.load(path, villages=None).lookup("Курск", limit=1)[0][0]
    assert kursk.name == "Курск"
    # The same file, one place renamed: the cached tables of the old file are not used.
    for row in data["places"]:
        if row[0] == "Курск":
            row[0] = "Курскъ"
    path.write_bytes(gzip.compress(json.dumps(data).encode(), compresslevel=1))
    renamed = Gazetteer.load(path, villages=None).lookup("Курск", limit=1)[0][0]
    assert renamed.name == "Курскъ"
    assert len(_entries(cache_dir, "gazetteer")) == 2


def test_a_missing_or_broken_gazetteer_file_fails_as_without_a_cache(
    tmp_path: Path, cache_dir: Path
) -> None:
    from bot.detect.gazetteer import GazetteerError

    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.load(tmp_path / "absent.json.gz")
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(b'{"version": 4, "regions": [}'))
    with pytest.raises(GazetteerError, match="unreadable"):
        Gazetteer.load(broken)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


# -- the mechanism ----------------------------------------------------------------------


def test_an_entry_is_derived_once_and_read_after(derivation: Derivation) -> None:
    first = derivation.load()
    assert derivation.load() == first
    assert derivation.builds == 1
    assert first["set"] == frozenset({"дрон", "ракета", "взрыв"})


def test_a_changed_source_file_derives_the_table_again(derivation: Derivation) -> None:
    derivation.load()
    derivation.source.write_text("дрон ракета взрыв шахед\n", encoding="utf-8")
    assert "шахед" in derivation.load()["words"]
    assert derivation.builds == 2
    # Both versions stay: switching back (another checkout on the machine) reads the old one.
    derivation.source.write_text("дрон ракета взрыв\n", encoding="utf-8")
    assert "шахед" not in derivation.load()["words"]
    assert derivation.builds == 2


def test_other_library_versions_derive_the_table_again(tmp_path: Path, cache_dir: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("дрон\n", encoding="utf-8")
    builds: list[str] = []

    def load(version: str) -> str:
        return cache.cached(
            "versioned",
            lambda: cache.fingerprint([source], [f"pymorphy3 {version}"]),
            lambda: builds.append(version) or version,
            str,
        )

    assert load("2.0.6") == "2.0.6"
    assert load("2.0.7") == "2.0.7"
    assert load("2.0.6") == "2.0.6"
    assert builds == ["2.0.6", "2.0.7"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 0x01]), id="one-bit-flipped"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: b"\x00" * len(blob), id="zeroed"),
        pytest.param(lambda blob: b"not a cache entry at all\n" * 10, id="garbage"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(derivation: Derivation, damage) -> None:
    expected = derivation.load()
    (entry,) = _entries(derivation.source.parent / "cache", "words")
    sound = entry.read_bytes()
    entry.write_bytes(damage(sound))
    assert derivation.load() == expected
    assert derivation.builds == 2
    assert entry.read_bytes() == sound  # rewritten whole
    assert derivation.load() == expected
    assert derivation.builds == 2


def test_an_entry_of_another_shape_is_derived_again(tmp_path: Path, cache_dir: Path) -> None:
    # A stored value the tables cannot be restored from (say, from a bug since fixed) is
    # not used: the table is derived and the entry replaced.
    source = tmp_path / "words.txt"
    source.write_text("дрон\n", encoding="utf-8")

    def restore(value: dict) -> dict:
        if set(value) != {"words"}:
            raise ValueError("not the words table")
        return value

    key = lambda: cache.fingerprint([source])  # noqa: E731
    cache.cached("shaped", key, lambda: {"other": 1}, dict)
    assert cache.cached("shaped", key, lambda: {"words": ["дрон"]}, restore) == {"words": ["дрон"]}
    assert cache.cached("shaped", key, lambda: {"words": []}, restore) == {"words": ["дрон"]}


def test_an_entry_others_may_write_is_not_read(derivation: Derivation) -> None:
    derivation.load()
    (entry,) = _entries(derivation.source.parent / "cache", "words")
    entry.chmod(0o666)
    derivation.load()
    assert derivation.builds == 2
    (entry,) = _entries(derivation.source.parent / "cache", "words")
    assert entry.stat().st_mode & 0o077 == 0  # replaced by one of this user only


def test_an_entry_under_another_key_is_not_read(derivation: Derivation) -> None:
    # An entry renamed (or copied) into the name of another key holds that other key.
    derivation.load()
    (entry,) = _entries(derivation.source.parent / "cache", "words")
    derivation.source.write_text("шахед\n", encoding="utf-8")
    key = cache.fingerprint([derivation.source])
    entry.rename(entry.with_name(f"words-{key[:32]}.marshal"))
    assert derivation.load()["words"] == ["шахед"]
    assert derivation.builds == 2


def test_an_unwritable_cache_directory_still_gives_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the directory should be: nothing can be written there, even by root.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "tgradar"))
    derivation = Derivation(tmp_path / "words.txt")
    derivation.source.write_text("дрон\n", encoding="utf-8")
    assert derivation.load()["words"] == ["дрон"]
    assert derivation.load()["words"] == ["дрон"]
    assert derivation.builds == 2  # derived in memory each time
    assert Gazetteer.load().region("RU-KRS") is not None


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() is None
    derivation = Derivation(tmp_path / "words.txt")
    derivation.source.write_text("дрон\n", encoding="utf-8")
    derivation.load()
    derivation.load()
    assert derivation.builds == 2
    assert list(tmp_path.iterdir()) == [derivation.source]


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "tgradar"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "tgradar"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignored
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "tgradar"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "own"))
    assert cache.cache_dir() == tmp_path / "own"


def test_old_entries_of_a_table_are_pruned(derivation: Derivation) -> None:
    for version in range(6):
        derivation.source.write_text(f"дрон {version}\n", encoding="utf-8")
        derivation.load()
    entries = _entries(derivation.source.parent / "cache", "words")
    assert len(entries) == 3
    assert derivation.load()["words"] == ["дрон", "5"]  # the newest is kept
    assert derivation.builds == 6


_RACE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.detect import cache
    source = Path(sys.argv[1])
    def build():
        words = source.read_text(encoding="utf-8").split()
        index = {f"{w}{i}": i for i in range(20000) for w in words}
        return {"words": words * 20000, "index": index}
    value = cache.cached("race", lambda: cache.fingerprint([source]), build, dict)
    print(len(value["words"]), len(value["index"]))
    """
)


def test_processes_starting_at_once_share_one_sound_entry(
    tmp_path: Path, cache_dir: Path
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("дрон ракета взрыв\n", encoding="utf-8")
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, str(source)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        for _ in range(4)
    ]
    outputs = [racer.communicate(timeout=120)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 4
    assert set(outputs) == {"60000 60000\n"}
    assert [p.name for p in cache_dir.iterdir() if p.suffix == ".tmp"] == []
    assert len(_entries(cache_dir, "race")) == 1

    def fail() -> dict:
        raise AssertionError("the entry should have been read")

    value = cache.cached("race", lambda: cache.fingerprint([source]), fail, dict)
    assert len(value["words"]) == 60000


def test_warming_writes_every_table_and_says_when_it_cannot(tmp_path: Path) -> None:
    def warm(directory: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot.detect.warm"],
            env={**os.environ, cache.CACHE_ENV: directory},
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )

    first = warm(str(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    assert first.stdout.count(" written") == 4
    again = warm(str(tmp_path / "cache"))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count(" read") == 4
    (tmp_path / "file").write_text("", encoding="utf-8")
    blocked = warm(str(tmp_path / "file" / "cache"))
    assert blocked.returncode == 1
    assert "could not write gazetteer, lexicon-data, lexicon-ru, lexicon-uk" in blocked.stderr
    assert "Traceback" not in blocked.stderr
