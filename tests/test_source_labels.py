"""bot/data/source_labels.toml: every source detection can cite has a label in every card
language, and the labels are what a reader of that language expects."""

import re

from bot.cards import LANGUAGES, source_label, source_labels
from bot.detect import sources


def cited_names() -> set[str]:
    return {name for name, _ in sources._OUTLETS} | set(sources.OFFICIAL_SOURCES)


def test_every_source_detection_names_has_a_label_in_every_language():
    labels = source_labels()
    assert set(labels) == cited_names()
    for name, by_language in labels.items():
        assert set(by_language) == set(LANGUAGES), name
        assert all(isinstance(v, str) and v.strip() for v in by_language.values()), name


def test_official_bodies_are_written_in_the_readers_language():
    for name in sources.OFFICIAL_SOURCES:
        assert re.search("[А-Яа-яЁё]", source_label(name, "ru")), name
        assert re.search("[А-Яа-яІіЇїЄєҐґ]", source_label(name, "uk")), name
        assert not re.search("[А-Яа-я]", source_label(name, "en")), name


def test_an_unknown_source_is_shown_as_given():
    assert source_label("Some Channel", "ru") == "Some Channel"
