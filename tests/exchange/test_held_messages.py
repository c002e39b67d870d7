"""Why a change is held is stored without a language and said in the reader's, tables and columns by their
labels; a row from before (its sentence stored) is shown as stored (issue 15)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from safetywatch.domain.i18n import set_translator
from safetywatch.exchange import held_messages
from safetywatch.i18n import load_catalog
from safetywatch.paths import translations_dir


@pytest.fixture
def chinese() -> Iterator[None]:
    catalog = load_catalog(translations_dir("zh_CN"))
    set_translator(lambda text: catalog.get(text, text))
    yield
    set_translator(None)


def test_the_stored_message_has_no_language() -> None:
    stored = held_messages.stored("stale", columns=["description", "deadline"])
    assert json.loads(stored) == {"key": "stale", "params": {"columns": ["description", "deadline"]}}
    assert stored == held_messages.stored("stale", columns=["description", "deadline"])  # canonical


def test_it_is_said_in_english_with_labels() -> None:
    stale = held_messages.stored("stale", columns=["description", "deadline"])
    assert (
        held_messages.render(stale) == "The office's record changed since the station's copy (Description, Deadline)."
    )
    owner = held_messages.stored("not_owner", table="hazard_level")
    assert (
        held_messages.render(owner) == "Hazard levels belongs to the office; a station's change to it is not applied."
    )
    reference = held_messages.stored("missing.reference", table="hazard", id=7)
    assert held_messages.render(reference).startswith("It refers to Hazard records #7 of the station")


def test_it_is_said_in_chinese_with_labels(chinese: None) -> None:
    stale = held_messages.render(held_messages.stored("stale", columns=["description", "level_id"]))
    assert "隐患内容" in stale and "description" not in stale and "level_id" not in stale
    assert all(ord(c) < 0x2000 or c in "、，。（）：；" or "\u4e00" <= c <= "\u9fff" for c in stale)
    owner = held_messages.render(held_messages.stored("not_owner", table="hazard_level"))
    assert "hazard_level" not in owner and "安全科" in owner
    assert held_messages.cause_label("stale") == "安全科已先行修改"


def test_an_old_or_unknown_message_is_shown_as_stored() -> None:
    assert held_messages.render("安全科的记录在群监站修改前已变动（description）。") == (
        "安全科的记录在群监站修改前已变动（description）。"
    )
    unknown = json.dumps({"key": "from_a_newer_version", "params": {}})
    assert held_messages.render(unknown) == unknown
    assert held_messages.render("[1, 2]") == "[1, 2]" and held_messages.render(None) == ""
    assert held_messages.cause_label("from_a_newer_version") == "from_a_newer_version"


def test_a_message_key_must_be_known() -> None:
    with pytest.raises(ValueError, match=r"held_messages\.CAUSES"):
        held_messages.stored("no_such_cause")


def test_every_cause_has_its_label_and_message() -> None:
    for cause, known in held_messages.CAUSES.items():
        assert known.label and known.message and held_messages.MESSAGES[cause] == known.message
    for key in held_messages.VARIANTS:
        assert key.split(".")[0] in held_messages.CAUSES
